/**
 * `vouch log verify` on either store: what the store keeps beside the entries recomputes from the
 * entries' bodies (SQLite: leaf hashes and the root; PostgreSQL: every stored subtree hash), and
 * each published checkpoint is signed by the log key and matches this log at its size. The same
 * refusals as verifyLogIntegrity: a corrupt PostgreSQL log (LOG_STATE_CORRUPT) is reported as
 * LOG_INTEGRITY_FAILED, so an operator's script sees one code whatever the store.
 */
import { VouchError } from '../errors/index.js';
import type { AnyTransparencyLog } from './any-log.js';
import { encodeBase64 } from './lib/base64.js';
import {
  publishedCheckpoint,
  sameRoot,
  type LogIntegrityOptions,
  type LogIntegrityResult,
} from './verify-log-integrity.js';

export async function verifyAnyLogIntegrity(
  log: AnyTransparencyLog,
  options: LogIntegrityOptions = {},
): Promise<LogIntegrityResult> {
  let size: number;
  try {
    ({ size } = await log.verifyStoredHashes());
  } catch (e) {
    if (e instanceof VouchError && e.code === 'LOG_STATE_CORRUPT') {
      throw new VouchError('LOG_INTEGRITY_FAILED', e.message, { details: e.details });
    }
    throw e;
  }
  const root = await log.rootHash(size);
  const checked: number[] = [];
  const key = options.logKey ?? (options.checkpoints?.length ? log.verifierKey() : undefined);
  for (const note of options.checkpoints ?? []) {
    const cp = publishedCheckpoint(note, key!, size);
    sameRoot(cp, await log.rootHash(cp.size));
    checked.push(cp.size);
  }
  return { size, rootHash: encodeBase64(root), checkpoints: checked };
}
