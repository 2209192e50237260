/**
 * Issue 19, finding 9: every rejected item became a transparency-log entry (6 requests added
 * 2,304). Rejections are now committed as one `rejection-digest` entry per window: N rejections add
 * O(1) entries, admissions still get one entry each, and every rejection receipt stays provable
 * under the digest's Merkle root from the decisions the venue keeps.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import type { DecisionRecord } from '../../src/hook/decision.js';
import { decisionRecorder, decisionsBetween } from '../../src/hook/record-decisions.js';
import { decodeHash, MemoryMerkleTree, TransparencyLog, verifyInclusion } from '../../src/log/index.js';

const T0 = Date.UTC(2026, 0, 15) / 1000;
const reject = (i: number, at = T0): DecisionRecord => ({
  at,
  policyRef: i % 3 ? 'mica@1.0.0' : 'fatf@1.0.0',
  decision: {
    allowed: false,
    code: i % 2 ? 'PROOF_INVALID' : 'NULLIFIER_REPLAYED',
    reason: 'refused',
    receipt: `rejection-receipt-${i}`,
  },
});
const admit = (i: number, at = T0): DecisionRecord => ({
  at,
  policyRef: 'mica@1.0.0',
  decision: {
    allowed: true,
    policy: 'mica@1.0.0',
    policyId: '0x01',
    policyHash: '1',
    nullifier: String(i),
    tradeHash: '2',
    receipt: `admission-receipt-${i}`,
  },
});

function world(o: { windowSeconds?: number; maxItems?: number } = {}) {
  const h = openDatabase({ path: ':memory:' });
  const log = TransparencyLog.open({ db: h.db });
  const record = decisionRecorder({
    db: h.db,
    log,
    venue: 'acme',
    rejectionWindowSeconds: o.windowSeconds ?? 60,
    rejectionWindowMaxItems: o.maxItems ?? 100_000,
    now: () => T0,
  });
  return { h, log, record };
}

describe('rejected decisions in the transparency log', () => {
  it('adds one digest entry for 2,304 rejections in a window, and one entry per admission', () => {
    const { log, record, h } = world();
    for (let i = 0; i < 2304; i++) record(reject(i));
    for (let i = 0; i < 3; i++) record(admit(i));
    expect(log.size()).toBe(3); // the admissions; the rejection window is still open
    record.flush();
    expect(log.size()).toBe(4);
    const digest = log.entry(3);
    expect(digest.kind).toBe('rejection-digest');
    expect(digest.payload).toMatchObject({ venue: 'acme', from: T0, to: T0, count: 2304 });
    const counts = digest.payload.counts as { policy: string; code: string; count: number }[];
    expect(counts.reduce((n, c) => n + c.count, 0)).toBe(2304);
    expect(counts).toContainEqual({ policy: 'fatf@1.0.0', code: 'NULLIFIER_REPLAYED', count: 384 });
    // every decision is still kept for the compliance report
    expect(decisionsBetween(h.db, T0, T0 + 1, 'acme')).toHaveLength(2307);
  });

  it('grows the log by O(1) per window, not per rejection: N rejections over k windows add k entries', () => {
    const { log, record } = world({ windowSeconds: 60 });
    for (let i = 0; i < 3000; i++) record(reject(i, T0 + Math.floor(i / 1000) * 60)); // 3 windows of 1,000
    record.flush();
    expect(log.size()).toBe(3);
    expect([0, 1, 2].map((i) => log.entry(i).payload.count)).toEqual([1000, 1000, 1000]);
  });

  it('closes a window at its item bound, so a window never holds unbounded state', () => {
    const { log, record } = world({ maxItems: 500 });
    for (let i = 0; i < 1200; i++) record(reject(i));
    expect(log.size()).toBe(2);
    record.flush();
    expect(log.size()).toBe(3);
    expect([0, 1, 2].map((i) => log.entry(i).payload.count)).toEqual([500, 500, 200]);
  });

  it('keeps each rejection receipt provable: its inclusion proof under the digest root, rebuilt from stored receipts', () => {
    const { log, record, h } = world();
    for (let i = 0; i < 37; i++) record(reject(i));
    record.flush();
    const payload = log.entry(0).payload as { receipts: { root: string; size: number } };
    const receipts = h.sqlite.prepare('SELECT receipt FROM hook_decisions WHERE allowed = 0 ORDER BY id').all() as {
      receipt: string;
    }[];
    const tree = MemoryMerkleTree.fromLeafHashes(receipts.map((r) => createHash('sha256').update(r.receipt).digest()));
    expect(tree.size).toBe(payload.receipts.size);
    const index = 17;
    const leafHash = createHash('sha256').update('rejection-receipt-17').digest();
    expect(() =>
      verifyInclusion({
        leafHash,
        leafIndex: index,
        treeSize: tree.size,
        proof: tree.inclusionProof(index),
        rootHash: decodeHash(payload.receipts.root)!,
      }),
    ).not.toThrow();
    // and a receipt that was not refused in that window is not
    const forged = createHash('sha256').update('rejection-receipt-99').digest();
    expect(() =>
      verifyInclusion({
        leafHash: forged,
        leafIndex: index,
        treeSize: tree.size,
        proof: tree.inclusionProof(index),
        rootHash: decodeHash(payload.receipts.root)!,
      }),
    ).toThrow();
  });
});
