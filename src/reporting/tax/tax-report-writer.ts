/**
 * Writes the JSON tax report while the engine streams: disposal records go straight to the
 * output as they are produced (they are the bulk: one per lot piece), the smaller parts (income,
 * shortfalls, aggregates, totals) follow at the end. The document equals buildTaxReport()'s
 * result field for field; only the key order differs (format first, totals last).
 */
import { MovementAggregator } from './movement-aggregator.js';
import type { TaxEngine } from './tax-engine.js';
import { taxReportWarnings } from './tax-warnings.js';
import {
  disposalRecord,
  incomeRecord,
  shortfallRecord,
  TAX_REPORT_FORMAT,
  totalsRecord,
  transactionAggregate,
  type IncomeRecord,
  type ShortfallRecord,
} from './tax-report.js';
import type { DisposalLine, IncomeLine, Movement, Shortfall, TaxSummary } from './types.js';

/** Where text goes (OutputFile in forms/output-file.ts implements it). */
export interface TextOutput {
  write(text: string): void;
  abort(): void;
}

export class TaxReportJsonWriter {
  private first = true;
  private readonly incomeLines: IncomeRecord[] = [];
  private readonly shortfalls: ShortfallRecord[] = [];
  private readonly movements = new MovementAggregator();

  constructor(private readonly out: TextOutput) {
    out.write(`{"format":${JSON.stringify(TAX_REPORT_FORMAT)},"disposals":[`);
  }

  disposal(l: DisposalLine): void {
    this.out.write(`${this.first ? '\n' : ',\n'}${JSON.stringify(disposalRecord(l))}`);
    this.first = false;
  }

  income(l: IncomeLine): void {
    this.incomeLines.push(incomeRecord(l));
  }

  shortfall(s: Shortfall): void {
    this.shortfalls.push(shortfallRecord(s));
  }

  movement(m: Movement): void {
    this.movements.add(m);
  }

  abort(): void {
    this.out.abort();
  }

  /** Writes the rest of the document; the caller then commits the output. */
  end(engine: TaxEngine, summary: TaxSummary, inputs?: Record<string, string>): void {
    const rest = {
      year: engine.year,
      jurisdiction: engine.jurisdiction.code,
      currency: engine.currency,
      method: engine.method,
      timeZone: engine.calendar.timeZone,
      complete: summary.complete,
      ...(inputs ? { inputs } : {}),
      warnings: taxReportWarnings(engine.jurisdiction, engine.currency),
      income: this.incomeLines,
      shortfalls: this.shortfalls,
      transactions: this.movements.result().map(transactionAggregate),
      totals: totalsRecord(summary.totals),
    };
    this.out.write(`${this.first ? '' : '\n'}],${JSON.stringify(rest).slice(1)}\n`);
  }
}
