/**
 * The decision recorder on PostgreSQL (record-decisions.ts, same windows and digests). Admissions
 * arrive `stored` — PostgresNullifierStore wrote their rows and log entries with the claim — so
 * this writes refusals and, once per window, the `rejection-digest` entry. Each process digests
 * its own refusals (the entry names the venue; several processes give several digests a window).
 */
import { and, asc, eq, gte, lt } from 'drizzle-orm';
import { guarded, type VouchPgDb } from '../db/pg-client.js';
import { hookDecisions } from '../db/schema-pg/hook.js';
import type { PostgresTransparencyLog } from '../log/pg-transparency-log.js';
import {
  recorderCore,
  type AsyncDecisionRecorder,
  type DecisionRecorderOptions,
  type decisionsBetween,
} from './record-decisions.js';

export interface PostgresDecisionRecorderOptions extends Omit<DecisionRecorderOptions, 'db' | 'log'> {
  db: VouchPgDb;
  log?: PostgresTransparencyLog;
}

/** Records each decision in PostgreSQL (and its digest in the PostgreSQL log, when given), as decisionRecorder does on SQLite. */
export function postgresDecisionRecorder(o: PostgresDecisionRecorderOptions): AsyncDecisionRecorder {
  const { db, log } = o;
  return recorderCore<Promise<void>>(
    o,
    {
      insert: async (row) => void (await guarded(() => db.insert(hookDecisions).values(row))),
      ...(log ? { append: async (kind, payload) => void (await log.appendEntry(kind, payload)) } : {}),
    },
    () => Promise.resolve(),
  );
}

/** The decisions recorded in [from, to) (Unix seconds), optionally for one venue, in recording order: decisionsBetween on PostgreSQL. */
export async function pgDecisionsBetween(
  db: VouchPgDb,
  from: number,
  to: number,
  venue?: string,
): Promise<ReturnType<typeof decisionsBetween>> {
  const inRange = and(gte(hookDecisions.at, from), lt(hookDecisions.at, to));
  const rows = await guarded(() =>
    db
      .select({
        at: hookDecisions.at,
        policyRef: hookDecisions.policyRef,
        allowed: hookDecisions.allowed,
        code: hookDecisions.code,
        sessionId: hookDecisions.sessionId,
      })
      .from(hookDecisions)
      .where(venue === undefined ? inRange : and(inRange, eq(hookDecisions.venue, venue)))
      .orderBy(asc(hookDecisions.id)),
  );
  return rows.map((r) => ({
    time: r.at,
    policyId: r.policyRef,
    allowed: r.allowed,
    ...(r.code ? { code: r.code } : {}),
    ...(r.sessionId ? { sessionId: r.sessionId } : {}),
  }));
}
