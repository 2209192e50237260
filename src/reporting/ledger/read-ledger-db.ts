/**
 * Streams one tenant's stored fills in time order (ties in import order), a page at a time (the
 * store pages), so a report over a large ledger never loads it whole. Rows were validated on import; they are parsed
 * again here so a hand-edited database cannot smuggle in a float or a malformed value. Fills of an
 * import still being written are not part of the ledger yet (the store skips them).
 */
import type { LedgerFillRow } from '../../db/schema/ledger.js';
import { VouchError } from '../../errors/index.js';
import type { LedgerFill } from './fill.js';
import type { LedgerStore } from './ledger-store.js';
import { FillFieldError, validateFill } from './validate-fill.js';

export async function* readLedgerFromDb(store: LedgerStore, tenant: string): AsyncGenerator<LedgerFill> {
  for await (const row of store.readRows(tenant)) yield fromRow(row);
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
