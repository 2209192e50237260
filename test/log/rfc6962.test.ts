/**
 * RFC 6962 / RFC 9162 hashing and proof verification against transparency-dev/merkle's published
 * vectors (../shared/fixtures/rfc6962, see its PROVENANCE.md).
 */
import { describe, expect, it } from 'vitest';
import { VouchError } from '../../src/errors/index.js';
import {
  EMPTY_ROOT,
  MemoryMerkleTree,
  hashChildren,
  hashLeaf,
  verifyConsistency,
  verifyInclusion,
} from '../../src/log/index.js';
import { b64, fixture, fromHex, toHex } from './lib/fixtures.js';

interface Tree8 {
  leafInputs: string[];
  leafHashes: string[];
  nodeHashesByLevel: string[][];
  rootHashesBySize: string[];
  hasherVectors: { desc: string; leafUtf8?: string; leftUtf8?: string; rightUtf8?: string; want: string }[];
}
interface InclusionVector {
  file: string;
  leafIdx: number;
  treeSize: number;
  root: string;
  leafHash: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}
interface ConsistencyVector {
  file: string;
  size1: number;
  size2: number;
  root1: string;
  root2: string;
  proof: string[] | null;
  desc: string;
  wantErr: boolean;
}

const tree8 = fixture<Tree8>('rfc6962', 'tree-8-leaves.json');
const inclusion = fixture<{ count: number; vectors: InclusionVector[] }>('rfc6962', 'inclusion-vectors.json');
const consistency = fixture<{ count: number; vectors: ConsistencyVector[] }>('rfc6962', 'consistency-vectors.json');
const utf8 = (s: string) => new TextEncoder().encode(s);
const leaves = tree8.leafInputs.map(fromHex);

function codeOf(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (!(err instanceof VouchError)) throw err;
    return err.code;
  }
}

describe('RFC 6962 hashing', () => {
  it('matches the hasher vectors (empty root, leaf and children prefixes)', () => {
    for (const v of tree8.hasherVectors) {
      let got: Uint8Array;
      if (v.leafUtf8 !== undefined) got = hashLeaf(utf8(v.leafUtf8));
      else if (v.leftUtf8 !== undefined) got = hashChildren(utf8(v.leftUtf8), utf8(v.rightUtf8!));
      else got = EMPTY_ROOT;
      expect(toHex(got), v.desc).toBe(v.want);
    }
  });

  it('computes every leaf hash, complete-subtree hash and root of the 8-leaf tree', () => {
    const tree = MemoryMerkleTree.fromLeaves(leaves);
    expect(leaves.map((d) => toHex(hashLeaf(d)))).toEqual(tree8.leafHashes);
    tree8.nodeHashesByLevel.forEach((row, level) => {
      row.forEach((want, n) => expect(toHex(tree.node(level, n)), `node ${level}/${n}`).toBe(want));
    });
    tree8.rootHashesBySize.forEach((want, size) => expect(toHex(tree.rootHash(size)), `size ${size}`).toBe(want));
  });
});

describe('RFC 9162 §2.1.3.2 inclusion verification', () => {
  it(`agrees with all ${inclusion.count} transparency-dev vectors`, () => {
    expect(inclusion.vectors).toHaveLength(inclusion.count);
    for (const v of inclusion.vectors) {
      const code = codeOf(() =>
        verifyInclusion({
          leafIndex: v.leafIdx,
          treeSize: v.treeSize,
          leafHash: b64(v.leafHash),
          proof: (v.proof ?? []).map(b64),
          rootHash: b64(v.root),
        }),
      );
      expect(code, `${v.file}`).toBe(v.wantErr ? 'LOG_INCLUSION_INVALID' : undefined);
    }
  });

  it('generates exactly the happy-path proofs of the vectors', () => {
    const tree = MemoryMerkleTree.fromLeaves(leaves);
    const happy = inclusion.vectors.filter((v) => v.desc === 'happy path');
    expect(happy.length).toBeGreaterThanOrEqual(5);
    for (const v of happy) {
      const proof = tree.inclusionProof(v.leafIdx, v.treeSize).map((p) => Buffer.from(p).toString('base64'));
      expect(proof, v.file).toEqual(v.proof ?? []);
      expect(Buffer.from(tree.rootHash(v.treeSize)).toString('base64')).toBe(v.root);
    }
  });
});

describe('RFC 9162 §2.1.4.2 consistency verification', () => {
  it(`agrees with all ${consistency.count} transparency-dev vectors`, () => {
    expect(consistency.vectors).toHaveLength(consistency.count);
    for (const v of consistency.vectors) {
      const code = codeOf(() =>
        verifyConsistency({
          fromSize: v.size1,
          toSize: v.size2,
          fromRoot: b64(v.root1),
          toRoot: b64(v.root2),
          proof: (v.proof ?? []).map(b64),
        }),
      );
      expect(code, `${v.file}`).toBe(v.wantErr ? 'LOG_CONSISTENCY_INVALID' : undefined);
    }
  });

  it('generates exactly the happy-path proofs of the vectors', () => {
    const tree = MemoryMerkleTree.fromLeaves(leaves);
    const happy = consistency.vectors.filter((v) => v.desc === 'happy path' && v.size1 <= 8 && v.size2 <= 8);
    expect(happy.length).toBeGreaterThanOrEqual(5);
    for (const v of happy) {
      const proof = tree.consistencyProof(v.size1, v.size2).map((p) => Buffer.from(p).toString('base64'));
      expect(proof, v.file).toEqual(v.proof ?? []);
    }
  });
});
