/**
 * A tax report as records and aggregates for a signed report bundle (src/reporting/bundle): each
 * disposal, income and shortfall record becomes one bundle record (tagged with its `type`), and
 * `taxAggregates` recomputes the totals from records alone, exactly (decimal strings summed as
 * fixed-point bigints), so an auditor holding every record gets byte-identical aggregates.
 * Register it with the bundle module: registerBundleAggregator('tax', (records) => taxAggregates(records)).
 */
import { VouchError } from '../../errors/index.js';
import { formatDecimal, parseDecimal, type Fixed } from '../ledger/index.js';
import type { DisposalRecord, IncomeRecord, ShortfallRecord, TaxReport } from './tax-report.js';

/**
 * A disposal, income or shortfall record tagged with its `type`: a flat JSON object of strings and
 * integers (assignable to the log's JsonValue, which the bundle commits to).
 */
export type TaxBundleRecord = { readonly [field: string]: string | number };

export interface TaxAggregates {
  /** No shortfall records. */
  complete: boolean;
  disposals: { lines: number; proceeds: string; costBasis: string; gain: string };
  /** Holding classes that occur, sorted by id. */
  byClass: Record<string, { lines: number; proceeds: string; costBasis: string; gain: string }>;
  income: { lines: number; pnl: string; funding: string; fees: string; net: string };
  shortfalls: { lines: number; proceeds: string };
}

export function taxBundleRecords(report: Pick<TaxReport, 'disposals' | 'income' | 'shortfalls'>): TaxBundleRecord[] {
  const tag = (type: string, r: DisposalRecord | IncomeRecord | ShortfallRecord): TaxBundleRecord => {
    const out: Record<string, string | number> = { type };
    for (const [k, v] of Object.entries(r)) if (v !== undefined) out[k] = v as string | number;
    return out;
  };
  return [
    ...report.disposals.map((r) => tag('disposal', r)),
    ...report.income.map((r) => tag('income', r)),
    ...report.shortfalls.map((r) => tag('shortfall', r)),
  ];
}

interface Sum {
  lines: number;
  proceeds: Fixed;
  costBasis: Fixed;
  gain: Fixed;
}

/** Totals from records alone. A malformed record is INPUT_INVALID naming its index. */
export function taxAggregates(records: readonly unknown[]): TaxAggregates {
  const zero = (): Sum => ({ lines: 0, proceeds: 0n, costBasis: 0n, gain: 0n });
  const all = zero();
  const byClass = new Map<string, Sum>();
  const income = { lines: 0, pnl: 0n, funding: 0n, fees: 0n, net: 0n };
  const short = { lines: 0, proceeds: 0n };
  records.forEach((raw, index) => {
    const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const num = (field: string): Fixed => {
      const v = typeof r[field] === 'string' ? parseDecimal(r[field] as string) : undefined;
      if (v === undefined)
        throw new VouchError('INPUT_INVALID', `record ${index}: ${field} must be a decimal string`, {
          details: { index, field },
        });
      return v;
    };
    switch (r.type) {
      case 'disposal': {
        const cls = typeof r.holdingClass === 'string' ? r.holdingClass : '';
        if (cls === '')
          throw new VouchError('INPUT_INVALID', `record ${index}: holdingClass is missing`, {
            details: { index, field: 'holdingClass' },
          });
        const [p, b, g] = [num('proceeds'), num('costBasis'), num('gain')];
        if (p - b !== g)
          throw new VouchError('INPUT_INVALID', `record ${index}: gain is not proceeds − costBasis`, {
            details: { index, field: 'gain' },
          });
        const c = byClass.get(cls) ?? zero();
        byClass.set(cls, c);
        for (const s of [all, c]) {
          s.lines += 1;
          s.proceeds += p;
          s.costBasis += b;
          s.gain += g;
        }
        return;
      }
      case 'income': {
        const [amount, fee, net] = [num('amount'), num('fee'), num('net')];
        if (amount - fee !== net)
          throw new VouchError('INPUT_INVALID', `record ${index}: net is not amount − fee`, {
            details: { index, field: 'net' },
          });
        if (r.kind !== 'pnl' && r.kind !== 'funding')
          throw new VouchError('INPUT_INVALID', `record ${index}: kind must be pnl or funding`, {
            details: { index, field: 'kind' },
          });
        income.lines += 1;
        income[r.kind] += amount;
        income.fees += fee;
        income.net += net;
        return;
      }
      case 'shortfall':
        short.lines += 1;
        short.proceeds += num('proceeds');
        return;
      default:
        throw new VouchError('INPUT_INVALID', `record ${index}: type must be disposal, income or shortfall`, {
          details: { index, field: 'type' },
        });
    }
  });
  const out = (s: Sum) => ({
    lines: s.lines,
    proceeds: formatDecimal(s.proceeds),
    costBasis: formatDecimal(s.costBasis),
    gain: formatDecimal(s.gain),
  });
  return {
    complete: short.lines === 0,
    disposals: out(all),
    byClass: Object.fromEntries([...byClass.keys()].sort().map((k) => [k, out(byClass.get(k)!)])),
    income: {
      lines: income.lines,
      pnl: formatDecimal(income.pnl),
      funding: formatDecimal(income.funding),
      fees: formatDecimal(income.fees),
      net: formatDecimal(income.net),
    },
    shortfalls: { lines: short.lines, proceeds: formatDecimal(short.proceeds) },
  };
}
