/**
 * Selective disclosure: a copy of a full bundle that keeps the signed body, signature and log
 * section but only the chosen records, each with its salt and Merkle inclusion proof against the
 * commitment. The other records' salts never leave the full bundle, so their hashes reveal nothing.
 */
import { VouchError } from '../../errors/index.js';
import { MemoryMerkleTree, decodeBase64, encodeBase64 } from '../../log/index.js';
import { recordLeafHash } from './bundle-body.js';
import type { ReportBundle } from './types.js';

export function discloseRecords(bundle: ReportBundle, indexes: readonly number[]): ReportBundle {
  const all = bundle.records;
  const count = bundle.commitment.count;
  if (all.length !== count || all.some((r, i) => r.index !== i)) {
    throw new VouchError('INPUT_INVALID', 'disclosure needs the full bundle (every record, in order)');
  }
  const chosen = [...new Set(indexes)].sort((a, b) => a - b);
  for (const i of chosen) {
    if (!Number.isSafeInteger(i) || i < 0 || i >= count) {
      throw new VouchError('INPUT_INVALID', `record index ${String(i)} is not in the bundle (0..${count - 1})`, {
        details: { index: i },
      });
    }
  }
  const tree = MemoryMerkleTree.fromLeafHashes(
    all.map((r) => {
      const salt = decodeBase64(r.salt);
      if (salt === undefined)
        throw new VouchError('BUNDLE_MALFORMED', 'a record salt is not base64', { details: { index: r.index } });
      return recordLeafHash(salt, r.record);
    }),
  );
  if (encodeBase64(tree.rootHash()) !== bundle.commitment.root) {
    throw new VouchError('BUNDLE_RECORD_MISMATCH', 'the records do not match the bundle commitment');
  }
  return {
    ...bundle,
    records: chosen.map((i) => {
      const r = all[i]!;
      return { index: i, salt: r.salt, record: r.record, proof: tree.inclusionProof(i).map(encodeBase64) };
    }),
  };
}
