/**
 * The ledger on PostgreSQL, shared by every service process. An import is ONE transaction: the
 * server does not block the event loop while it waits, so nothing needs the SQLite store's
 * 'pending' chunks — a rejected import rolls back whole, and a reader (another connection) never
 * sees a row of it before it commits.
 *
 * Isolation: READ COMMITTED, plus a transaction-scoped advisory lock per tenant taken first, so
 * two imports into one tenant's ledger run one after the other (another tenant's import does not
 * wait). Why the lock and not SERIALIZABLE: two imports sharing a trade id would otherwise insert
 * in different orders and deadlock, and serialization failures would need a retry loop; with the
 * lock the second sees the first's committed rows and its conflicting row is named. The unique
 * index (tenant, venue, account, trade_id) is still what refuses a duplicate, whatever the lock.
 * Import ids are drawn after the lock, so a tenant's imports commit in id order: a reader bounds
 * its pages by the newest import committed when it started, and an import committing mid-read is
 * not half in the report.
 */
import { and, asc, count, eq, gt, lte, max, or, sql } from 'drizzle-orm';
import type { VouchPgDb } from '../../db/pg-client.js';
import { guarded } from '../../db/pg-client.js';
import { ledgerFills, ledgerImports } from '../../db/schema-pg/reporting.js';
import type { LedgerFillRow } from '../../db/schema/ledger.js';
import { duplicateTradeError, type LedgerImportInput, type LedgerStore, type LocatedRow } from './ledger-store.js';

/** Rows per INSERT: 14 columns × 1000 stays far below PostgreSQL's 65,535 parameters. */
const BATCH = 1000;
const PAGE = 5000;
/** First key of the per-tenant import lock (pg_advisory_xact_lock(int, int)): "LEDG". */
const LEDGER_LOCK = 0x4c454447;

type Tx = Parameters<Parameters<VouchPgDb['transaction']>[0]>[0];

export class PgLedgerStore implements LedgerStore {
  readonly dialect = 'postgres' as const;
  constructor(private readonly db: VouchPgDb) {}

  importRows(input: LedgerImportInput): Promise<{ importId: number; fills: number }> {
    return guarded(() =>
      this.db.transaction(
        async (tx) => {
          await tx.execute(sql`SELECT pg_advisory_xact_lock(${LEDGER_LOCK}, hashtext(${input.tenant}))`);
          const [imp] = await tx
            .insert(ledgerImports)
            .values({
              tenant: input.tenant,
              source: input.source,
              sha256: input.sha256,
              fillCount: 0,
              importedAt: input.importedAt,
              state: 'complete',
            })
            .returning({ id: ledgerImports.id });
          const importId = imp!.id;
          let fills = 0;
          let batch: LocatedRow[] = [];
          for await (const r of input.rows) {
            batch.push(r);
            fills += 1;
            if (batch.length === BATCH) {
              await insertBatch(tx, importId, batch, input.source);
              batch = [];
            }
          }
          if (batch.length > 0) await insertBatch(tx, importId, batch, input.source);
          await tx.update(ledgerImports).set({ fillCount: fills }).where(eq(ledgerImports.id, importId));
          return { importId, fills };
        },
        { isolationLevel: 'read committed' },
      ),
    );
  }

  async *readRows(tenant: string): AsyncGenerator<LedgerFillRow> {
    const [top] = await guarded(() =>
      this.db
        .select({ id: max(ledgerImports.id) })
        .from(ledgerImports)
        .where(eq(ledgerImports.tenant, tenant)),
    );
    const bound = top?.id;
    if (bound === null || bound === undefined) return;
    let after: { timeMs: number; id: number } | undefined;
    for (;;) {
      const cursor = after;
      const base = and(eq(ledgerFills.tenant, tenant), lte(ledgerFills.importId, bound));
      const where =
        cursor === undefined
          ? base
          : and(
              base,
              or(
                gt(ledgerFills.timeMs, cursor.timeMs),
                and(eq(ledgerFills.timeMs, cursor.timeMs), gt(ledgerFills.id, cursor.id)),
              ),
            );
      const page = await guarded(() =>
        this.db
          .select()
          .from(ledgerFills)
          .where(where)
          .orderBy(asc(ledgerFills.timeMs), asc(ledgerFills.id))
          .limit(PAGE),
      );
      yield* page;
      if (page.length < PAGE) return;
      const last = page[page.length - 1]!;
      after = { timeMs: last.timeMs, id: last.id };
    }
  }

  async countFills(tenant: string): Promise<number> {
    const [r] = await guarded(() =>
      this.db.select({ n: count() }).from(ledgerFills).where(eq(ledgerFills.tenant, tenant)),
    );
    return Number(r?.n ?? 0);
  }
}

/**
 * One INSERT … ON CONFLICT DO NOTHING: a row that conflicts (a trade id the tenant has, or one
 * repeated in the batch) is skipped instead of aborting the transaction, so the first row
 * missing from RETURNING names the line; throwing then rolls the whole import back.
 */
async function insertBatch(
  tx: Tx,
  importId: number,
  batch: LocatedRow[],
  source: LedgerImportInput['source'],
): Promise<void> {
  const inserted = await tx
    .insert(ledgerFills)
    .values(batch.map((b) => ({ ...b.row, importId })))
    .onConflictDoNothing()
    .returning({ venue: ledgerFills.venue, account: ledgerFills.account, tradeId: ledgerFills.tradeId });
  if (inserted.length === batch.length) return;
  const key = (r: { venue: string; account: string; tradeId: string }) =>
    JSON.stringify([r.venue, r.account, r.tradeId]);
  const got = new Map<string, number>();
  for (const r of inserted) got.set(key(r), (got.get(key(r)) ?? 0) + 1);
  const missing = batch.find((b) => {
    const k = key(b.row);
    const n = got.get(k) ?? 0;
    if (n === 0) return true;
    got.set(k, n - 1);
    return false;
  });
  throw duplicateTradeError(source, missing?.line);
}
