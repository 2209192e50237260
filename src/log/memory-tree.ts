/**
 * An in-memory RFC 6962 tree: the same proofs as the persisted log, for small trees built in one
 * go (a report bundle's record commitment, tests). Keeps every complete subtree hash, ~2n hashes.
 */
import { hashChildren, hashLeaf } from './hash.js';
import { consistencyPath, inclusionPath, rangeHash, type SubtreeReader } from './lib/subtrees.js';

export class MemoryMerkleTree implements SubtreeReader {
  /** levels[l][n] = hash of the complete subtree of 2^l leaves starting at n·2^l. */
  readonly #levels: Uint8Array[][] = [[]];

  /** A tree over leaf *hashes* (already SHA-256(0x00 || input)). */
  static fromLeafHashes(leafHashes: Iterable<Uint8Array>): MemoryMerkleTree {
    const t = new MemoryMerkleTree();
    for (const h of leafHashes) t.appendLeafHash(h);
    return t;
  }

  /** A tree over leaf inputs, hashed with the RFC 6962 leaf prefix. */
  static fromLeaves(leaves: Iterable<Uint8Array>): MemoryMerkleTree {
    const t = new MemoryMerkleTree();
    for (const d of leaves) t.appendLeafHash(hashLeaf(d));
    return t;
  }

  get size(): number {
    return (this.#levels[0] as Uint8Array[]).length;
  }

  appendLeafHash(leafHash: Uint8Array): number {
    const index = this.size;
    let h = leafHash;
    let n = index;
    for (let level = 0; ; level++) {
      const row = this.#levels[level] ?? (this.#levels[level] = []);
      row[n] = h;
      if (n % 2 === 0) break;
      h = hashChildren(row[n - 1] as Uint8Array, h);
      n = (n - 1) / 2;
    }
    return index;
  }

  node(level: number, n: number): Uint8Array {
    const h = this.#levels[level]?.[n];
    if (h === undefined) throw new RangeError(`no complete subtree at level ${level}, index ${n}`);
    return h;
  }

  leafHash(index: number): Uint8Array {
    return this.node(0, index);
  }

  rootHash(size: number = this.size): Uint8Array {
    this.#checkSize(size);
    return rangeHash(this, 0, size);
  }

  inclusionProof(index: number, size: number = this.size): Uint8Array[] {
    this.#checkSize(size);
    return inclusionPath(this, index, size);
  }

  consistencyProof(fromSize: number, toSize: number = this.size): Uint8Array[] {
    this.#checkSize(toSize);
    return consistencyPath(this, fromSize, toSize);
  }

  #checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) throw new RangeError('size outside the tree');
  }
}
