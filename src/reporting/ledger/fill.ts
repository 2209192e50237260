/**
 * The ledger's unit: one fill of one account, as a venue reports it. Quantities, prices and fees
 * are exact fixed-point decimals (see decimal.ts); times are integer Unix milliseconds (input is
 * Unix seconds or ISO 8601, milliseconds keep sub-second order).
 *
 * Meaning of the fields by kind:
 * - `spot`: `side` buy|sell `quantity` units of `asset` at `price` units of `quote` each.
 * - `pnl` (realized derivative profit/loss) and `funding` (perpetual funding payments):
 *   `side` credit (received) | debit (paid) `quantity` units of the settlement asset `quote`;
 *   `asset` names the instrument (e.g. BTC-PERP); `price` is empty.
 * - Every kind: `fee` units of `feeAsset` paid (empty fee means zero).
 */
import type { Fixed } from './decimal.js';

export const LEDGER_COLUMNS = [
  'time',
  'account',
  'asset',
  'side',
  'quantity',
  'price',
  'quote',
  'fee',
  'feeAsset',
  'venue',
  'tradeId',
  'kind',
] as const;
export type LedgerColumn = (typeof LEDGER_COLUMNS)[number];

export const FILL_KINDS = ['spot', 'pnl', 'funding'] as const;
export type FillKind = (typeof FILL_KINDS)[number];

export type SpotSide = 'buy' | 'sell';
export type CashflowSide = 'credit' | 'debit';
export type FillSide = SpotSide | CashflowSide;

export interface LedgerFill {
  /** Unix milliseconds (UTC). */
  timeMs: number;
  account: string;
  asset: string;
  side: FillSide;
  quantity: Fixed;
  /** Units of `quote` per unit of `asset`; null for pnl/funding. */
  price: Fixed | null;
  quote: string;
  /** Zero when no fee was paid. */
  fee: Fixed;
  /** Empty when fee is zero and no asset was named. */
  feeAsset: string;
  /** May be empty. */
  venue: string;
  tradeId: string;
  kind: FillKind;
}

/**
 * A fill as a hook receipt carries it (src/hook): the hook admits a trade and writes a receipt;
 * the trade's economic fields become a ledger fill. Decimals are strings (never JSON numbers),
 * time is Unix seconds or ISO 8601, and `account` is the venue's pseudonymous account id, never
 * a person's identity. `receiptId` ties the fill to the receipt (and its log entry).
 */
export interface ReceiptFill {
  receiptId: string;
  time: number | string;
  account: string;
  asset: string;
  side: FillSide;
  quantity: string;
  price?: string;
  quote: string;
  fee?: string;
  feeAsset?: string;
  venue: string;
  tradeId: string;
  /** Default `spot`. */
  kind?: FillKind;
}
