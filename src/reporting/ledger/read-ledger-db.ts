/**
 * Streams one tenant's stored fills in time order (ties in import order), a page at a time, so a
 * report over a large ledger never loads it whole. Rows were validated on import; they are parsed
 * again here so a hand-edited database cannot smuggle in a float or a malformed value.
 */
import { and, asc, eq, gt, or } from 'drizzle-orm';
import type { VouchDb } from '../../db/client.js';
import { ledgerFills, type LedgerFillRow } from '../../db/schema/ledger.js';
import { VouchError } from '../../errors/index.js';
import type { LedgerFill } from './fill.js';
import { FillFieldError, validateFill } from './validate-fill.js';

const PAGE = 5000;

export function* readLedgerFromDb(db: VouchDb, tenant: string): Generator<LedgerFill> {
  let after: { timeMs: number; id: number } | undefined;
  for (;;) {
    const cursor = after;
    const where = cursor === undefined
      ? eq(ledgerFills.tenant, tenant)
      : and(
          eq(ledgerFills.tenant, tenant),
          or(gt(ledgerFills.timeMs, cursor.timeMs), and(eq(ledgerFills.timeMs, cursor.timeMs), gt(ledgerFills.id, cursor.id))),
        );
    const page = db.select().from(ledgerFills).where(where).orderBy(asc(ledgerFills.timeMs), asc(ledgerFills.id)).limit(PAGE).all();
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
      throw new VouchError('LEDGER_ROW_INVALID', `stored fill ${row.id} has a malformed ${err.field}`, { details: { fillId: row.id, field: err.field } });
    }
    throw err;
  }
}
