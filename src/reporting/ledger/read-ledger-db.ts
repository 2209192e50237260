/**
 * Streams one tenant's stored fills in time order (ties in import order), a page at a time, so a
 * report over a large ledger never loads it whole. Rows were validated on import; they are parsed
 * again here so a hand-edited database cannot smuggle in a float or a malformed value. Fills of an
 * import still being written (state 'pending', see import-ledger.ts) are not part of the ledger yet.
 */
import { and, asc, eq, gt, or, sql } from 'drizzle-orm';
import type { VouchDb } from '../../db/client.js';
import { ledgerFills, ledgerImports, type LedgerFillRow } from '../../db/schema/ledger.js';
import { VouchError } from '../../errors/index.js';
import type { LedgerFill } from './fill.js';
import { FillFieldError, validateFill } from './validate-fill.js';

const PAGE = 5000;

export function* readLedgerFromDb(db: VouchDb, tenant: string): Generator<LedgerFill> {
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
    const page = db
      .select()
      .from(ledgerFills)
      .where(where)
      .orderBy(asc(ledgerFills.timeMs), asc(ledgerFills.id))
      .limit(PAGE)
      .all();
    for (const row of page) yield fromRow(row);
    if (page.length < PAGE) return;
    const last = page[page.length - 1]!;
    after = { timeMs: last.timeMs, id: last.id };
  }
}

function fromRow(row: LedgerFillRow): LedgerFill {
  try {
    const fill = validateFill({
      time: Math.floor(row.timeMs / 1000),
      account: row.account,
      asset: row.asset,
      side: row.side,
      quantity: row.quantity,
      price: row.price ?? '',
      quote: row.quote,
      fee: row.fee,
      feeAsset: row.feeAsset,
      venue: row.venue,
      tradeId: row.tradeId,
      kind: row.kind,
    });
    return { ...fill, timeMs: row.timeMs };
  } catch (err) {
    if (err instanceof FillFieldError) {
      throw new VouchError('LEDGER_ROW_INVALID', `stored fill ${row.id} has a malformed ${err.field}`, {
        details: { fillId: row.id, field: err.field },
      });
    }
    throw err;
  }
}
