/**
 * The log's SQL on PostgreSQL (db/schema-pg/log.ts), async. Reads batch their lookups: a proof's
 * O(log n) subtree hashes are fetched in one round trip (`nodes`), never one query per node.
 */
import { inArray, max, sql } from 'drizzle-orm';
import type { VouchPgDb } from '../../db/pg-client.js';
import { logEntries, logHashes } from '../../db/schema-pg/log.js';
import { VouchError } from '../../errors/index.js';
import type { PlannedAppend } from './append-plan.js';
import type { SubtreeReader } from './subtrees.js';
import { storedHashIndex } from './tree-math.js';

/** A drizzle database or an open transaction on it. */
export type PgExecutor = Pick<VouchPgDb, 'select' | 'insert' | 'execute'>;

/** Ids per IN list: PostgreSQL takes at most 65,535 parameters per statement. */
const IDS_PER_QUERY = 5_000;

export async function pgLogSize(db: PgExecutor): Promise<number> {
  const [row] = await db.select({ last: max(logEntries.idx) }).from(logEntries);
  return row?.last == null ? 0 : Number(row.last) + 1;
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
 * Writes a planned append (entries and subtree hashes) in one statement: the rows go as array
 * parameters, expanded by unnest() on the server, both INSERTs in one data-modifying WITH (one
 * round trip). Building multi-row VALUES lists through the query builder cost more CPU than the
 * database spent on the rows (bench: postgres-log); arrays keep the statement at a fixed size
 * whatever the batch, far below PostgreSQL's 65,535 parameters.
 */
export async function pgWritePlan(db: PgExecutor, plan: PlannedAppend): Promise<void> {
  if (plan.entries.length === 0 && plan.hashes.length === 0) return;
  const idx = plan.entries.map((e) => String(e.idx));
  const kinds = plan.entries.map((e) => e.kind);
  const bodies = plan.entries.map((e) => e.body);
  const ids = plan.hashes.map((h) => String(storedHashIndex(h.level, h.n)));
  const hashes = plan.hashes.map((h) => Buffer.from(h.hash.buffer, h.hash.byteOffset, h.hash.byteLength));
  await db.execute(sql`WITH entries AS (
      INSERT INTO ${logEntries} (idx, kind, body)
      SELECT * FROM unnest(${sql.param(idx)}::bigint[], ${sql.param(kinds)}::text[], ${sql.param(bodies)}::text[])
    )
    INSERT INTO ${logHashes} (id, hash) SELECT * FROM unnest(${sql.param(ids)}::bigint[], ${sql.param(hashes)}::bytea[])`);
}
