/**
 * What the tax engine emits while it streams: one line per lot piece disposed, one per income
 * fill, one per disposal it could not cover, one per asset movement (for CARF aggregates).
 * Amounts are fixed-point bigints in the report currency (see ledger/decimal.ts); the JSON report
 * turns them into exact decimal strings.
 */
import type { Fixed } from '../ledger/index.js';

export const LOT_METHODS = ['FIFO', 'LIFO', 'HIFO', 'AVERAGE', 'SPECIFIC'] as const;
export type LotMethod = (typeof LOT_METHODS)[number];

export function isLotMethod(m: string): m is LotMethod {
  return (LOT_METHODS as readonly string[]).includes(m);
}

/**
 * Which part of a fill a line comes from: the traded asset (`base`), the quote asset of a
 * crypto–crypto trade (`quote`), a fee paid in a crypto-asset (`fee`), or the crypto-asset a pnl or
 * funding fill settled in (`settlement`).
 */
export type Leg = 'base' | 'quote' | 'fee' | 'settlement';

export interface DisposalLine {
  /** Unique within a report: account/venue/tradeId/leg/piece, each part URI-encoded. */
  id: string;
  account: string;
  venue: string;
  tradeId: string;
  leg: Leg;
  asset: string;
  /** The acquisition lot this piece came from (lot ids: tradeId, tradeId#quote, tradeId#settlement). */
  lotId: string;
  quantity: Fixed;
  acquiredMs: number;
  disposedMs: number;
  /** Local calendar dates, YYYY-MM-DD. */
  acquiredDate: string;
  disposedDate: string;
  /** Net of the fee attributed to this leg, allocated pro rata over the pieces. */
  proceeds: Fixed;
  costBasis: Fixed;
  gain: Fixed;
  holdingClass: string;
  term: 'short' | 'long';
  /** SPECIFIC only: the lot was named in the selection, or chosen by the FIFO default. */
  identification?: 'specified' | 'fifo-default';
}

export interface IncomeLine {
  id: string;
  account: string;
  venue: string;
  tradeId: string;
  kind: 'pnl' | 'funding';
  /** The derivative the fill is about (the ledger's `asset`). */
  instrument: string;
  /** The asset the amount was settled in (the ledger's `quote`). */
  settlementAsset: string;
  /** Settled units, negative for a debit. */
  units: Fixed;
  timeMs: number;
  date: string;
  /** Fiat value of `units` (negative for a debit). */
  amount: Fixed;
  /** Fiat value of the fee paid on the fill. */
  fee: Fixed;
  /** amount − fee. */
  net: Fixed;
}

export interface Shortfall {
  account: string;
  venue: string;
  tradeId: string;
  leg: Leg;
  asset: string;
  timeMs: number;
  date: string;
  /** Units disposed of that no acquisition in the ledger covers. */
  quantity: Fixed;
  /** The proceeds allocated to those units; no basis is invented for them. */
  proceeds: Fixed;
}

/** CARF transaction classes (RelevantTransactions_Type children). */
export type MovementType =
  | 'CryptoToCryptoIn'
  | 'CryptoToCryptoOut'
  | 'CryptoFiatIn'
  | 'CryptoFiatOut'
  | 'CryptoTransferIn'
  | 'CryptoTransferOut';

export interface Movement {
  account: string;
  asset: string;
  type: MovementType;
  /** CARF TransferType / TransferOutType code, for transfers. */
  transferType?: string;
  units: Fixed;
  /** Fiat amount paid or received (gross, before fees), or fair market value. */
  amount: Fixed;
  timeMs: number;
}

export interface TaxSink {
  disposal?(line: DisposalLine): void;
  income?(line: IncomeLine): void;
  shortfall?(s: Shortfall): void;
  movement?(m: Movement): void;
}

export interface ClassTotals {
  lines: number;
  proceeds: Fixed;
  costBasis: Fixed;
  gain: Fixed;
}

export interface TaxTotals {
  /** Fills read (every year, the lots need the history). */
  fills: number;
  /** Fills dated in the report year. */
  fillsInYear: number;
  disposals: ClassTotals;
  byClass: Record<string, ClassTotals>;
  income: { lines: number; pnl: Fixed; funding: Fixed; fees: Fixed; net: Fixed };
  shortfalls: { lines: number; proceeds: Fixed };
}

export interface TaxSummary {
  /** False when some disposal in the year had no acquisition to take its basis from. */
  complete: boolean;
  totals: TaxTotals;
}
