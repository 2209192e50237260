/**
 * A 4-ary Poseidon Merkle tree of fixed depth, the layout `QuadMerkleRoot` checks in the circuit.
 * Sparse: absent leaves take `emptyLeaf`, and whole empty subtrees take precomputed hashes, so a
 * tree of 4^depth leaves costs memory only for the leaves that are set.
 */
import { poseidon } from '../poseidon.js';

export interface QuadPath {
  /** All four children at each level, leaf level first (the node's own slot included). */
  children: bigint[][];
  /** Position of the leaf, < 4^depth. */
  index: number;
}

export class QuadTree {
  readonly depth: number;
  readonly capacity: number;
  /** empty[l] = hash of an all-empty subtree whose root is at level l (0 = leaf). */
  private readonly empty: bigint[];
  /** levels[l] maps node index -> hash, only for non-empty nodes. */
  private readonly levels: Map<number, bigint>[];

  constructor(depth: number, emptyLeaf = 0n) {
    if (!Number.isInteger(depth) || depth < 1 || depth > 15) throw new RangeError('depth must be 1..15');
    this.depth = depth;
    this.capacity = 4 ** depth;
    this.empty = [emptyLeaf];
    for (let l = 1; l <= depth; l++) {
      const e = this.empty[l - 1]!;
      this.empty.push(poseidon([e, e, e, e]));
    }
    this.levels = Array.from({ length: depth + 1 }, () => new Map<number, bigint>());
  }

  get root(): bigint {
    return this.node(this.depth, 0);
  }

  leaf(index: number): bigint {
    return this.node(0, index);
  }

  set(index: number, leaf: bigint): void {
    this.assertIndex(index);
    this.levels[0]!.set(index, leaf);
    let i = index;
    for (let l = 1; l <= this.depth; l++) {
      i = Math.floor(i / 4);
      const base = i * 4;
      const h = poseidon([
        this.node(l - 1, base),
        this.node(l - 1, base + 1),
        this.node(l - 1, base + 2),
        this.node(l - 1, base + 3),
      ]);
      this.levels[l]!.set(i, h);
    }
  }

  path(index: number): QuadPath {
    this.assertIndex(index);
    const children: bigint[][] = [];
    let i = index;
    for (let l = 0; l < this.depth; l++) {
      const base = i - (i % 4);
      children.push([0, 1, 2, 3].map((k) => this.node(l, base + k)));
      i = Math.floor(i / 4);
    }
    return { children, index };
  }

  /** Recomputes the root from a leaf and its path: what the circuit does. */
  static rootFromPath(leaf: bigint, path: QuadPath): bigint {
    let node = leaf;
    let i = path.index;
    for (const level of path.children) {
      if (level.length !== 4 || level[i % 4] !== node) return -1n;
      node = poseidon(level);
      i = Math.floor(i / 4);
    }
    return node;
  }

  private node(level: number, index: number): bigint {
    return this.levels[level]!.get(index) ?? this.empty[level]!;
  }

  private assertIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.capacity)
      throw new RangeError(`index out of range 0..${this.capacity - 1}`);
  }
}
