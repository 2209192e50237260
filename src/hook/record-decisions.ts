/**
 * Persists every final decision (the compliance report's source) and appends it to the
 * transparency log, so an auditor can later check what the venue admitted and refused. The log
 * gets only the receipt's digest, policy, verdict and code: it is public, and a digest suffices to
 * prove a given receipt was logged.
 */
import { createHash } from 'node:crypto';
import { and, eq, gte, lt } from 'drizzle-orm';
import type { VouchDb } from '../db/client.js';
import { hookDecisions } from '../db/schema.js';
import type { LogAppender } from '../log/index.js';
import type { DecisionRecord } from './decision.js';

export interface DecisionRecorderOptions {
  db: VouchDb;
  log?: LogAppender;
  /** The venue this hook decides for (kept with each decision; reports are per venue). */
  venue?: string;
}

export function decisionRecorder(o: DecisionRecorderOptions): (r: DecisionRecord) => void {
  return (r) => {
    const d = r.decision;
    o.db.transaction((tx) => {
      tx.insert(hookDecisions).values({
        at: r.at,
        venue: o.venue ?? null,
        policyRef: r.policyRef,
        allowed: d.allowed,
        code: d.code ?? null,
        sessionId: d.sessionId ?? null,
        nullifier: d.nullifier ?? null,
        tradeHash: d.tradeHash ?? null,
        receipt: d.receipt ?? '',
      }).run();
    });
    o.log?.appendEntry('hook-decision', {
      at: r.at,
      policy: r.policyRef,
      verdict: d.allowed ? 'admit' : 'reject',
      ...(d.code ? { code: d.code } : {}),
      receiptSha256: createHash('sha256').update(d.receipt ?? '').digest('hex'),
    });
  };
}

/** Decisions in [from, to), of one venue when given, for the compliance report (no personal data is stored in them). */
export function decisionsBetween(db: VouchDb, from: number, to: number, venue?: string): { time: number; policyId: string; allowed: boolean; code?: string; sessionId?: string }[] {
  const inRange = and(gte(hookDecisions.at, from), lt(hookDecisions.at, to));
  return db.select().from(hookDecisions).where(venue === undefined ? inRange : and(inRange, eq(hookDecisions.venue, venue))).all()
    .map((r) => ({ time: r.at, policyId: r.policyRef, allowed: r.allowed, ...(r.code ? { code: r.code } : {}), ...(r.sessionId ? { sessionId: r.sessionId } : {}) }));
}
