/**
 * Form 1099-DA style rows (Digital Asset Proceeds From Broker Transactions): one row per disposal
 * piece, boxes 1b-1g plus term and gain, amounts rounded half-even to cents (schema:
 * reports/form-1099da.schema.json). Units disposed of that no acquisition covers become a row with
 * proceeds and a null basis (a broker reports gross proceeds even when it cannot report basis);
 * the report's `complete` flag is false then.
 */
import { formatFixed, parseDecimal } from '../ledger/index.js';
import type { DisposalRecord, ShortfallRecord, TaxReport } from '../tax/index.js';
import { csvLine } from './csv-line.js';

export const FORM_1099DA_FORMAT = 'vouch-1099da/1';

export interface Form1099DaRow {
  /** The tax report record this row comes from (disposal id, or the shortfall's trade). */
  recordId: string;
  account: string;
  /** Box 1a: DTIF code, when the caller knows it; null otherwise. */
  digitalAssetCode: string | null;
  /** Box 1b. */
  digitalAssetName: string;
  /** Box 1c, exact. */
  units: string;
  /** Box 1d, YYYY-MM-DD; null when the units have no acquisition in the ledger. */
  dateAcquired: string | null;
  /** Box 1e, YYYY-MM-DD. */
  dateSold: string;
  /** Box 1f, cents. */
  proceeds: string;
  /** Box 1g, cents; null when unknown. */
  costBasis: string | null;
  /** proceeds − costBasis of the rounded figures; null when the basis is unknown. */
  gainOrLoss: string | null;
  term: 'short' | 'long' | null;
}

export interface Form1099DaDocument {
  format: typeof FORM_1099DA_FORMAT;
  year: number;
  currency: string;
  method: string;
  complete: boolean;
  rows: Form1099DaRow[];
}

export interface Form1099DaOptions {
  /** Box 1a codes by asset symbol. */
  assetCodes?: Readonly<Record<string, string>>;
}

const cents = (amount: string): string => formatFixed(parseDecimal(amount)!, 2);

export function form1099DaRow(d: DisposalRecord, options: Form1099DaOptions = {}): Form1099DaRow {
  const proceeds = cents(d.proceeds);
  const costBasis = cents(d.costBasis);
  return {
    recordId: d.id,
    account: d.account,
    digitalAssetCode: options.assetCodes?.[d.asset] ?? null,
    digitalAssetName: d.asset,
    units: d.quantity,
    dateAcquired: d.acquiredDate,
    dateSold: d.disposedDate,
    proceeds,
    costBasis,
    gainOrLoss: formatFixed(parseDecimal(proceeds)! - parseDecimal(costBasis)!, 2),
    term: d.term,
  };
}

export function form1099DaShortfallRow(s: ShortfallRecord, options: Form1099DaOptions = {}): Form1099DaRow {
  return {
    recordId: `${encodeURIComponent(s.account)}/${encodeURIComponent(s.venue)}/${encodeURIComponent(s.tradeId)}/${s.leg}/uncovered`,
    account: s.account,
    digitalAssetCode: options.assetCodes?.[s.asset] ?? null,
    digitalAssetName: s.asset,
    units: s.quantity,
    dateAcquired: null,
    dateSold: s.date,
    proceeds: cents(s.proceeds),
    costBasis: null,
    gainOrLoss: null,
    term: null,
  };
}

/** The whole document from a JSON tax report. */
export function form1099DaFromReport(report: TaxReport, options: Form1099DaOptions = {}): Form1099DaDocument {
  return {
    format: FORM_1099DA_FORMAT,
    year: report.year,
    currency: report.currency,
    method: report.method,
    complete: report.complete,
    rows: [
      ...report.disposals.map((d) => form1099DaRow(d, options)),
      ...report.shortfalls.map((s) => form1099DaShortfallRow(s, options)),
    ],
  };
}

export const FORM_1099DA_CSV_COLUMNS = [
  'record_id',
  'account',
  'box_1a_digital_asset_code',
  'box_1b_digital_asset_name',
  'box_1c_units',
  'box_1d_date_acquired',
  'box_1e_date_sold',
  'box_1f_proceeds',
  'box_1g_cost_basis',
  'gain_or_loss',
  'term',
] as const;

/** One CSV line (CRLF-terminated); nulls are empty fields. */
export function form1099DaCsvLine(r: Form1099DaRow): string {
  return csvLine([
    r.recordId,
    r.account,
    r.digitalAssetCode ?? '',
    r.digitalAssetName,
    r.units,
    r.dateAcquired ?? '',
    r.dateSold,
    r.proceeds,
    r.costBasis ?? '',
    r.gainOrLoss ?? '',
    r.term ?? '',
  ]);
}

export function form1099DaCsv(report: TaxReport, options: Form1099DaOptions = {}): string {
  return csvLine(FORM_1099DA_CSV_COLUMNS) + form1099DaFromReport(report, options).rows.map(form1099DaCsvLine).join('');
}
