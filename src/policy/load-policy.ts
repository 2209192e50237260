/**
 * Reads policy documents from disk and compiles them. The only I/O in src/policy. A directory
 * load refuses two documents with the same id@version: the pair must name one document.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { VouchError, isVouchError } from '../errors/index.js';
import { compilePolicy, type CompiledPolicy } from './compile-policy.js';

/** A policy document is small; anything bigger is a mistake or an attack. */
const MAX_POLICY_BYTES = 256 * 1024;

/** Compiles one policy file. Errors carry details.file beside details.path. */
export async function loadPolicy(path: string): Promise<CompiledPolicy> {
  let text: string;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file'); // a directory, a device (/dev/zero never ends)
    if (info.size > MAX_POLICY_BYTES) {
      throw new VouchError('INPUT_TOO_LARGE', `policy file is larger than ${MAX_POLICY_BYTES} bytes`, {
        details: { file: path },
      });
    }
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(path));
  } catch (err) {
    if (isVouchError(err)) throw err;
    if (err instanceof TypeError)
      throw new VouchError('POLICY_INVALID', 'the policy file is not valid UTF-8', {
        details: { file: path, path: '$' },
      });
    throw new VouchError('FILE_UNREADABLE', 'cannot read the policy file', { cause: err, details: { file: path } });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new VouchError('POLICY_INVALID', 'the policy file is not valid JSON', {
      cause: err,
      details: { file: path, path: '$' },
    });
  }
  try {
    return compilePolicy(doc);
  } catch (err) {
    if (isVouchError(err))
      throw new VouchError(err.code, `${basename(path)}: ${err.message}`, {
        cause: err,
        details: { ...err.details, file: path },
      });
    throw err;
  }
}

/** Every *.json policy in `dir` (not recursive; schema.json is skipped), sorted by file name. */
export async function loadPolicies(dir: string): Promise<CompiledPolicy[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.json') && n !== 'schema.json').sort();
  } catch (err) {
    throw new VouchError('FILE_UNREADABLE', 'cannot read the policy directory', { cause: err, details: { file: dir } });
  }
  const policies: CompiledPolicy[] = [];
  const seen = new Map<string, string>();
  for (const name of names) {
    const file = join(dir, name);
    const policy = await loadPolicy(file);
    const other = seen.get(policy.ref);
    if (other !== undefined) {
      throw new VouchError('POLICY_INVALID', `${name}: ${policy.ref} is already defined by ${basename(other)}`, {
        details: { file, path: '$.version', duplicateOf: other },
      });
    }
    seen.set(policy.ref, file);
    policies.push(policy);
  }
  return policies;
}
