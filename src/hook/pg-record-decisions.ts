/**
 * The decision recorder on PostgreSQL (record-decisions.ts, same windows and digests). Admissions
 * arrive `stored` — PostgresNullifierStore wrote their rows and log entries with the claim — so
 * this writes refusals and, once per window, the `rejection-digest` entry. Each process digests
 * its own refusals (the entry names the venue; several processes give several digests a window).
 */
import { guarded, type VouchPgDb } from '../db/pg-client.js';
import { hookDecisions } from '../db/schema-pg/hook.js';
import type { PostgresTransparencyLog } from '../log/pg-transparency-log.js';
import { recorderCore, type AsyncDecisionRecorder, type DecisionRecorderOptions } from './record-decisions.js';

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
