/**
 * Every unmasking request in the log and its outcome, as an auditor can trust it: the log's
 * entries from the first up to a checkpoint signed by the pinned log key must hash to that
 * checkpoint's root (RFC 6962, leaves recomputed from each entry's kind and payload, never from a
 * served hash), so no entry was hidden, changed or added; only then are they paired by
 * listUnmaskings. The list is complete up to the checkpoint's size, and says so. Pure: the caller
 * fetches (the CLI from a file or a service, the browser console from the service it is served by).
 */
import { VouchError } from '../errors/index.js';
import { MemoryMerkleTree, encodeBase64, entryLeafHash, equalBytes, verifyCheckpoint } from '../log/index.js';
import type { LogEntryKind } from '../log/index.js';
import { listUnmaskings, type LogEntryView, type UnmaskingListing } from './list-unmaskings.js';

export interface AuditUnmaskingsOptions {
  /** The log's entries, at least indices 0 .. checkpoint size − 1 (later ones are not covered, and ignored). */
  entries: readonly LogEntryView[];
  /** A checkpoint of the log (signed note). */
  checkpoint: string;
  /** The log verifier key to check it under (`name+keyid+key`, pinned by the auditor). */
  logKey: string;
}

export interface AuditedUnmaskings extends UnmaskingListing {
  /** Entries checked: the checkpoint's tree size. */
  size: number;
  /** The checkpoint's root (base64), which the entries were found to produce. */
  rootHash: string;
}

/**
 * Lists every unmasking request and its outcome from log entries proven complete under a signed
 * checkpoint. CHECKPOINT_* when the checkpoint does not verify under the key, LOG_RANGE_INVALID
 * when entries are missing, LOG_INTEGRITY_FAILED when they do not give the signed root.
 */
export function auditUnmaskings(o: AuditUnmaskingsOptions): AuditedUnmaskings {
  const cp = verifyCheckpoint(o.checkpoint, o.logKey);
  const byIndex = new Map(o.entries.map((e) => [e.index, e]));
  const tree = new MemoryMerkleTree();
  const covered: LogEntryView[] = [];
  for (let i = 0; i < cp.size; i++) {
    const e = byIndex.get(i);
    if (!e)
      throw new VouchError('LOG_RANGE_INVALID', `entry ${i} is missing: the checkpoint covers ${cp.size} entries`, {
        details: { index: i, size: cp.size },
      });
    tree.appendLeafHash(entryLeafHash(e.kind as LogEntryKind, e.payload));
    covered.push(e);
  }
  if (!equalBytes(tree.rootHash(cp.size), cp.rootHash))
    throw new VouchError(
      'LOG_INTEGRITY_FAILED',
      `the ${cp.size} entries given do not produce the signed checkpoint's root: an entry was changed, left out or added`,
      { details: { size: cp.size } },
    );
  return { ...listUnmaskings(covered), size: cp.size, rootHash: encodeBase64(cp.rootHash) };
}
