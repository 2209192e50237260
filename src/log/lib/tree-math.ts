/**
 * Index arithmetic for RFC 6962 trees. Sizes and indexes are JS numbers up to 2^53 - 1, so this
 * uses division, never bitwise operators (which truncate to 32 bits).
 */

/** RFC 6962 §2.1 split point: the largest power of two strictly less than n (n >= 2). */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** floor(log2(n)) for n >= 1. */
export function floorLog2(n: number): number {
  let l = 0;
  let p = 1;
  while (p * 2 <= n) {
    p *= 2;
    l++;
  }
  return l;
}

export function isOdd(n: number): boolean {
  return n % 2 === 1;
}

export function half(n: number): number {
  return Math.floor(n / 2);
}

/** A non-negative safe integer (what sizes and indexes must be). */
export function isIndex(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/**
 * Where the hash of node (level, n) lives in the dense, append-ordered numbering of Go's
 * sumdb/tlog (`StoredHashIndex`): level L's n'th hash is stored right after level L+1's
 * (2n+1)'th hash, so appending leaf i writes ids StoredHashIndex(0, i) … consecutively. Appends
 * therefore always extend the end of the SQLite B-tree.
 */
export function storedHashIndex(level: number, n: number): number {
  let m = n;
  for (let l = level; l > 0; l--) m = 2 * m + 1;
  let i = 0;
  for (; m > 0; m = half(m)) i += m;
  return i + level;
}
