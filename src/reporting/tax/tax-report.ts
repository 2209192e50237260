/**
 * The tax report as JSON (reports/tax-report.schema.json): records and totals with every amount an
 * exact decimal string in the report currency (no rounding: sums of the records equal the totals
 * to the last digit, which is what an auditor recomputes). Forms round when they are written.
 */
import { formatDecimal } from '../ledger/index.js';
import type { MovementTotals } from './movement-aggregator.js';
import type { TaxWarning } from './tax-warnings.js';
import type { ClassTotals, DisposalLine, IncomeLine, LotMethod, MovementType, Shortfall, TaxTotals } from './types.js';

export const TAX_REPORT_FORMAT = 'vouch-tax-report/1';

export interface DisposalRecord {
  id: string;
  account: string;
  venue: string;
  tradeId: string;
  leg: DisposalLine['leg'];
  asset: string;
  lotId: string;
  quantity: string;
  acquiredAt: string;
  disposedAt: string;
  acquiredDate: string;
  disposedDate: string;
  proceeds: string;
  costBasis: string;
  gain: string;
  holdingClass: string;
  term: 'short' | 'long';
  identification?: 'specified' | 'fifo-default';
}

export interface IncomeRecord {
  id: string;
  account: string;
  venue: string;
  tradeId: string;
  kind: 'pnl' | 'funding';
  instrument: string;
  settlementAsset: string;
  units: string;
  time: string;
  date: string;
  amount: string;
  fee: string;
  net: string;
}

export interface ShortfallRecord {
  account: string;
  venue: string;
  tradeId: string;
  leg: Shortfall['leg'];
  asset: string;
  time: string;
  date: string;
  quantity: string;
  proceeds: string;
}

export interface TransactionAggregate {
  account: string;
  asset: string;
  type: MovementType;
  transferType?: string;
  transactions: number;
  units: string;
  amount: string;
}

export interface ClassTotalsRecord {
  lines: number;
  proceeds: string;
  costBasis: string;
  gain: string;
}

export interface TaxReport {
  format: typeof TAX_REPORT_FORMAT;
  year: number;
  jurisdiction: string;
  currency: string;
  method: LotMethod;
  timeZone: string;
  /** False when a disposal in the year had too few acquisitions; see `shortfalls`. */
  complete: boolean;
  /** SHA-256 (hex) of the input files, when the report was made from files. */
  inputs?: Record<string, string>;
  /** What a reader must not miss about the inputs (e.g. a currency that is not the jurisdiction's). */
  warnings: TaxWarning[];
  totals: {
    fills: number;
    fillsInYear: number;
    disposals: ClassTotalsRecord;
    byClass: Record<string, ClassTotalsRecord>;
    income: { lines: number; pnl: string; funding: string; fees: string; net: string };
    shortfalls: { lines: number; proceeds: string };
  };
  disposals: DisposalRecord[];
  income: IncomeRecord[];
  shortfalls: ShortfallRecord[];
  /** Per account, asset and transaction type: count, units, fiat amount (the CARF aggregates). */
  transactions: TransactionAggregate[];
}

const iso = (ms: number): string => new Date(ms).toISOString();
const dec = formatDecimal;

export function disposalRecord(l: DisposalLine): DisposalRecord {
  return {
    id: l.id,
    account: l.account,
    venue: l.venue,
    tradeId: l.tradeId,
    leg: l.leg,
    asset: l.asset,
    lotId: l.lotId,
    quantity: dec(l.quantity),
    acquiredAt: iso(l.acquiredMs),
    disposedAt: iso(l.disposedMs),
    acquiredDate: l.acquiredDate,
    disposedDate: l.disposedDate,
    proceeds: dec(l.proceeds),
    costBasis: dec(l.costBasis),
    gain: dec(l.gain),
    holdingClass: l.holdingClass,
    term: l.term,
    ...(l.identification ? { identification: l.identification } : {}),
  };
}

export function incomeRecord(l: IncomeLine): IncomeRecord {
  return {
    id: l.id,
    account: l.account,
    venue: l.venue,
    tradeId: l.tradeId,
    kind: l.kind,
    instrument: l.instrument,
    settlementAsset: l.settlementAsset,
    units: dec(l.units),
    time: iso(l.timeMs),
    date: l.date,
    amount: dec(l.amount),
    fee: dec(l.fee),
    net: dec(l.net),
  };
}

export function shortfallRecord(s: Shortfall): ShortfallRecord {
  return {
    account: s.account,
    venue: s.venue,
    tradeId: s.tradeId,
    leg: s.leg,
    asset: s.asset,
    time: iso(s.timeMs),
    date: s.date,
    quantity: dec(s.quantity),
    proceeds: dec(s.proceeds),
  };
}

export function transactionAggregate(t: MovementTotals): TransactionAggregate {
  return {
    account: t.account,
    asset: t.asset,
    type: t.type,
    ...(t.transferType ? { transferType: t.transferType } : {}),
    transactions: t.transactions,
    units: dec(t.units),
    amount: dec(t.amount),
  };
}

function classRecord(c: ClassTotals): ClassTotalsRecord {
  return { lines: c.lines, proceeds: dec(c.proceeds), costBasis: dec(c.costBasis), gain: dec(c.gain) };
}

export function totalsRecord(t: TaxTotals): TaxReport['totals'] {
  return {
    fills: t.fills,
    fillsInYear: t.fillsInYear,
    disposals: classRecord(t.disposals),
    byClass: Object.fromEntries(Object.entries(t.byClass).map(([k, v]) => [k, classRecord(v)])),
    income: {
      lines: t.income.lines,
      pnl: dec(t.income.pnl),
      funding: dec(t.income.funding),
      fees: dec(t.income.fees),
      net: dec(t.income.net),
    },
    shortfalls: { lines: t.shortfalls.lines, proceeds: dec(t.shortfalls.proceeds) },
  };
}
