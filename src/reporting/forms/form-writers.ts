/**
 * Streaming writers for the forms: tax-engine sinks that turn each disposal into a form row as it
 * is produced, so a 10^6-fill ledger becomes a 1099-DA or 8949 file without holding the rows.
 */
import {
  type TaxSummary,
  disposalRecord,
  shortfallRecord,
  type TextOutput,
  type DisposalLine,
  type Shortfall,
} from '../tax/index.js';
import { csvLine } from './csv-line.js';
import {
  FORM_1099DA_CSV_COLUMNS,
  FORM_1099DA_FORMAT,
  form1099DaCsvLine,
  form1099DaRow,
  form1099DaShortfallRow,
  type Form1099DaOptions,
} from './form-1099da.js';
import { FORM_8949_COLUMNS, form8949CsvLine, form8949Row, type BasisReporting } from './form-8949.js';

export class Form8949Writer {
  constructor(
    private readonly out: TextOutput,
    private readonly basisReporting: BasisReporting = 'none',
  ) {
    out.write(csvLine(FORM_8949_COLUMNS));
  }

  disposal(l: DisposalLine): void {
    this.out.write(form8949CsvLine(form8949Row(disposalRecord(l), this.basisReporting)));
  }

  abort(): void {
    this.out.abort();
  }
}

export class Form1099DaCsvWriter {
  constructor(
    private readonly out: TextOutput,
    private readonly options: Form1099DaOptions = {},
  ) {
    out.write(csvLine(FORM_1099DA_CSV_COLUMNS));
  }

  disposal(l: DisposalLine): void {
    this.out.write(form1099DaCsvLine(form1099DaRow(disposalRecord(l), this.options)));
  }

  shortfall(s: Shortfall): void {
    this.out.write(form1099DaCsvLine(form1099DaShortfallRow(shortfallRecord(s), this.options)));
  }

  abort(): void {
    this.out.abort();
  }
}

/** The JSON document of form1099DaFromReport(), rows streamed; `complete` comes last. */
export class Form1099DaJsonWriter {
  private first = true;

  constructor(
    private readonly out: TextOutput,
    meta: { year: number; currency: string; method: string },
    private readonly options: Form1099DaOptions = {},
  ) {
    out.write(
      `{"format":${JSON.stringify(FORM_1099DA_FORMAT)},"year":${meta.year},"currency":${JSON.stringify(meta.currency)},"method":${JSON.stringify(meta.method)},"rows":[`,
    );
  }

  disposal(l: DisposalLine): void {
    this.row(form1099DaRow(disposalRecord(l), this.options));
  }

  shortfall(s: Shortfall): void {
    this.row(form1099DaShortfallRow(shortfallRecord(s), this.options));
  }

  abort(): void {
    this.out.abort();
  }

  end(summary: TaxSummary): void {
    this.out.write(`${this.first ? '' : '\n'}],"complete":${summary.complete}}\n`);
  }

  private row(r: object): void {
    this.out.write(`${this.first ? '\n' : ',\n'}${JSON.stringify(r)}`);
    this.first = false;
  }
}
