/**
 * The persisted log's behaviour on both stores: roots and proofs equal the in-memory RFC 6962
 * tree's, batches are atomic, concurrent writers (several connections) never fork the tree, and
 * bad ranges and entries are refused by code with nothing written.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryMerkleTree, verifyCheckpoint, verifyConsistency, verifyInclusion } from '../../src/log/index.js';
import { logWorld, STORES, type LogWorld } from '../support/log-stores.js';

const decision = (i: number) => ({ kind: 'hook-decision' as const, payload: { seq: i } });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: { code?: string }) => e.code,
  );

describe.each(STORES)('transparency log on %s', (kind) => {
  let w: LogWorld;
  beforeEach(async () => {
    w = await logWorld(kind);
  });
  afterEach(async () => {
    await w.close();
  });

  it('stores the tree of its entries: every root, inclusion and consistency proof matches the in-memory tree', async () => {
    const log = await w.open();
    const mem = new MemoryMerkleTree();
    for (const batch of [1, 2, 5, 31, 64, 17]) {
      const appended = await log.appendEntries(Array.from({ length: batch }, (_, k) => decision(mem.size + k)));
      for (const a of appended) expect(mem.appendLeafHash((await log.entry(a.index)).leafHash)).toBe(a.index);
    }
    const n = await log.size();
    expect(n).toBe(120);
    for (const m of [1, 2, 3, 64, 65, 119, 120]) expect(await log.rootHash(m)).toEqual(mem.rootHash(m));
    for (const i of [0, 1, 63, 64, 119]) {
      const p = await log.inclusionProof(i);
      expect(() => verifyInclusion(p)).not.toThrow();
      expect(p.rootHash).toEqual(mem.rootHash());
    }
    for (const m of [1, 7, 64, 100]) {
      const { proof } = await log.consistencyProof(m);
      expect(() =>
        verifyConsistency({ fromSize: m, toSize: n, fromRoot: mem.rootHash(m), toRoot: mem.rootHash(n), proof }),
      ).not.toThrow();
    }
  });

  it('signs checkpoints that verify and stay consistent as the log grows, also read through another connection', async () => {
    const a = await w.open();
    await a.appendEntries(Array.from({ length: 10 }, (_, i) => decision(i)));
    const cp1 = await a.checkpoint();
    await a.appendEntry('status-snapshot', { root: 'abc' });
    const b = await w.open();
    const cp2 = await b.checkpoint();
    const v1 = verifyCheckpoint(cp1.note, a.verifierKey());
    const v2 = verifyCheckpoint(cp2.note, b.verifierKey());
    expect([v1.size, v2.size]).toEqual([10, 11]);
    const c = await b.consistencyProof(10, 11);
    expect(() =>
      verifyConsistency({ fromSize: 10, toSize: 11, fromRoot: v1.rootHash, toRoot: v2.rootHash, proof: c.proof }),
    ).not.toThrow();
  });

  it('writes a batch atomically: one invalid entry appends nothing', async () => {
    const log = await w.open();
    await log.appendEntry('hook-decision', { seq: 0 });
    expect(await codeOf(log.appendEntries([decision(1), { kind: 'hook-decision', payload: { x: Number.NaN } }]))).toBe(
      'LOG_ENTRY_INVALID',
    );
    expect(await codeOf(log.appendEntry('nope' as never, {}))).toBe('LOG_ENTRY_INVALID');
    expect(await codeOf(log.appendEntry('hook-decision', { x: 'a'.repeat(70_000) }))).toBe('LOG_ENTRY_INVALID');
    expect(await log.size()).toBe(1);
  });

  it('keeps one tree when four connections append concurrently: batches contiguous, no index twice', async () => {
    const writers = await Promise.all([w.open(), w.open(), w.open(), w.open()]);
    await Promise.all(
      writers.map(async (log, who) => {
        for (let i = 0; i < 25; i++)
          await log.appendEntries([
            { kind: 'hook-decision', payload: { who, i } },
            { kind: 'hook-decision', payload: { who, i, second: true } },
          ]);
      }),
    );
    const log = writers[0]!;
    expect(await log.size()).toBe(200);
    const entries = await Promise.all(Array.from({ length: 200 }, (_, i) => log.entry(i)));
    for (let i = 0; i < 200; i += 2) expect(entries[i + 1]!.payload).toEqual({ ...entries[i]!.payload, second: true });
    const rebuilt = MemoryMerkleTree.fromLeafHashes(entries.map((e) => e.leafHash));
    for (const n of [1, 99, 200]) expect(await log.rootHash(n)).toEqual(rebuilt.rootHash(n));
  });

  it('answers out-of-range indexes and sizes with LOG_RANGE_INVALID', async () => {
    const log = await w.open();
    await log.appendEntries([decision(0), decision(1)]);
    expect(await codeOf(log.inclusionProof(2))).toBe('LOG_RANGE_INVALID');
    expect(await codeOf(log.inclusionProof(-1))).toBe('LOG_RANGE_INVALID');
    expect(await codeOf(log.inclusionProof(0, 3))).toBe('LOG_RANGE_INVALID');
    expect(await codeOf(log.consistencyProof(0))).toBe('LOG_RANGE_INVALID');
    expect(await codeOf(log.consistencyProof(3))).toBe('LOG_RANGE_INVALID');
    expect(await codeOf(log.entry(2))).toBe('LOG_RANGE_INVALID');
    expect(await codeOf(log.rootHash(1.5))).toBe('LOG_RANGE_INVALID');
  });
});
