/**
 * One rule set for every way a fill arrives (CSV row, JSON object, hook receipt): raw values in,
 * a `LedgerFill` out, or a `FillFieldError` naming the field that is wrong. Callers add where the
 * row was (line and column, or JSON index) and raise LEDGER_ROW_INVALID.
 * Error reasons describe the rule, never echo the value (account ids and venues are business data).
 */
import { parseDecimal, type Fixed } from './decimal.js';
import { FILL_KINDS, type FillKind, type FillSide, type LedgerColumn, type LedgerFill } from './fill.js';
import { parseTime } from './parse-time.js';

export class FillFieldError extends Error {
  override readonly name = 'FillFieldError';
  constructor(
    readonly field: LedgerColumn,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** Raw values by column; CSV gives strings, JSON may give a number for time; absent = ''. */
export type RawFill = Partial<Record<LedgerColumn, string | number>>;

/** Asset and quote symbols: a letter or digit, then letters, digits, '.', '_', ':', '-' (≤ 64). */
const SYMBOL_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
/** Account, venue and trade ids: printable, no control characters, at most 128 characters. */
const ID_RE = /^[^\u0000-\u001f\u007f]{1,128}$/;

export function validateFill(raw: RawFill): LedgerFill {
  const timeRaw = raw.time ?? '';
  const timeMs = timeRaw === '' ? undefined : parseTime(timeRaw);
  if (timeMs === undefined) throw new FillFieldError('time', 'must be Unix seconds or ISO 8601 with an offset');

  const kindText = str(raw, 'kind');
  if (!(FILL_KINDS as readonly string[]).includes(kindText))
    throw new FillFieldError('kind', 'must be spot, pnl or funding');
  const kind = kindText as FillKind;

  const account = id(raw, 'account', true);
  const tradeId = id(raw, 'tradeId', true);
  const venue = id(raw, 'venue', false);
  const asset = symbol(raw, 'asset');
  const quote = symbol(raw, 'quote');

  const sideText = str(raw, 'side').toLowerCase();
  let side: FillSide;
  let price: Fixed | null;
  if (kind === 'spot') {
    if (sideText !== 'buy' && sideText !== 'sell')
      throw new FillFieldError('side', 'must be buy or sell for a spot fill');
    side = sideText;
    if (quote === asset) throw new FillFieldError('quote', 'must differ from asset');
    price = positive(raw, 'price');
  } else {
    if (sideText !== 'credit' && sideText !== 'debit')
      throw new FillFieldError('side', `must be credit or debit for a ${kind} fill`);
    side = sideText;
    if (str(raw, 'price') !== '')
      throw new FillFieldError('price', `must be empty for a ${kind} fill (quantity is already in the quote asset)`);
    price = null;
  }
  const quantity = positive(raw, 'quantity');

  const feeText = str(raw, 'fee');
  let fee = 0n;
  if (feeText !== '') {
    const f = parseDecimal(feeText);
    if (f === undefined || f < 0n)
      throw new FillFieldError('fee', 'must be a non-negative decimal with at most 18 fractional digits');
    fee = f;
  }
  const feeAssetText = str(raw, 'feeAsset');
  if (feeAssetText !== '' && !SYMBOL_RE.test(feeAssetText))
    throw new FillFieldError('feeAsset', 'must be an asset symbol');
  if (fee > 0n && feeAssetText === '') throw new FillFieldError('feeAsset', 'is required when a fee is paid');

  return { timeMs, account, asset, side, quantity, price, quote, fee, feeAsset: feeAssetText, venue, tradeId, kind };
}

function str(raw: RawFill, field: LedgerColumn): string {
  const v = raw[field];
  if (v === undefined) return '';
  if (typeof v !== 'string') throw new FillFieldError(field, 'must be a string');
  return v;
}

function id(raw: RawFill, field: LedgerColumn, required: boolean): string {
  const v = str(raw, field);
  if (v === '' && !required) return '';
  if (!ID_RE.test(v)) throw new FillFieldError(field, 'must be 1-128 printable characters');
  return v;
}

function symbol(raw: RawFill, field: LedgerColumn): string {
  const v = str(raw, field);
  if (!SYMBOL_RE.test(v))
    throw new FillFieldError(field, 'must be an asset symbol (letters, digits, . _ : -; at most 64)');
  return v;
}

function positive(raw: RawFill, field: LedgerColumn): Fixed {
  const v = parseDecimal(str(raw, field));
  if (v === undefined || v <= 0n)
    throw new FillFieldError(field, 'must be a positive decimal with at most 18 fractional digits');
  return v;
}
