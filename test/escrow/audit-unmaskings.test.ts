/**
 * auditUnmaskings: every unmasking request and its outcome, only from log entries that produce a
 * checkpoint signed by the pinned key — a changed, missing or extra entry and a checkpoint under
 * another key are refused by code, so a listing it returns hides nothing up to that checkpoint.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { auditUnmaskings, type LogEntryView } from '../../src/escrow/index.js';
import { TransparencyLog, ed25519Signer, generateSignerSeed } from '../../src/log/index.js';
import { carryOut, committeeOf, fileRequest } from './support/unmaskings.js';

let log: TransparencyLog;
let logKey: string;
let entries: LogEntryView[];
let checkpoint: string;

beforeAll(async () => {
  const signer = ed25519Signer('vouch.test/log', generateSignerSeed());
  log = TransparencyLog.open({ db: openDatabase({ path: ':memory:' }).db, signer });
  logKey = signer.verifierKey;
  const c = committeeOf(1);
  log.appendEntry('hook-decision', { policy: 'p', verdict: 'admit' });
  const done = await fileRequest(log, c, {
    decision: `receipt:sha256:${'ab'.repeat(32)}`,
    requester: 'FIU Germany',
    legalBasis: 'AMLR art. 50 order 2026/17',
    requestedAt: 1_765_000_000,
  });
  await carryOut(log, logKey, c, done);
  await fileRequest(log, c, {
    decision: `receipt:sha256:${'cd'.repeat(32)}`,
    requester: 'AMF',
    legalBasis: 'order 2026-88',
    requestedAt: 1_765_000_500,
  });
  const cp = log.checkpoint();
  checkpoint = cp.note;
  entries = Array.from({ length: cp.size }, (_, i) => log.entry(i));
});

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
};

describe('auditUnmaskings', () => {
  it('lists each request with its outcome, from entries that give the signed root', () => {
    const l = auditUnmaskings({ entries, checkpoint, logKey });
    expect(l.size).toBe(entries.length);
    expect(l.unmaskings.map((u) => [u.requestIndex, u.requester, u.status, u.results.map((r) => r.members)])).toEqual([
      [1, 'FIU Germany', 'recovered', [[1, 3, 5]]],
      [3, 'AMF', 'pending', []],
    ]);
    expect(l.orphanResults).toEqual([]);
  });

  it('refuses a changed entry (LOG_INTEGRITY_FAILED), a missing one (LOG_RANGE_INVALID) and another key’s checkpoint', () => {
    const changed = entries.map((e) => (e.index === 3 ? { ...e, payload: { ...e.payload, requester: 'nobody' } } : e));
    expect(codeOf(() => auditUnmaskings({ entries: changed, checkpoint, logKey }))).toBe('LOG_INTEGRITY_FAILED');
    const hidden = entries.filter((e) => e.index !== 3);
    expect(codeOf(() => auditUnmaskings({ entries: hidden, checkpoint, logKey }))).toBe('LOG_RANGE_INVALID');
    const other = ed25519Signer('vouch.test/log', generateSignerSeed()).verifierKey;
    expect(codeOf(() => auditUnmaskings({ entries, checkpoint, logKey: other }))).toMatch(/^CHECKPOINT_/);
  });
});
