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

/** Rows per INSERT: PostgreSQL takes at most 65,535 parameters per statement. */
const ROWS_PER_INSERT = 5_000;

export async function pgLogSize(db: PgExecutor): Promise<number> {
  const [row] = await db.select({ last: max(logEntries.idx) }).from(logEntries);
  return row?.last == null ? 0 : Number(row.last) + 1;
}

/** The stored hashes of `ids` (StoredHashIndex), as a reader; a missing one is LOG_STATE_CORRUPT. */
export async function pgNodes(db: PgExecutor, wanted: readonly { level: number; n: number }[]): Promise<SubtreeReader> {
  const ids = [...new Set(wanted.map(({ level, n }) => storedHashIndex(level, n)))];
  const found = new Map<number, Uint8Array>();
  for (let k = 0; k < ids.length; k += ROWS_PER_INSERT) {
    const rows = await db
      .select()
      .from(logHashes)
      .where(inArray(logHashes.id, ids.slice(k, k + ROWS_PER_INSERT)));
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

/** Writes a planned append (entries and subtree hashes), in chunks of multi-row INSERTs. */
export async function pgWritePlan(db: PgExecutor, plan: PlannedAppend): Promise<void> {
  for (let k = 0; k < plan.entries.length; k += ROWS_PER_INSERT) {
    await db.insert(logEntries).values(plan.entries.slice(k, k + ROWS_PER_INSERT));
  }
  const hashes = plan.hashes.map((h) => ({
    id: storedHashIndex(h.level, h.n),
    hash: Buffer.from(h.hash.buffer, h.hash.byteOffset, h.hash.byteLength),
  }));
  for (let k = 0; k < hashes.length; k += ROWS_PER_INSERT) {
    await db.insert(logHashes).values(hashes.slice(k, k + ROWS_PER_INSERT));
  }
}
