/**
 * Form 8949 style CSV (Sales and Other Dispositions of Capital Assets): one row per disposal piece
 * with columns (a) description, (b) date acquired, (c) date sold, (d) proceeds, (e) cost basis,
 * (f)/(g) adjustment code and amount (empty: Vouch computes no adjustments), (h) gain or loss;
 * Part I (short-term) or II (long-term) and the 2025 digital-asset box: G/J when the basis was
 * reported to the IRS on a 1099-DA, H/K when a 1099-DA was received without basis, I/L when no
 * 1099-DA was received. Amounts are rounded half-even to cents, (h) = (d) − (e) of the rounded
 * figures so every row adds up; dates are MM/DD/YYYY as on the form.
 * Units without an acquisition (shortfalls) have no basis and are NOT written: the taxpayer must
 * supply it; the report's `complete` flag says so.
 */
import { formatFixed, parseDecimal } from '../ledger/index.js';
import type { DisposalRecord, TaxReport } from '../tax/index.js';
import { csvLine } from './csv-line.js';

export type BasisReporting = 'reported' | 'not-reported' | 'none';

const BOXES: Record<BasisReporting, { short: string; long: string }> = {
  reported: { short: 'G', long: 'J' },
  'not-reported': { short: 'H', long: 'K' },
  none: { short: 'I', long: 'L' },
};

export const FORM_8949_COLUMNS = [
  'account',
  'part',
  'box',
  'description',
  'date_acquired',
  'date_sold',
  'proceeds',
  'cost_basis',
  'adjustment_code',
  'adjustment_amount',
  'gain_or_loss',
  'record_id',
] as const;

export interface Form8949Row {
  account: string;
  part: 'I' | 'II';
  box: string;
  description: string;
  dateAcquired: string;
  dateSold: string;
  proceeds: string;
  costBasis: string;
  gainOrLoss: string;
  recordId: string;
}

export function form8949Row(d: DisposalRecord, basisReporting: BasisReporting = 'none'): Form8949Row {
  const proceeds = parseDecimal(d.proceeds)!;
  const basis = parseDecimal(d.costBasis)!;
  const p = formatFixed(proceeds, 2);
  const b = formatFixed(basis, 2);
  return {
    account: d.account,
    part: d.term === 'short' ? 'I' : 'II',
    box: BOXES[basisReporting][d.term],
    description: `${d.quantity} ${d.asset}`,
    dateAcquired: usDate(d.acquiredDate),
    dateSold: usDate(d.disposedDate),
    proceeds: p,
    costBasis: b,
    gainOrLoss: formatFixed(parseDecimal(p)! - parseDecimal(b)!, 2),
    recordId: d.id,
  };
}

export function form8949CsvLine(r: Form8949Row): string {
  return csvLine([
    r.account,
    r.part,
    r.box,
    r.description,
    r.dateAcquired,
    r.dateSold,
    r.proceeds,
    r.costBasis,
    '',
    '',
    r.gainOrLoss,
    r.recordId,
  ]);
}

export function form8949Csv(report: TaxReport, basisReporting: BasisReporting = 'none'): string {
  return (
    csvLine(FORM_8949_COLUMNS) + report.disposals.map((d) => form8949CsvLine(form8949Row(d, basisReporting))).join('')
  );
}

/** YYYY-MM-DD → MM/DD/YYYY. */
function usDate(iso: string): string {
  return `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
}
