/**
 * Fills that arrive from hook receipts instead of a file: the same validation as a CSV row, the
 * same all-or-nothing import, with the receipt id stored beside each fill.
 */
import { VouchError } from '../../errors/index.js';
import { FillKeyIndex } from './fill-key-index.js';
import type { LedgerFill, ReceiptFill } from './fill.js';
import { importLedger, type ImportLedgerResult } from './import-ledger.js';
import type { LedgerStore } from './ledger-store.js';
import { FillFieldError, validateFill } from './validate-fill.js';

/** A receipt's trade as a ledger fill; a malformed field is LEDGER_ROW_INVALID naming it. */
export function fillFromReceipt(receipt: ReceiptFill, index = 0): LedgerFill {
  if (typeof receipt.receiptId !== 'string' || receipt.receiptId.length === 0 || receipt.receiptId.length > 256) {
    throw new VouchError('LEDGER_ROW_INVALID', `receipt ${index + 1}: receiptId must be a non-empty string`, {
      details: { record: index + 1, field: 'receiptId' },
    });
  }
  try {
    return validateFill({
      time: receipt.time,
      account: receipt.account,
      asset: receipt.asset,
      side: receipt.side,
      quantity: receipt.quantity,
      price: receipt.price ?? '',
      quote: receipt.quote,
      fee: receipt.fee ?? '',
      feeAsset: receipt.feeAsset ?? '',
      venue: receipt.venue,
      tradeId: receipt.tradeId,
      kind: receipt.kind ?? 'spot',
    });
  } catch (err) {
    if (err instanceof FillFieldError) {
      throw new VouchError('LEDGER_ROW_INVALID', `receipt ${index + 1} (${err.field}): ${err.reason}`, {
        details: { record: index + 1, field: err.field },
      });
    }
    throw err;
  }
}

export interface ImportReceiptFillsOptions {
  tenant: string;
  receipts: readonly ReceiptFill[];
  now?: () => number;
}

export async function importReceiptFills(
  store: LedgerStore,
  options: ImportReceiptFillsOptions,
): Promise<ImportLedgerResult> {
  const seen = new FillKeyIndex();
  const fills = options.receipts.map((r, i) => {
    const fill = fillFromReceipt(r, i);
    const first = seen.add(fill.venue, fill.account, fill.tradeId, i + 1);
    if (first !== undefined) {
      throw new VouchError('LEDGER_DUPLICATE_TRADE', `receipt ${i + 1}: trade id already seen in receipt ${first}`, {
        details: { record: i + 1, firstRecord: first },
      });
    }
    return { fill, line: i + 1 };
  });
  return importLedger(store, {
    tenant: options.tenant,
    fills,
    source: 'receipts',
    receiptIds: options.receipts.map((r) => r.receiptId),
    ...(options.now ? { now: options.now } : {}),
  });
}
