/**
 * Persists every final decision (the compliance report's source) and puts it in the transparency
 * log, so an auditor can later check what the venue admitted and refused. The log gets only
 * digests, policies, verdicts and codes: it is public. An admission under an escrow-required policy
 * keeps its escrow ciphertext in its row (`escrow`) — never in the log entry.
 *
 * Admissions get one `hook-decision` entry each: an admitted trade is what a venue must be able to
 * prove, one receipt at a time. Rejections do not: anyone can send refusable proofs, and one entry
 * per refusal let 6 requests add 2,304 entries to a log every monitor downloads and keeps forever.
 * Rejections are counted per window (`rejectionWindowSeconds`, or `rejectionWindowMaxItems`
 * refusals, whichever comes first) and each window becomes ONE signed `rejection-digest` entry:
 * counts per policy and code, and the RFC 6962 root over the SHA-256 of every rejection receipt in
 * it, in order. So N refusals cost O(1) log entries per window, the totals an auditor compares with
 * the compliance report are still committed in the log, and any single rejection receipt is still
 * provable: its inclusion proof under the digest's root is rebuilt from the decisions table (which
 * keeps every receipt of the window). What is given up: a rejection is committed at the end of its
 * window instead of at once (at most a minute by default; `flush()` on shutdown).
 */
import { createHash } from 'node:crypto';
import { and, eq, gte, lt } from 'drizzle-orm';
import type { VouchDb } from '../db/client.js';
import { hookDecisions } from '../db/schema.js';
import { encodeBase64, MemoryMerkleTree, type LogAppender } from '../log/index.js';
import type { DecisionRecord } from './decision.js';

export interface DecisionRecorderOptions {
  db: VouchDb;
  log?: LogAppender;
  /** The venue this hook decides for (kept with each decision; reports are per venue). */
  venue?: string;
  /** Longest a rejection waits for its digest entry (default 60 s). */
  rejectionWindowSeconds?: number;
  /** Most rejections one digest covers (default 100,000: bounds the memory of a window). */
  rejectionWindowMaxItems?: number;
  /** Unix seconds (default the system clock): closes idle windows on a timer. */
  now?: () => number;
}

/** Records one decision; `flush()` writes the open rejection digest now; `close()` also stops the timer. */
export interface DecisionRecorder {
  (r: DecisionRecord): void;
  flush(): void;
  close(): void;
}

/** The same, for a store whose writes are asynchronous (PostgreSQL). */
export interface AsyncDecisionRecorder {
  (r: DecisionRecord): Promise<void>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A decision as a row of the decisions table (either dialect). */
export interface DecisionRow {
  at: number;
  venue: string | null;
  policyRef: string;
  allowed: boolean;
  code: string | null;
  sessionId: string | null;
  nullifier: string | null;
  tradeHash: string | null;
  receipt: string;
  /** An escrow-required admission's ciphertext and committee (JSON): what an unmasking request names. */
  escrow: string | null;
}

/** Where a recorder writes: the decision row, and log entries (absent: no log). */
export interface DecisionSink<R> {
  insert(row: DecisionRow): R;
  append?: (kind: 'hook-decision' | 'rejection-digest', payload: Record<string, unknown>) => R;
}

interface Window {
  from: number;
  to: number;
  counts: Map<string, { policy: string; code: string; count: number }>;
  receipts: MemoryMerkleTree;
}

/** Most (policy, code) rows one digest lists; beyond, the rest are summed under code "OTHER" (entries stay small). */
const MAX_COUNT_ROWS = 256;

/** An `onDecision` callback that stores each decision for the compliance report and logs digests of admissions and refusals. */
export function decisionRecorder(o: DecisionRecorderOptions): DecisionRecorder {
  const db = o.db;
  const log = o.log;
  return recorderCore<void>(
    o,
    {
      insert: (row) => void db.transaction((tx) => void tx.insert(hookDecisions).values(row).run()),
      ...(log ? { append: (kind, payload) => void log.appendEntry(kind, payload) } : {}),
    },
    () => undefined,
  ) as DecisionRecorder;
}

/** The row an admission or refusal is stored as. */
export function decisionRow(r: DecisionRecord, venue: string | undefined): DecisionRow {
  const d = r.decision;
  return {
    at: r.at,
    venue: venue ?? null,
    policyRef: r.policyRef,
    allowed: d.allowed,
    code: d.code ?? null,
    sessionId: d.sessionId ?? null,
    nullifier: d.nullifier ?? null,
    tradeHash: d.tradeHash ?? null,
    receipt: d.receipt ?? '',
    escrow: d.allowed && d.escrow ? JSON.stringify(d.escrow) : null,
  };
}

/** The public `hook-decision` log entry of an admission: policy, time, and the receipt's digest only. */
export function admissionEntry(r: DecisionRecord): Record<string, unknown> {
  return {
    at: r.at,
    policy: r.policyRef,
    verdict: 'admit',
    receiptSha256: createHash('sha256')
      .update(r.decision.receipt ?? '')
      .digest('hex'),
  };
}

/**
 * The recorder over any sink. `R` is void for a synchronous store and Promise<void> for an
 * asynchronous one; `then` sequences a step after a sink call either way.
 */
export function recorderCore<R extends void | Promise<void>>(
  o: Omit<DecisionRecorderOptions, 'db' | 'log'>,
  sink: DecisionSink<R>,
  done: () => R,
): { (r: DecisionRecord): R; flush(): R; close(): R } {
  const windowSeconds = o.rejectionWindowSeconds ?? 60;
  const maxItems = o.rejectionWindowMaxItems ?? 100_000;
  if (!(windowSeconds > 0)) throw new RangeError('rejectionWindowSeconds must be > 0');
  if (!(Number.isInteger(maxItems) && maxItems >= 1))
    throw new RangeError('rejectionWindowMaxItems must be an integer >= 1');
  const now = o.now ?? (() => Math.floor(Date.now() / 1000));
  const then = (r: R, next: () => R): R => (r instanceof Promise ? (r.then(next) as R) : next());
  let open: Window | undefined;

  const flush = (): R => {
    const w = open;
    open = undefined;
    if (!w || !sink.append) return done();
    const rows = [...w.counts.values()].sort((a, b) =>
      a.policy === b.policy ? a.code.localeCompare(b.code) : a.policy.localeCompare(b.policy),
    );
    const kept = rows.slice(0, MAX_COUNT_ROWS);
    const rest = rows.slice(MAX_COUNT_ROWS).reduce((n, r) => n + r.count, 0);
    return sink.append('rejection-digest', {
      ...(o.venue !== undefined ? { venue: o.venue } : {}),
      from: w.from,
      to: w.to,
      count: w.receipts.size,
      counts: rest > 0 ? [...kept, { policy: '*', code: 'OTHER', count: rest }] : kept,
      receipts: { alg: 'rfc6962-sha256', root: encodeBase64(w.receipts.rootHash()), size: w.receipts.size },
    });
  };

  const record = (r: DecisionRecord): R => {
    if (r.stored) return done(); // persisted (row and log entry) in its nullifier claim's transaction
    const d = r.decision;
    return then(sink.insert(decisionRow(r, o.venue)), () => {
      const closed = open && r.at - open.from >= windowSeconds ? flush() : done();
      if (d.allowed)
        return then(closed, () => (sink.append ? sink.append('hook-decision', admissionEntry(r)) : done()));
      const w = (open ??= { from: r.at, to: r.at, counts: new Map(), receipts: new MemoryMerkleTree() });
      w.to = Math.max(w.to, r.at);
      const code = d.code ?? 'UNKNOWN';
      const key = `${r.policyRef}\u0000${code}`;
      const row = w.counts.get(key) ?? { policy: r.policyRef, code, count: 0 };
      row.count += 1;
      w.counts.set(key, row);
      w.receipts.appendLeafHash(
        createHash('sha256')
          .update(d.receipt ?? '')
          .digest(),
      );
      return then(closed, () => (w.receipts.size >= maxItems ? flush() : done()));
    });
  };

  // An idle venue's last window still gets its digest within about a window.
  const timer = setInterval(
    () => {
      if (!open || now() - open.from < windowSeconds) return;
      const r = flush();
      if (r instanceof Promise) r.catch(() => {}); // a database that is away: that digest is lost, the rows are kept
    },
    Math.min(windowSeconds, 60) * 1000,
  );
  timer.unref();
  return Object.assign(record, {
    flush,
    close: (): R => {
      clearInterval(timer);
      return flush();
    },
  });
}

/** Decisions in [from, to), of one venue when given, for the compliance report (no personal data is stored in them). */
export function decisionsBetween(
  db: VouchDb,
  from: number,
  to: number,
  venue?: string,
): { time: number; policyId: string; allowed: boolean; code?: string; sessionId?: string }[] {
  const inRange = and(gte(hookDecisions.at, from), lt(hookDecisions.at, to));
  return db
    .select()
    .from(hookDecisions)
    .where(venue === undefined ? inRange : and(inRange, eq(hookDecisions.venue, venue)))
    .all()
    .map((r) => ({
      time: r.at,
      policyId: r.policyRef,
      allowed: r.allowed,
      ...(r.code ? { code: r.code } : {}),
      ...(r.sessionId ? { sessionId: r.sessionId } : {}),
    }));
}
