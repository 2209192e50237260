/**
 * File arguments of the CLI: read with a size limit, parsed with coded errors that name the file
 * (never its content), and outputs written atomically (temp file + rename) so a crash never leaves
 * half a credential or proof behind.
 */
import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname, basename, join, resolve as resolvePath } from 'node:path';
import { VouchError } from '../errors/index.js';

export const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export function readTextFile(path: string, maxBytes = MAX_INPUT_BYTES): string {
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a regular file');
    size = st.size;
  } catch (err) {
    throw new VouchError('FILE_UNREADABLE', `cannot read ${path}`, { cause: err, details: { path } });
  }
  if (size > maxBytes)
    throw new VouchError('INPUT_TOO_LARGE', `${path} is larger than ${maxBytes} bytes`, { details: { path } });
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (err) {
    throw new VouchError('FILE_UNREADABLE', `cannot read ${path}`, { cause: err, details: { path } });
  }
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  try {
    return text.decode(buf);
  } catch {
    throw new VouchError('INPUT_INVALID', `${path} is not valid UTF-8`, { details: { path } });
  }
}

/** A JSON file (or standard input for "-"): size-limited, strict UTF-8, coded errors naming the path. */
export function readJson(path: string, maxBytes = MAX_INPUT_BYTES): unknown {
  const text = path === '-' ? readStdin(maxBytes) : readTextFile(path, maxBytes);
  try {
    return JSON.parse(text);
  } catch {
    throw new VouchError('INPUT_INVALID', `${path} is not valid JSON`, { details: { path } });
  }
}

/** Writes `content` to `path` atomically; refuses to overwrite unless `overwrite`. */
export function writeOutput(path: string, content: string, o: { mode?: number; overwrite?: boolean } = {}): void {
  const tmp = join(dirname(path), `.${basename(path)}.tmp-${process.pid}`);
  try {
    const fd = openSync(tmp, 'w', o.mode ?? 0o644);
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (!o.overwrite) {
      try {
        statSync(path);
        throw new VouchError('CONFLICT', `${path} already exists (use --force to overwrite)`, { details: { path } });
      } catch (err) {
        if (err instanceof VouchError) throw err;
      }
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    if (err instanceof VouchError) throw err;
    throw new VouchError('FILE_UNREADABLE', `cannot write ${path}`, { cause: err, details: { path } });
  }
}

export function json(value: unknown): string {
  return `${JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`;
}

/**
 * Checks, before any work or state change, that `path` can receive an output file: its directory
 * exists, it is not itself a directory, and (unless `overwrite`) nothing is there yet. Commands
 * call it first so a bad --out never leaves a credential issued, a log entry appended or seconds
 * of proving spent with nowhere to put the result.
 */
export function assertOutputPath(path: string, o: { overwrite?: boolean } = {}): void {
  let parent;
  try {
    parent = statSync(dirname(resolvePath(path)));
  } catch (err) {
    throw new VouchError('FILE_UNREADABLE', `cannot write ${path}: its directory does not exist`, {
      cause: err,
      details: { path },
    });
  }
  if (!parent.isDirectory())
    throw new VouchError('FILE_UNREADABLE', `cannot write ${path}: its parent is not a directory`, {
      details: { path },
    });
  let existing;
  try {
    existing = statSync(path);
  } catch {
    return; // nothing there yet
  }
  if (existing.isDirectory())
    throw new VouchError('FILE_UNREADABLE', `cannot write ${path}: it is a directory`, { details: { path } });
  if (!o.overwrite)
    throw new VouchError('CONFLICT', `${path} already exists (use --force to overwrite)`, { details: { path } });
}

/**
 * Checks that `dir` can receive a command's output files without overwriting any: it does not
 * exist yet (it will be made) or is an empty directory — unless `overwrite` (--force).
 */
export function assertEmptyOutputDir(dir: string, overwrite: boolean): void {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory())
      throw new VouchError('FILE_UNREADABLE', `cannot write into ${dir}: it is not a directory`, {
        details: { path: dir },
      });
    entries = readdirSync(dir);
  } catch (err) {
    if (err instanceof VouchError) throw err;
    return; // nothing there yet
  }
  if (entries.length > 0 && !overwrite)
    throw new VouchError('CONFLICT', `${dir} already holds files (use --force to overwrite them)`, {
      details: { path: dir },
    });
}

/** Bytes as UTF-8 text, refusing invalid sequences (INPUT_INVALID naming the file, never its content). */
export function decodeUtf8(bytes: Uint8Array, path: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new VouchError('INPUT_INVALID', `${path} is not valid UTF-8`, { details: { path } });
  }
}

function readStdin(maxBytes: number): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(0);
  } catch (err) {
    throw new VouchError('FILE_UNREADABLE', 'cannot read standard input', { cause: err, details: { path: '-' } });
  }
  if (bytes.length > maxBytes)
    throw new VouchError('INPUT_TOO_LARGE', `standard input is larger than ${maxBytes} bytes`, {
      details: { path: '-' },
    });
  return decodeUtf8(bytes, '-');
}
