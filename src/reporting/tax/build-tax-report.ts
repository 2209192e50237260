/**
 * The tax report as one JSON document, from any source of fills in time order: the function a
 * route, the CLI or a report bundle calls. It streams the fills through the engine and keeps only
 * the report's records (not the ledger).
 */
import type { LedgerFill } from '../ledger/index.js';
import { MovementAggregator } from './movement-aggregator.js';
import { TaxEngine, type TaxEngineOptions } from './tax-engine.js';
import { taxReportWarnings } from './tax-warnings.js';
import {
  disposalRecord,
  incomeRecord,
  shortfallRecord,
  TAX_REPORT_FORMAT,
  totalsRecord,
  transactionAggregate,
  type DisposalRecord,
  type IncomeRecord,
  type ShortfallRecord,
  type TaxReport,
} from './tax-report.js';
import type { TaxSink } from './types.js';

export interface BuildTaxReportOptions extends Omit<TaxEngineOptions, 'sink'> {
  /** SHA-256 of the inputs, copied into the report. */
  inputs?: Record<string, string>;
}

export type FillSource = AsyncIterable<LedgerFill> | Iterable<LedgerFill>;

export async function buildTaxReport(fills: FillSource, options: BuildTaxReportOptions): Promise<TaxReport> {
  const collector = new TaxReportCollector();
  const engine = new TaxEngine({ ...options, sink: collector });
  for await (const fill of fills) engine.push(fill);
  const summary = engine.finish();
  return collector.report(engine, summary.complete, summary.totals, options.inputs);
}

/** A sink that keeps the JSON records of everything the engine emits. */
export class TaxReportCollector implements TaxSink {
  readonly disposals: DisposalRecord[] = [];
  readonly incomeLines: IncomeRecord[] = [];
  readonly shortfalls: ShortfallRecord[] = [];
  readonly movements = new MovementAggregator();

  disposal: NonNullable<TaxSink['disposal']> = (l) => {
    this.disposals.push(disposalRecord(l));
  };
  income: NonNullable<TaxSink['income']> = (l) => {
    this.incomeLines.push(incomeRecord(l));
  };
  shortfall: NonNullable<TaxSink['shortfall']> = (s) => {
    this.shortfalls.push(shortfallRecord(s));
  };
  movement: NonNullable<TaxSink['movement']> = (m) => {
    this.movements.add(m);
  };

  report(
    engine: TaxEngine,
    complete: boolean,
    totals: Parameters<typeof totalsRecord>[0],
    inputs?: Record<string, string>,
  ): TaxReport {
    return {
      format: TAX_REPORT_FORMAT,
      year: engine.year,
      jurisdiction: engine.jurisdiction.code,
      currency: engine.currency,
      method: engine.method,
      timeZone: engine.calendar.timeZone,
      complete,
      ...(inputs ? { inputs } : {}),
      warnings: taxReportWarnings(engine.jurisdiction, engine.currency),
      totals: totalsRecord(totals),
      disposals: this.disposals,
      income: this.incomeLines,
      shortfalls: this.shortfalls,
      transactions: this.movements.result().map(transactionAggregate),
    };
  }
}
