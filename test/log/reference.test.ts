/**
 * Every tree size 1..64, every leaf index and every (m, n) pair: the in-memory tree and the
 * persisted log produce exactly what the literal RFC 6962 §2.1 recursion produces, and the
 * RFC 9162 verifiers accept those proofs and reject each one-bit corruption.
 */
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { VouchError } from '../../src/errors/index.js';
import {
  MemoryMerkleTree,
  TransparencyLog,
  verifyConsistency,
  verifyInclusion,
  type LogEntryKind,
} from '../../src/log/index.js';
import { MTH, PATH, PROOF, hex } from './lib/reference.js';

const MAX = 64;
const hexAll = (l: Uint8Array[]) => l.map(hex);

function code(fn: () => void): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof VouchError) return err.code;
    throw err;
  }
}

function flip(b: Uint8Array, bit: number): Uint8Array {
  const c = Uint8Array.from(b);
  c[bit >> 3]! ^= 1 << (bit & 7);
  return c;
}

// Leaf inputs of varied length, including the empty string.
const inputs = Array.from({ length: MAX }, (_, i) => new TextEncoder().encode('x'.repeat(i % 5) + String(i)));

describe('in-memory tree against the RFC 6962 recursion', () => {
  const tree = MemoryMerkleTree.fromLeaves(inputs);

  it('has the reference root for every size 0..64', () => {
    for (let n = 0; n <= MAX; n++) expect(hex(tree.rootHash(n)), `size ${n}`).toBe(hex(MTH(inputs.slice(0, n))));
  });

  it('gives the reference PATH for every index of every size, and it verifies', () => {
    for (let n = 1; n <= MAX; n++) {
      const D = inputs.slice(0, n);
      const root = MTH(D);
      for (let m = 0; m < n; m++) {
        const proof = tree.inclusionProof(m, n);
        expect(hexAll(proof), `PATH(${m}, D[${n}])`).toEqual(hexAll(PATH(m, D)));
        expect(
          code(() => verifyInclusion({ leafIndex: m, treeSize: n, leafHash: tree.leafHash(m), proof, rootHash: root })),
        ).toBeUndefined();
      }
    }
  });

  it('gives the reference PROOF for every pair 1 <= m <= n <= 64, and it verifies', () => {
    for (let n = 1; n <= MAX; n++) {
      const D = inputs.slice(0, n);
      for (let m = 1; m <= n; m++) {
        const proof = tree.consistencyProof(m, n);
        expect(hexAll(proof), `PROOF(${m}, D[${n}])`).toEqual(m === n ? [] : hexAll(PROOF(m, D)));
        const input = { fromSize: m, toSize: n, fromRoot: MTH(D.slice(0, m)), toRoot: MTH(D), proof };
        expect(
          code(() => verifyConsistency(input)),
          `verify ${m}->${n}`,
        ).toBeUndefined();
      }
    }
  });

  it('rejects every single-bit corruption of inclusion proofs (sizes up to 17, all indexes)', () => {
    for (let n = 1; n <= 17; n++) {
      const root = tree.rootHash(n);
      for (let m = 0; m < n; m++) {
        const proof = tree.inclusionProof(m, n);
        const leafHash = tree.leafHash(m);
        for (let i = 0; i < proof.length; i++) {
          for (const bit of [0, 77, 255]) {
            const bad = proof.map((p, j) => (j === i ? flip(p, bit) : p));
            expect(
              code(() => verifyInclusion({ leafIndex: m, treeSize: n, leafHash, proof: bad, rootHash: root })),
            ).toBe('LOG_INCLUSION_INVALID');
          }
        }
        expect(
          code(() =>
            verifyInclusion({ leafIndex: m, treeSize: n, leafHash: flip(leafHash, 3), proof, rootHash: root }),
          ),
        ).toBe('LOG_INCLUSION_INVALID');
        expect(
          code(() => verifyInclusion({ leafIndex: m, treeSize: n, leafHash, proof, rootHash: flip(root, 200) })),
        ).toBe('LOG_INCLUSION_INVALID');
        if (n > 1) {
          const other = (m + 1) % n;
          expect(code(() => verifyInclusion({ leafIndex: other, treeSize: n, leafHash, proof, rootHash: root }))).toBe(
            'LOG_INCLUSION_INVALID',
          );
        }
        expect(
          code(() => verifyInclusion({ leafIndex: m, treeSize: n, leafHash, proof: [...proof, root], rootHash: root })),
        ).toBe('LOG_INCLUSION_INVALID');
      }
    }
  });

  it('rejects every single-bit corruption of consistency proofs (sizes up to 17, all pairs)', () => {
    for (let n = 2; n <= 17; n++) {
      for (let m = 1; m < n; m++) {
        const proof = tree.consistencyProof(m, n);
        const base = { fromSize: m, toSize: n, fromRoot: tree.rootHash(m), toRoot: tree.rootHash(n) };
        for (let i = 0; i < proof.length; i++) {
          const bad = proof.map((p, j) => (j === i ? flip(p, 9) : p));
          expect(
            code(() => verifyConsistency({ ...base, proof: bad })),
            `${m}->${n} elem ${i}`,
          ).toBe('LOG_CONSISTENCY_INVALID');
        }
        expect(code(() => verifyConsistency({ ...base, fromRoot: flip(base.fromRoot, 1), proof }))).toBe(
          'LOG_CONSISTENCY_INVALID',
        );
        expect(code(() => verifyConsistency({ ...base, toRoot: flip(base.toRoot, 1), proof }))).toBe(
          'LOG_CONSISTENCY_INVALID',
        );
        expect(code(() => verifyConsistency({ ...base, proof: proof.slice(1) }))).toBe('LOG_CONSISTENCY_INVALID');
      }
    }
  });
});

describe('persisted log against the RFC 6962 recursion', () => {
  it('stores canonical JSON leaves and proves every index and pair up to 64 from SQLite', () => {
    const handle = openDatabase({ path: ':memory:' });
    const log = TransparencyLog.open({ db: handle.db });
    const kinds: LogEntryKind[] = ['hook-decision', 'status-snapshot', 'report-commitment'];
    // Odd batch sizes so batches end at every kind of tree edge.
    const entries = Array.from({ length: MAX }, (_, i) => ({
      kind: kinds[i % 3]!,
      payload: { seq: i, z: 'last', a: [i, { b: true }] },
    }));
    for (let i = 0; i < MAX;) {
      const batch = entries.slice(i, i + 1 + (i % 7));
      const out = log.appendEntries(batch);
      expect(out.map((o) => o.index)).toEqual(batch.map((_, j) => i + j));
      i += batch.length;
    }
    const D = entries.map((_, i) => new TextEncoder().encode(log.entry(i).body));
    expect(log.entry(5).body).toBe('{"kind":"report-commitment","payload":{"a":[5,{"b":true}],"seq":5,"z":"last"}}');
    for (let n = 1; n <= MAX; n++) {
      const Dn = D.slice(0, n);
      expect(hex(log.rootHash(n))).toBe(hex(MTH(Dn)));
      for (let m = 0; m < n; m++) {
        const p = log.inclusionProof(m, n);
        expect(hexAll(p.proof), `PATH(${m}, D[${n}])`).toEqual(hexAll(PATH(m, Dn)));
        expect(code(() => verifyInclusion(p))).toBeUndefined();
      }
      for (let m = 1; m <= n; m++) {
        const c = log.consistencyProof(m, n);
        expect(hexAll(c.proof), `PROOF(${m}, D[${n}])`).toEqual(m === n ? [] : hexAll(PROOF(m, Dn)));
        expect(code(() => verifyConsistency(c))).toBeUndefined();
      }
    }
    handle.close();
  });
});
