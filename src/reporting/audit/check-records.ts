/**
 * Records against the commitment. With every record present the root is recomputed from all of
 * them; otherwise (a disclosure) each present record must carry a valid inclusion proof.
 */
import { isVouchError } from '../../errors/index.js';
import { MemoryMerkleTree, decodeBase64, decodeHash, encodeBase64, verifyInclusion } from '../../log/index.js';
import { recordLeafHash, SALT_BYTES, type ReportBundle } from '../bundle/index.js';
import { fail, pass, type AuditCheck } from './types.js';

export function checkRecords(bundle: ReportBundle): { check: AuditCheck; complete: boolean } {
  const { count } = bundle.commitment;
  const root = decodeHash(bundle.commitment.root);
  const records = bundle.records;
  const complete = records.length === count && records.every((r, i) => r.index === i);
  const mismatch = (detail: string) => ({ check: fail('records', 'BUNDLE_RECORD_MISMATCH', detail), complete });
  if (root === undefined) return mismatch('commitment root is not a base64 32-byte hash');

  const seen = new Set<number>();
  const leaves: Uint8Array[] = [];
  for (const r of records) {
    if (r.index >= count) return mismatch(`record ${r.index} is outside the commitment (count ${count})`);
    if (seen.has(r.index)) return mismatch(`record ${r.index} appears twice`);
    seen.add(r.index);
    const salt = decodeBase64(r.salt);
    if (salt === undefined || salt.length !== SALT_BYTES)
      return mismatch(`record ${r.index}: salt is not ${SALT_BYTES} base64 bytes`);
    let leaf: Uint8Array;
    try {
      leaf = recordLeafHash(salt, r.record);
    } catch {
      return mismatch(`record ${r.index} is not plain JSON data`);
    }
    leaves.push(leaf);
    if (r.proof !== undefined || !complete) {
      const proof = (r.proof ?? []).map(decodeHash);
      if (proof.some((p) => p === undefined)) return mismatch(`record ${r.index}: proof is not base64 32-byte hashes`);
      try {
        verifyInclusion({
          leafIndex: r.index,
          treeSize: count,
          leafHash: leaf,
          proof: proof as Uint8Array[],
          rootHash: root,
        });
      } catch (err) {
        if (!isVouchError(err)) throw err;
        return mismatch(`record ${r.index} is not in the commitment`);
      }
    }
  }
  if (complete) {
    const recomputed = MemoryMerkleTree.fromLeafHashes(leaves).rootHash();
    if (encodeBase64(recomputed) !== bundle.commitment.root)
      return mismatch('the records do not hash to the commitment root');
    return { check: pass('records', `all ${count} records match the commitment`), complete };
  }
  return {
    check: pass('records', `${records.length} of ${count} records disclosed, each proven against the commitment`),
    complete,
  };
}
