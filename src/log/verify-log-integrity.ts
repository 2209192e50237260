/**
 * The integrity check of a stored log (`vouch log verify`): every entry's stored leaf hash is the
 * hash of its stored body, the stored subtree hashes give the same root as the leaves recomputed
 * from scratch, and each checkpoint the operator published (and auditors may hold) is signed by
 * the log key and matches this log at its size. Run after a restore: a backup older than a
 * published checkpoint is a log that "forgot" entries auditors saw, and is refused here rather
 * than discovered later as a fork. Reads only; never repairs anything.
 */
import { VouchError } from '../errors/index.js';
import { verifyCheckpoint } from './checkpoint/verify-checkpoint.js';
import { equalBytes } from './hash.js';
import { encodeBase64 } from './lib/base64.js';
import { MemoryMerkleTree } from './memory-tree.js';
import type { TransparencyLog } from './transparency-log.js';

export interface LogIntegrityOptions {
  /** Signed checkpoints (notes) published earlier; each must be consistent with this log. */
  checkpoints?: readonly string[];
  /** The verifier key the checkpoints are checked under (default: this log's own key). */
  logKey?: string;
}

export interface LogIntegrityResult {
  size: number;
  rootHash: string;
  /** Sizes of the checkpoints found consistent, in the order given. */
  checkpoints: number[];
}

export function verifyLogIntegrity(log: TransparencyLog, options: LogIntegrityOptions = {}): LogIntegrityResult {
  const size = log.size();
  const tree = new MemoryMerkleTree();
  for (let i = 0; i < size; i++) {
    const recomputed = log.entry(i).leafHash;
    if (!equalBytes(recomputed, log.storedLeafHash(i))) {
      throw new VouchError('LOG_INTEGRITY_FAILED', `log entry ${i} does not hash to its stored leaf hash`, {
        details: { index: i },
      });
    }
    tree.appendLeafHash(recomputed);
  }
  const root = log.rootHash(size);
  if (!equalBytes(tree.rootHash(size), root)) {
    throw new VouchError(
      'LOG_INTEGRITY_FAILED',
      'the stored subtree hashes do not give the root of the stored entries',
      { details: { size } },
    );
  }
  const checked: number[] = [];
  const key = options.logKey ?? (options.checkpoints?.length ? log.verifierKey() : undefined);
  for (const note of options.checkpoints ?? []) {
    const cp = publishedCheckpoint(note, key!, size);
    sameRoot(cp, log.rootHash(cp.size));
    checked.push(cp.size);
  }
  return { size, rootHash: encodeBase64(root), checkpoints: checked };
}

/**
 * A checkpoint the operator published: signed under `key`, and not larger than the log (a restore
 * from an older backup "forgets" entries auditors may have seen). LOG_INTEGRITY_FAILED otherwise.
 */
export function publishedCheckpoint(note: string, key: string, size: number): { size: number; rootHash: Uint8Array } {
  const cp = verifyCheckpoint(note, key);
  if (cp.size > size) {
    throw new VouchError(
      'LOG_INTEGRITY_FAILED',
      `a published checkpoint has ${cp.size} entries but this log only ${size}: it lost entries auditors may have seen (restored from an older backup?)`,
      {
        details: { checkpointSize: cp.size, size },
      },
    );
  }
  return cp;
}

/** The log's root at the checkpoint's size is the one the checkpoint signed (LOG_INTEGRITY_FAILED otherwise). */
export function sameRoot(cp: { size: number; rootHash: Uint8Array }, root: Uint8Array): void {
  if (!equalBytes(cp.rootHash, root)) {
    throw new VouchError(
      'LOG_INTEGRITY_FAILED',
      `a published checkpoint at size ${cp.size} has another root than this log at that size`,
      { details: { checkpointSize: cp.size } },
    );
  }
}
