/**
 * An issuer's revocation bitmap: 2^20 bits (1 = revoked), grouped in 1024 leaves of 8 words of 128
 * bits; leaf = Poseidon(8 words); leaves form a 4-ary tree of depth 5 (circuits/lib/status.circom).
 */
import { poseidon } from '../poseidon.js';
import { QuadTree, type QuadPath } from './quad-tree.js';

export const STATUS_CAPACITY = 1 << 20;
const WORDS = 8;
const WORD_BITS = 128;
const BITS_PER_LEAF = WORDS * WORD_BITS;
const EMPTY_WORDS: readonly bigint[] = new Array<bigint>(WORDS).fill(0n);

export interface NonRevocationWitness {
  index: number;
  words: bigint[];
  path: QuadPath;
  root: bigint;
}

export class StatusBitmap {
  private readonly tree = new QuadTree(5, poseidon(EMPTY_WORDS));
  private readonly words = new Map<number, bigint[]>();

  /** Builds a bitmap with the given revoked indexes. */
  static fromRevoked(indexes: Iterable<number>): StatusBitmap {
    const b = new StatusBitmap();
    for (const i of indexes) b.revoke(i);
    return b;
  }

  get root(): bigint {
    return this.tree.root;
  }

  isRevoked(index: number): boolean {
    const { leaf, word, bit } = locate(index);
    const w = this.words.get(leaf)?.[word] ?? 0n;
    return ((w >> BigInt(bit)) & 1n) === 1n;
  }

  revoke(index: number): void {
    const { leaf, word, bit } = locate(index);
    const ws = [...(this.words.get(leaf) ?? EMPTY_WORDS)];
    ws[word] = ws[word]! | (1n << BigInt(bit));
    this.words.set(leaf, ws);
    this.tree.set(leaf, poseidon(ws));
  }

  /** The circuit's witness for `index`; valid whether or not the bit is set (the circuit decides). */
  witness(index: number): NonRevocationWitness {
    const { leaf } = locate(index);
    return { index, words: [...(this.words.get(leaf) ?? EMPTY_WORDS)], path: this.tree.path(leaf), root: this.root };
  }
}

function locate(index: number): { leaf: number; word: number; bit: number } {
  if (!Number.isInteger(index) || index < 0 || index >= STATUS_CAPACITY)
    throw new RangeError('credential index out of range');
  return {
    leaf: Math.floor(index / BITS_PER_LEAF),
    word: Math.floor((index % BITS_PER_LEAF) / WORD_BITS),
    bit: index % WORD_BITS,
  };
}
