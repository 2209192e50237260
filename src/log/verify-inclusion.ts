/**
 * Offline check that a leaf is in a tree of a given size and root: RFC 9162 §2.1.3.2, step by
 * step. Pure (no store, no I/O) so auditors can run it anywhere. Everything is untrusted input:
 * failures throw VouchError LOG_INCLUSION_INVALID with a reason, never a partial result.
 */
import { VouchError } from '../errors/index.js';
import { HASH_SIZE, equalBytes, hashChildren } from './hash.js';
import { half, isIndex, isOdd } from './lib/tree-math.js';

export interface VerifyInclusionInput {
  leafIndex: number;
  treeSize: number;
  /** The leaf hash, i.e. SHA-256(0x00 || entry bytes). */
  leafHash: Uint8Array;
  /** inclusion_path, leaf to root. */
  proof: readonly Uint8Array[];
  rootHash: Uint8Array;
}

/** Checks an RFC 9162 inclusion proof: the leaf at `leafIndex` is in the tree of `treeSize` with root `rootHash`; throws LOG_INCLUSION_INVALID otherwise. */
export function verifyInclusion(input: VerifyInclusionInput): void {
  const root = rootFromInclusionProof(input);
  if (!equalBytes(root, input.rootHash)) fail('computed root differs from the expected root');
}

/** Steps 1–4 of §2.1.3.2 plus the `sn == 0` test of step 5: the root the proof implies. */
export function rootFromInclusionProof(input: Omit<VerifyInclusionInput, 'rootHash'>): Uint8Array {
  const { leafIndex, treeSize, leafHash, proof } = input;
  if (!isIndex(leafIndex) || !isIndex(treeSize)) fail('index and size must be non-negative integers');
  if (leafIndex >= treeSize) fail('leaf index is not below the tree size');
  if (!(leafHash instanceof Uint8Array) || leafHash.length !== HASH_SIZE) fail('leaf hash must be 32 bytes');
  if (!Array.isArray(proof)) fail('proof must be a list of hashes');
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leafHash;
  for (const p of proof) {
    if (!(p instanceof Uint8Array) || p.length !== HASH_SIZE) fail('proof element must be 32 bytes');
    if (sn === 0) fail('proof is longer than the path');
    if (isOdd(fn) || fn === sn) {
      r = hashChildren(p, r);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = hashChildren(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) fail('proof is shorter than the path');
  return r;
}

function fail(reason: string): never {
  throw new VouchError('LOG_INCLUSION_INVALID', `inclusion proof rejected: ${reason}`, { details: { reason } });
}
