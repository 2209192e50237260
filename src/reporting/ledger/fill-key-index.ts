/**
 * An exact set of fill keys (venue, account, trade id) with the line each was first seen on, for
 * duplicate detection over ledgers of millions of fills. A `Map<string, number>` costs ~190 bytes
 * per key in V8 (the concatenated key string, its flattened copy and the hash-table entry); this
 * keeps the UTF-8 bytes of every key in one growing buffer and an open-addressing table of int32
 * slots, ~50 bytes per key, and compares the actual bytes on every hash match, so there are no
 * false duplicates. Keys are joined with NUL, which validated ids cannot contain, so distinct
 * (venue, account, trade id) triples never share bytes.
 */

const EMPTY = -1;
const encoder = new TextEncoder();

export class FillKeyIndex {
  private pool: Uint8Array = new Uint8Array(1 << 16);
  private poolUsed = 0;
  // Per entry: offset and length of its key bytes in the pool, its hash, and its line.
  private offsets: Int32Array = new Int32Array(1 << 10);
  private lengths: Int32Array = new Int32Array(1 << 10);
  private hashes: Int32Array = new Int32Array(1 << 10);
  private lines: Int32Array = new Int32Array(1 << 10);
  private count = 0;
  // Open addressing (linear probing) over entry indexes; capacity a power of two, load ≤ 1/2.
  private slots: Int32Array = new Int32Array(1 << 11).fill(EMPTY);

  get size(): number {
    return this.count;
  }

  /** Adds a key seen on `line`; returns the line it was first seen on if it was already present. */
  add(venue: string, account: string, tradeId: string, line: number): number | undefined {
    const start = this.poolUsed;
    this.append(venue);
    this.append('\u0000');
    this.append(account);
    this.append('\u0000');
    this.append(tradeId);
    const length = this.poolUsed - start;
    const hash = fnv1a(this.pool, start, length);
    const mask = this.slots.length - 1;
    for (let s = hash & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s]!;
      if (e === EMPTY) {
        this.insert(s, start, length, hash, line);
        return undefined;
      }
      if (this.hashes[e] === hash && this.lengths[e] === length && this.same(this.offsets[e]!, start, length)) {
        this.poolUsed = start; // not kept
        return this.lines[e];
      }
    }
  }

  private insert(slot: number, offset: number, length: number, hash: number, line: number): void {
    if (this.count === this.offsets.length) {
      const grow = (a: Int32Array): Int32Array => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.offsets = grow(this.offsets);
      this.lengths = grow(this.lengths);
      this.hashes = grow(this.hashes);
      this.lines = grow(this.lines);
    }
    const e = this.count++;
    this.offsets[e] = offset;
    this.lengths[e] = length;
    this.hashes[e] = hash;
    this.lines[e] = line;
    this.slots[slot] = e;
    if (this.count * 2 > this.slots.length) this.rehash();
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let e = 0; e < this.count; e += 1) {
      let s = this.hashes[e]! & mask;
      while (slots[s] !== EMPTY) s = (s + 1) & mask;
      slots[s] = e;
    }
    this.slots = slots;
  }

  private append(text: string): void {
    // A UTF-16 code unit is at most 3 UTF-8 bytes.
    if (this.poolUsed + text.length * 3 > this.pool.length) {
      const bigger = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + text.length * 3));
      bigger.set(this.pool.subarray(0, this.poolUsed));
      this.pool = bigger;
    }
    this.poolUsed += encoder.encodeInto(text, this.pool.subarray(this.poolUsed)).written;
  }

  private same(a: number, b: number, length: number): boolean {
    const p = this.pool;
    for (let i = 0; i < length; i += 1) if (p[a + i] !== p[b + i]) return false;
    return true;
  }
}

/** 32-bit FNV-1a over bytes, then a murmur3 finaliser so the low bits (the slot) are well mixed. */
function fnv1a(bytes: Uint8Array, start: number, length: number): number {
  let h = 0x811c9dc5;
  for (let i = start; i < start + length; i += 1) h = Math.imul(h ^ bytes[i]!, 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h & 0x7fffffff;
}
