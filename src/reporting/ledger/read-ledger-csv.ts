/**
 * Reads a ledger CSV (header `time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,
 * tradeId,kind`, columns in any order, each exactly once) as a stream of validated fills.
 * The first bad row stops the stream with a coded error naming its line and column; callers that
 * persist (importLedger) only commit after the last row, so a bad file imports nothing.
 */
import { VouchError } from '../../errors/index.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { FillKeyIndex } from './fill-key-index.js';
import { LEDGER_COLUMNS, type LedgerColumn, type LedgerFill } from './fill.js';
import { FillFieldError, validateFill, type RawFill } from './validate-fill.js';

export type TextSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

export interface ReadLedgerOptions {
  /** Reject a second fill with the same venue, account and trade id (default true). */
  rejectDuplicates?: boolean;
}

/** A fill with the 1-based line its CSV record starts on. */
export interface LocatedFill {
  fill: LedgerFill;
  line: number;
}

export async function* readLedgerCsv(source: TextSource, options: ReadLedgerOptions = {}): AsyncGenerator<LocatedFill> {
  const seen = options.rejectDuplicates === false ? undefined : new FillKeyIndex();
  let columns: LedgerColumn[] | undefined;
  try {
    for await (const rec of parseCsv(source)) {
      if (columns === undefined) {
        columns = headerColumns(rec.fields, rec.line);
        continue;
      }
      if (rec.fields.length !== columns.length) {
        const column = Math.min(rec.fields.length, columns.length) + 1;
        throw rowError(
          rec.line,
          column,
          columns[column - 1],
          `expected ${columns.length} fields, found ${rec.fields.length}`,
        );
      }
      const raw: RawFill = {};
      for (let i = 0; i < columns.length; i += 1) raw[columns[i]!] = rec.fields[i]!;
      let fill: LedgerFill;
      try {
        fill = validateFill(raw);
      } catch (err) {
        if (err instanceof FillFieldError)
          throw rowError(rec.line, columns.indexOf(err.field) + 1, err.field, err.reason);
        throw err;
      }
      if (seen !== undefined) {
        const first = seen.add(fill.venue, fill.account, fill.tradeId, rec.line);
        if (first !== undefined) {
          throw new VouchError(
            'LEDGER_DUPLICATE_TRADE',
            `line ${rec.line}: trade id already seen on line ${first} for this venue and account`,
            {
              details: { line: rec.line, column: columns.indexOf('tradeId') + 1, field: 'tradeId', firstLine: first },
            },
          );
        }
      }
      yield { fill, line: rec.line };
    }
  } catch (err) {
    if (err instanceof CsvSyntaxError) {
      throw new VouchError('LEDGER_CSV_SYNTAX', `line ${err.line}, column ${err.column}: ${err.message}`, {
        details: { line: err.line, column: err.column },
      });
    }
    throw err;
  }
  if (columns === undefined)
    throw new VouchError('LEDGER_HEADER_INVALID', 'the file is empty: a header line is required', {
      details: { line: 1 },
    });
}

function headerColumns(fields: string[], line: number): LedgerColumn[] {
  const known = new Set<string>(LEDGER_COLUMNS);
  const seen = new Set<string>();
  fields.forEach((name, i) => {
    if (!known.has(name)) {
      throw new VouchError(
        'LEDGER_HEADER_INVALID',
        `line ${line}, column ${i + 1}: unknown column; expected ${LEDGER_COLUMNS.join(',')}`,
        {
          details: { line, column: i + 1 },
        },
      );
    }
    if (seen.has(name)) {
      throw new VouchError('LEDGER_HEADER_INVALID', `line ${line}, column ${i + 1}: column ${name} appears twice`, {
        details: { line, column: i + 1, field: name },
      });
    }
    seen.add(name);
  });
  const missing = LEDGER_COLUMNS.filter((c) => !seen.has(c));
  if (missing.length > 0) {
    throw new VouchError('LEDGER_HEADER_INVALID', `line ${line}: missing column(s) ${missing.join(', ')}`, {
      details: { line, missing },
    });
  }
  return fields as LedgerColumn[];
}

function rowError(line: number, column: number, field: string | undefined, reason: string): VouchError {
  return new VouchError(
    'LEDGER_ROW_INVALID',
    `line ${line}, column ${column}${field ? ` (${field})` : ''}: ${reason}`,
    {
      details: { line, column, ...(field ? { field } : {}) },
    },
  );
}
