/**
 * RFC 6962 §2.1 recursion (MTH, PATH, SUBPROOF) driven by a store of *complete* subtree hashes:
 * node(level, n) covers leaves [n·2^level, (n+1)·2^level). Any subtree the recursion visits is
 * either complete (one lookup) or lies on the right edge of the tree, whose hash is folded from at
 * most log2(size) complete nodes. A proof therefore costs O(log n) lookups and hashes, whatever
 * the store (memory or SQLite).
 */
import { EMPTY_ROOT, hashChildren } from '../hash.js';
import { floorLog2, splitPoint } from './tree-math.js';

export interface SubtreeReader {
  /** Hash of the complete subtree of 2^level leaves starting at leaf n·2^level. */
  node(level: number, n: number): Uint8Array;
}

/** MTH(D[start:end]) for a range the RFC recursion visits (start aligned to the range's span). */
export function rangeHash(reader: SubtreeReader, start: number, end: number): Uint8Array {
  if (end === start) {
    if (start !== 0) throw new RangeError('empty range inside a tree');
    return EMPTY_ROOT;
  }
  const parts: Uint8Array[] = [];
  let pos = start;
  let remaining = end - start;
  for (let level = floorLog2(remaining); remaining > 0; level--) {
    const span = 2 ** level;
    if (remaining < span) continue;
    if (pos % span !== 0) throw new RangeError('range is not aligned to a subtree');
    parts.push(reader.node(level, pos / span));
    pos += span;
    remaining -= span;
  }
  let h = parts[parts.length - 1] as Uint8Array;
  for (let i = parts.length - 2; i >= 0; i--) h = hashChildren(parts[i] as Uint8Array, h);
  return h;
}

/** PATH(m, D[0:size]) (RFC 6962 §2.1.1), ordered leaf to root as RFC 9162 verifiers expect. */
export function inclusionPath(reader: SubtreeReader, index: number, size: number): Uint8Array[] {
  if (!(index >= 0 && index < size)) throw new RangeError('index outside the tree');
  const path: Uint8Array[] = [];
  let start = 0;
  let end = size;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (index < start + k) {
      path.push(rangeHash(reader, start + k, end));
      end = start + k;
    } else {
      path.push(rangeHash(reader, start, start + k));
      start += k;
    }
  }
  return path.reverse();
}

/** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true) (RFC 6962 §2.1.2); empty when m == n. */
export function consistencyPath(reader: SubtreeReader, m: number, n: number): Uint8Array[] {
  if (!(m >= 1 && m <= n)) throw new RangeError('need 1 <= m <= n');
  const path: Uint8Array[] = [];
  if (m === n) return path;
  let start = 0;
  let end = n;
  let wholeOldTree = true; // SUBPROOF's b: the old tree is still a prefix of this subtree
  for (;;) {
    const len = end - start;
    const mm = m - start;
    if (mm === len) {
      if (!wholeOldTree) path.push(rangeHash(reader, start, end));
      break;
    }
    const k = splitPoint(len);
    if (mm <= k) {
      path.push(rangeHash(reader, start + k, end));
      end = start + k;
    } else {
      path.push(rangeHash(reader, start, start + k));
      start += k;
      wholeOldTree = false;
    }
  }
  return path.reverse();
}
