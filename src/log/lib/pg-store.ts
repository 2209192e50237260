/**
 * The log's SQL on PostgreSQL (db/schema-pg/log.ts), async. Reads batch their lookups: a proof's
 * O(log n) subtree hashes are fetched in one round trip (`nodes`), never one query per node.
 */
import { inArray, sql, type SQL } from 'drizzle-orm';
import type { VouchPgDb } from '../../db/pg-client.js';
import { logEntries, logHashes, logHead } from '../../db/schema-pg/log.js';
import { VouchError } from '../../errors/index.js';
import { EMPTY_ROOT, hashChildren, HASH_SIZE } from '../hash.js';
import type { PlannedAppend } from './append-plan.js';
import type { SubtreeReader } from './subtrees.js';
import { half, isOdd, storedHashIndex } from './tree-math.js';

/** A drizzle database or an open transaction on it. */
export type PgExecutor = Pick<VouchPgDb, 'select' | 'insert' | 'execute'>;

/**
 * pg_advisory_xact_lock key of the log ("VOUCHLOG"): the queue appenders wait in before they lock
 * the head row (the lock builds before log_head took alone; migration 0008 takes it too). Keys
 * are per database, so schemas in one database share it — harmless, only slower.
 */
const LOG_LOCK = 0x564f5543484c4f47n;

/** Ids per IN list: PostgreSQL takes at most 65,535 parameters per statement. */
const IDS_PER_QUERY = 5_000;

/**
 * The log's head (the `log_head` row): its size and the right edge of its tree, `edge[level]` =
 * the complete subtree at that level (one per set bit of size), as planAppend takes it.
 */
export interface LogHead {
  size: number;
  edge: (Uint8Array | undefined)[];
}

/** The head row decoded; a frontier that does not hold one hash per set bit of size is LOG_STATE_CORRUPT. */
function decodeHead(row: { size: string | number; frontier: Uint8Array } | undefined): LogHead {
  if (!row) throw new VouchError('LOG_STATE_CORRUPT', 'the log has no head row (log_head)');
  const size = Number(row.size);
  const f = row.frontier;
  const edge: (Uint8Array | undefined)[] = [];
  let at = 0;
  for (let level = 0, rest = size; rest > 0; level++, rest = half(rest)) {
    if (!isOdd(rest)) continue;
    if (at + HASH_SIZE > f.byteLength) break;
    edge[level] = new Uint8Array(f.buffer, f.byteOffset + at, HASH_SIZE);
    at += HASH_SIZE;
  }
  if (at !== f.byteLength || edge.filter(Boolean).length !== popcount(size))
    throw new VouchError('LOG_STATE_CORRUPT', "the log head's frontier does not match its size", {
      details: { size, frontierBytes: f.byteLength },
    });
  return { size, edge };
}

function popcount(size: number): number {
  let n = 0;
  for (let rest = size; rest > 0; rest = half(rest)) n += isOdd(rest) ? 1 : 0;
  return n;
}

/** The frontier column for an edge: its hashes, lowest level first. */
function encodeFrontier(edge: readonly (Uint8Array | undefined)[]): Buffer {
  return Buffer.concat(edge.filter((h): h is Uint8Array => h !== undefined));
}

/** MTH of the whole tree from its right edge: the edge's subtrees folded, higher levels on the left. */
export function headRoot(head: LogHead): Uint8Array {
  let root: Uint8Array | undefined;
  for (const h of head.edge) if (h) root = root ? hashChildren(h, root) : h;
  return root ?? EMPTY_ROOT;
}

/** The committed head (no lock): a reader sees a committed tree, and every hash it needs is stored. */
export async function pgReadHead(db: PgExecutor): Promise<LogHead> {
  const [row] = await db.select({ size: logHead.size, frontier: logHead.frontier }).from(logHead);
  return decodeHead(row);
}

export async function pgLogSize(db: PgExecutor): Promise<number> {
  return (await pgReadHead(db)).size;
}

/**
 * Waits in the log's advisory lock, then locks the head row (`SELECT … FOR UPDATE`), both until
 * the caller's transaction ends, and returns the head. At READ COMMITTED the row lock returns the
 * row as the previous holder committed it (PostgreSQL re-reads a row updated after the
 * statement's snapshot at its newest version), so the head is never stale.
 *
 * With `first` (a data-modifying statement with RETURNING), that statement runs in the SAME
 * statement, to completion, before the locks are requested: it is a CTE aggregated into one row
 * (json_agg) whose projection takes the advisory lock, and the head row is joined to that row, so
 * FOR UPDATE OF can only lock it afterwards. One round trip instead of two; the lock order is
 * `first`'s row locks, the advisory lock, the head row, for every appender.
 */
export async function pgLockHead<R = never>(db: PgExecutor, first?: SQL): Promise<{ head: LogHead; rows: R[] }> {
  const key = sql.raw(`${LOG_LOCK}::bigint`);
  const res = first
    ? await db.execute(sql`WITH first AS (${first}),
        got AS (SELECT coalesce(json_agg(first), '[]'::json) AS rows, pg_advisory_xact_lock(${key}) AS queued FROM first)
      SELECT h.size, h.frontier, got.rows FROM got, ${logHead} AS h WHERE h.id = 1 FOR UPDATE OF h`)
    : await db.execute(sql`SELECT h.size, h.frontier FROM (SELECT pg_advisory_xact_lock(${key}) AS queued) AS q, ${logHead} AS h
        WHERE h.id = 1 FOR UPDATE OF h`);
  const row = res.rows[0] as { size: string; frontier: Buffer; rows?: R[] } | undefined;
  return { head: decodeHead(row), rows: row?.rows ?? [] };
}

/** The stored hashes of `ids` (StoredHashIndex), as a reader; a missing one is LOG_STATE_CORRUPT. */
export async function pgNodes(db: PgExecutor, wanted: readonly { level: number; n: number }[]): Promise<SubtreeReader> {
  const ids = [...new Set(wanted.map(({ level, n }) => storedHashIndex(level, n)))];
  const found = new Map<number, Uint8Array>();
  for (let k = 0; k < ids.length; k += IDS_PER_QUERY) {
    const rows = await db
      .select()
      .from(logHashes)
      .where(inArray(logHashes.id, ids.slice(k, k + IDS_PER_QUERY)));
    for (const r of rows) found.set(Number(r.id), new Uint8Array(r.hash.buffer, r.hash.byteOffset, r.hash.byteLength));
  }
  return {
    node(level, n) {
      const h = found.get(storedHashIndex(level, n));
      if (!h)
        throw new VouchError('LOG_STATE_CORRUPT', 'a subtree hash is missing from the log', { details: { level, n } });
      return h;
    },
  };
}

/**
 * Runs a computation over subtree hashes in two passes: the first records which nodes it reads
 * (the RFC 6962 recursions visit nodes by index only, never by value), one query fetches them all,
 * the second computes with the real hashes.
 */
export async function withNodes<T>(db: PgExecutor, compute: (reader: SubtreeReader) => T): Promise<T> {
  const wanted: { level: number; n: number }[] = [];
  const placeholder = new Uint8Array(32);
  compute({ node: (level, n) => (wanted.push({ level, n }), placeholder) });
  return compute(await pgNodes(db, wanted));
}

export async function pgEntry(
  db: PgExecutor,
  idx: number,
): Promise<{ idx: number; kind: string; body: string } | undefined> {
  const [row] = await db
    .select()
    .from(logEntries)
    .where(sql`${logEntries.idx} = ${idx}`);
  return row && { idx: Number(row.idx), kind: row.kind, body: row.body };
}

/** The entries with start <= idx < end, in index order (one query). */
export async function pgEntryRange(
  db: PgExecutor,
  start: number,
  end: number,
): Promise<{ idx: number; kind: string; body: string }[]> {
  const rows = await db
    .select()
    .from(logEntries)
    .where(sql`${logEntries.idx} >= ${start} AND ${logEntries.idx} < ${end}`)
    .orderBy(logEntries.idx);
  return rows.map((r) => ({ idx: Number(r.idx), kind: r.kind, body: r.body }));
}

/**
 * Writes a planned append in ONE statement: the entries, the subtree hashes and the new head (and
 * the caller's `alongside` statements, e.g. the hook's decision rows), all data-modifying CTEs of
 * one UPDATE of the head. The caller holds the head's lock (pgLockHead) and `from` is the head it
 * returned; the UPDATE matches only that size, so a stale head (a bug) fails the statement, and
 * the primary keys refuse an index already taken: an append can fail, never fork the log.
 *
 * The rows go as array parameters expanded by unnest() on the server (building multi-row VALUES
 * through the query builder cost more CPU than the database spent on the rows): the leaf indexes
 * are the ordinals after `from.size`, and the hashes one bytea of 32-byte slices, sent as binary.
 * The statement stays at a fixed size whatever the batch.
 */
export async function pgWritePlan(
  db: PgExecutor,
  from: LogHead,
  plan: PlannedAppend,
  alongside: readonly SQL[] = [],
): Promise<void> {
  if (plan.entries.length === 0 && alongside.length === 0) return;
  const size = from.size + plan.entries.length;
  const kinds = plan.entries.map((e) => e.kind);
  const bodies = plan.entries.map((e) => e.body);
  const ids = plan.hashes.map((h) => storedHashIndex(h.level, h.n));
  const hashes = Buffer.concat(plan.hashes.map((h) => h.hash));
  const extra = alongside.map((q, i) => sql`, ${sql.raw(`alongside_${i}`)} AS (${q})`);
  const res = await db
    .execute(
      sql`WITH entries AS (
      INSERT INTO ${logEntries} (idx, kind, body)
      SELECT ${from.size}::bigint + t.ord - 1, t.kind, t.body
      FROM unnest(${sql.param(kinds)}::text[], ${sql.param(bodies)}::text[]) WITH ORDINALITY AS t(kind, body, ord)
    ), hashes AS (
      INSERT INTO ${logHashes} (id, hash)
      SELECT t.id, substring(${sql.param(hashes)}::bytea FROM ((t.ord - 1) * ${HASH_SIZE} + 1)::int FOR ${HASH_SIZE})
      FROM unnest(${sql.param(ids)}::bigint[]) WITH ORDINALITY AS t(id, ord)
    )${sql.join(extra)}
    UPDATE ${logHead} SET size = ${size}, frontier = ${encodeFrontier(plan.edge)}
    WHERE id = 1 AND size = ${from.size}`,
    )
    .catch((err: unknown) => {
      throw takenByAnother(err) ?? err;
    });
  if (res.rowCount !== 1)
    throw new VouchError('LOG_STATE_CORRUPT', 'the log head moved under its lock', { details: { size: from.size } });
}

/**
 * A primary-key violation on the log's tables: an index or subtree the head says is free is
 * stored already (the head is behind its entries, e.g. written to by a build before log_head).
 */
function takenByAnother(err: unknown): VouchError | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, constraint } = e as { code?: unknown; constraint?: unknown };
    if (code === '23505' && typeof constraint === 'string' && /^log_(entries|hashes)_/.test(constraint))
      return new VouchError('LOG_STATE_CORRUPT', 'the log head is behind its stored entries', {
        details: { constraint },
      });
  }
  return undefined;
}
