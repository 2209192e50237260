/**
 * Offline check that a tree of size `toSize` extends one of size `fromSize` (append-only):
 * RFC 9162 §2.1.4.2, step by step. Pure, for auditors. Semantics match transparency-dev/merkle,
 * whose vectors the tests run: fromSize 0 is always rejected (an empty tree proves nothing),
 * equal sizes need an empty proof and byte-equal roots.
 */
import { VouchError } from '../errors/index.js';
import { HASH_SIZE, equalBytes, hashChildren } from './hash.js';
import { half, isIndex, isOdd } from './lib/tree-math.js';

export interface VerifyConsistencyInput {
  fromSize: number;
  toSize: number;
  fromRoot: Uint8Array;
  toRoot: Uint8Array;
  /** consistency_path as produced by PROOF(m, D[n]). */
  proof: readonly Uint8Array[];
}

/** Checks an RFC 9162 consistency proof: the tree of `fromSize` is a prefix of the tree of `toSize` (append-only); throws LOG_CONSISTENCY_INVALID otherwise. */
export function verifyConsistency(input: VerifyConsistencyInput): void {
  const { fromSize, toSize, fromRoot, toRoot, proof } = input;
  if (!isIndex(fromSize) || !isIndex(toSize)) fail('sizes must be non-negative integers');
  if (!(fromRoot instanceof Uint8Array) || !(toRoot instanceof Uint8Array)) fail('roots must be byte strings');
  if (!Array.isArray(proof)) fail('proof must be a list of hashes');
  if (fromSize === 0) fail('a consistency proof from the empty tree proves nothing');
  if (fromSize > toSize) fail('the first tree is larger than the second');
  if (fromSize === toSize) {
    if (proof.length !== 0) fail('equal sizes need an empty proof');
    if (!equalBytes(fromRoot, toRoot)) fail('equal sizes with different roots');
    return;
  }
  if (proof.length === 0) fail('empty proof');
  if (fromRoot.length !== HASH_SIZE || toRoot.length !== HASH_SIZE) fail('roots must be 32 bytes');
  for (const c of proof) {
    if (!(c instanceof Uint8Array) || c.length !== HASH_SIZE) fail('proof element must be 32 bytes');
  }
  // Step 2: if the old tree is a complete subtree its root is the first path element.
  const path = isPowerOfTwo(fromSize) ? [fromRoot, ...proof] : [...proof];
  let fn = fromSize - 1;
  let sn = toSize - 1;
  while (isOdd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0] as Uint8Array;
  let sr = fr;
  for (let i = 1; i < path.length; i++) {
    const c = path[i] as Uint8Array;
    if (sn === 0) fail('proof is longer than needed');
    if (isOdd(fn) || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      if (!isOdd(fn)) {
        while (!isOdd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  if (sn !== 0) fail('proof is shorter than needed');
  if (!equalBytes(fr, fromRoot)) fail('proof does not lead to the first root');
  if (!equalBytes(sr, toRoot)) fail('proof does not lead to the second root');
}

function isPowerOfTwo(n: number): boolean {
  let p = 1;
  while (p < n) p *= 2;
  return p === n;
}

function fail(reason: string): never {
  throw new VouchError('LOG_CONSISTENCY_INVALID', `consistency proof rejected: ${reason}`, { details: { reason } });
}
