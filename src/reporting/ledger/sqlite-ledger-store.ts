/**
 * The ledger in the embedded SQLite file, without blocking the server: better-sqlite3
 * transactions are synchronous and must not span an await, and one transaction for 100,000 fills
 * held the event loop for seconds. So the import row is written first as 'pending', fills follow
 * in small transactions (the caller's row source gives the event loop back between them), and one
 * last transaction marks the import 'complete'. Readers skip the fills of pending imports, so
 * nobody sees half an import; on any failure the chunks written so far are deleted with the
 * import row. A process killed mid-import leaves a pending import that stays invisible.
 */
import { and, asc, count, eq, gt, lt, or, sql } from 'drizzle-orm';
import type { VouchDb } from '../../db/client.js';
import { ledgerFills, ledgerImports, type LedgerFillRow, type NewLedgerFillRow } from '../../db/schema/ledger.js';
import { duplicateTradeError, type LedgerImportInput, type LedgerSource, type LedgerStore } from './ledger-store.js';

/** Rows per INSERT statement: 14 columns × 500 stays far below SQLite's variable limit. */
const BATCH = 500;
/** Rows per read page: a report over a large ledger never loads it whole. */
const PAGE = 5000;

type Tx = Parameters<Parameters<VouchDb['transaction']>[0]>[0];

export class SqliteLedgerStore implements LedgerStore {
  readonly dialect = 'sqlite' as const;
  constructor(private readonly db: VouchDb) {}

  async importRows(input: LedgerImportInput): Promise<{ importId: number; fills: number }> {
    const db = this.db;
    const importId = db
      .insert(ledgerImports)
      .values({
        tenant: input.tenant,
        source: input.source,
        sha256: input.sha256,
        fillCount: 0,
        importedAt: input.importedAt,
        state: 'pending',
      })
      .returning({ id: ledgerImports.id })
      .get().id;
    let count = 0;
    try {
      let rows: NewLedgerFillRow[] = [];
      let lines: number[] = [];
      const write = () => {
        insertBatch(db, rows, lines, input.source);
        rows = [];
        lines = [];
      };
      for await (const { row, line } of input.rows) {
        rows.push({ ...row, importId });
        lines.push(line);
        count += 1;
        if (rows.length === BATCH) write();
      }
      if (rows.length > 0) write();
      db.update(ledgerImports).set({ state: 'complete', fillCount: count }).where(eq(ledgerImports.id, importId)).run();
    } catch (err) {
      discardImport(db, importId);
      throw err;
    }
    return { importId, fills: count };
  }

  async *readRows(tenant: string): AsyncGenerator<LedgerFillRow> {
    let after: { timeMs: number; id: number } | undefined;
    for (;;) {
      const cursor = after;
      const complete = sql`${ledgerFills.importId} NOT IN (SELECT ${ledgerImports.id} FROM ${ledgerImports} WHERE ${ledgerImports.tenant} = ${tenant} AND ${ledgerImports.state} = 'pending')`;
      const where =
        cursor === undefined
          ? and(eq(ledgerFills.tenant, tenant), complete)
          : and(
              eq(ledgerFills.tenant, tenant),
              complete,
              or(
                gt(ledgerFills.timeMs, cursor.timeMs),
                and(eq(ledgerFills.timeMs, cursor.timeMs), gt(ledgerFills.id, cursor.id)),
              ),
            );
      const page = this.db
        .select()
        .from(ledgerFills)
        .where(where)
        .orderBy(asc(ledgerFills.timeMs), asc(ledgerFills.id))
        .limit(PAGE)
        .all();
      yield* page;
      if (page.length < PAGE) return;
      const last = page[page.length - 1]!;
      after = { timeMs: last.timeMs, id: last.id };
    }
  }

  async countFills(tenant: string): Promise<number> {
    return this.db.select({ n: count() }).from(ledgerFills).where(eq(ledgerFills.tenant, tenant)).get()?.n ?? 0;
  }
}

/** One batch in one (short) transaction; a trade id already stored names the row that repeats it. */
function insertBatch(db: VouchDb, batch: NewLedgerFillRow[], lines: number[], source: LedgerSource): void {
  db.transaction((tx) => {
    try {
      tx.insert(ledgerFills).values(batch).run();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const at = batch.findIndex((r) => exists(tx, r));
      throw duplicateTradeError(source, at === -1 ? undefined : lines[at], err);
    }
  });
}

/** Removes a failed import's fills and its row, in one transaction. */
function discardImport(db: VouchDb, importId: number): void {
  db.transaction((tx) => {
    tx.delete(ledgerFills).where(eq(ledgerFills.importId, importId)).run();
    tx.delete(ledgerImports)
      .where(and(eq(ledgerImports.id, importId), lt(ledgerImports.fillCount, 1)))
      .run();
  });
}

function exists(tx: Tx, r: Pick<NewLedgerFillRow, 'tenant' | 'venue' | 'account' | 'tradeId'>): boolean {
  const hit = tx
    .select({ id: ledgerFills.id })
    .from(ledgerFills)
    .where(
      and(
        eq(ledgerFills.tenant, r.tenant),
        eq(ledgerFills.venue, r.venue),
        eq(ledgerFills.account, r.account),
        eq(ledgerFills.tradeId, r.tradeId),
      ),
    )
    .limit(1)
    .get();
  return hit !== undefined;
}

/** better-sqlite3's constraint error, possibly wrapped by drizzle (DrizzleQueryError.cause). */
function isUniqueViolation(err: unknown): boolean {
  for (
    let e = err, depth = 0;
    typeof e === 'object' && e !== null && depth < 4;
    e = (e as { cause?: unknown }).cause, depth += 1
  ) {
    if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  }
  return false;
}
