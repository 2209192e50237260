/**
 * Realized gains by calendar month of disposal, from a tax report's disposal records (or a tax
 * bundle's records, where disposals carry `type: "disposal"`): what the auditor console charts.
 * Sums are exact (decimal strings as 10^-18 fixed-point bigints, as taxAggregates sums them); the
 * month is the record's `disposedDate` — the local calendar date the report's time zone gave it —
 * never recomputed from an instant. Only numbers for a chart go out as floats (`chartValue`).
 */
import { VouchError } from '../../errors/index.js';
import { ONE, formatDecimal, parseDecimal, type Fixed } from '../ledger/index.js';

export interface MonthGains {
  /** `YYYY-MM`. */
  month: string;
  disposals: number;
  proceeds: string;
  costBasis: string;
  gain: string;
}

const DATE = /^([0-9]{4}-[0-9]{2})-[0-9]{2}$/;

/**
 * One row per month from the first to the last month with a disposal (months between without one
 * are zero rows), or every month of `year` when given. Records of another `type` are skipped; a
 * disposal with a malformed date or amount is INPUT_INVALID naming its index.
 */
export function gainsByMonth(records: readonly unknown[], year?: number): MonthGains[] {
  const sums = new Map<string, { n: number; proceeds: Fixed; costBasis: Fixed; gain: Fixed }>();
  records.forEach((raw, index) => {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    if (r.type !== undefined && r.type !== 'disposal') return;
    const m = typeof r.disposedDate === 'string' ? DATE.exec(r.disposedDate) : null;
    if (!m) throw new VouchError('INPUT_INVALID', `record ${index}: disposedDate must be YYYY-MM-DD`);
    const num = (field: string): Fixed => {
      const v = typeof r[field] === 'string' ? parseDecimal(r[field] as string) : undefined;
      if (v === undefined) throw new VouchError('INPUT_INVALID', `record ${index}: ${field} must be a decimal string`);
      return v;
    };
    const s = sums.get(m[1]!) ?? { n: 0, proceeds: 0n, costBasis: 0n, gain: 0n };
    s.n += 1;
    s.proceeds += num('proceeds');
    s.costBasis += num('costBasis');
    s.gain += num('gain');
    sums.set(m[1]!, s);
  });
  const months = monthRange([...sums.keys()].sort(), year);
  return months.map((month) => {
    const s = sums.get(month);
    return {
      month,
      disposals: s?.n ?? 0,
      proceeds: formatDecimal(s?.proceeds ?? 0n),
      costBasis: formatDecimal(s?.costBasis ?? 0n),
      gain: formatDecimal(s?.gain ?? 0n),
    };
  });
}

/** A decimal string as a float, for drawing only (never for sums). */
export function chartValue(decimal: string): number {
  const v = parseDecimal(decimal);
  if (v === undefined) throw new RangeError(`not a decimal: ${decimal}`);
  return Number(v / ONE) + Number(v % ONE) / Number(ONE);
}

function monthRange(present: readonly string[], year: number | undefined): string[] {
  const first = year !== undefined ? `${year}-01` : present[0];
  const last = year !== undefined ? `${year}-12` : present[present.length - 1];
  if (first === undefined || last === undefined) return [];
  const out: string[] = [];
  let [y, m] = first.split('-').map(Number) as [number, number];
  for (;;) {
    const key = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    out.push(key);
    if (key >= last) break;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  // a year given but disposals outside it: those months are kept too, in order
  return [...new Set([...out, ...present])].sort();
}
