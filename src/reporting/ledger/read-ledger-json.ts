/**
 * Reads a ledger given as JSON: an array of objects with the CSV columns as keys (schema:
 * reports/ledger-fills.schema.json). Decimals must be JSON strings (a JSON number is a binary float
 * by the time it is parsed); `time` may be a number of Unix seconds. Unknown keys are refused.
 * Errors name the record (1-based) and the field, with a JSON pointer.
 */
import { VouchError } from '../../errors/index.js';
import { FillKeyIndex } from './fill-key-index.js';
import { LEDGER_COLUMNS, type LedgerFill } from './fill.js';
import type { LocatedFill, ReadLedgerOptions } from './read-ledger-csv.js';
import { FillFieldError, validateFill, type RawFill } from './validate-fill.js';

export function readLedgerJson(text: string, options: ReadLedgerOptions = {}): LocatedFill[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new VouchError('LEDGER_ROW_INVALID', 'the file is not valid JSON', { details: { pointer: '' } });
  }
  if (!Array.isArray(doc))
    throw new VouchError('LEDGER_ROW_INVALID', 'the JSON ledger must be an array of fills', {
      details: { pointer: '' },
    });
  const known = new Set<string>(LEDGER_COLUMNS);
  const seen = options.rejectDuplicates === false ? undefined : new FillKeyIndex();
  return doc.map((item: unknown, i): LocatedFill => {
    const record = i + 1;
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw jsonError(record, undefined, 'must be an object');
    for (const key of Object.keys(item)) {
      if (!known.has(key)) throw jsonError(record, key, 'is not a ledger field');
    }
    for (const [key, value] of Object.entries(item as Record<string, unknown>)) {
      const ok = typeof value === 'string' || (key === 'time' && typeof value === 'number');
      if (!ok)
        throw jsonError(
          record,
          key,
          key === 'time' ? 'must be a string or an integer' : 'must be a string (decimals too)',
        );
    }
    let fill: LedgerFill;
    try {
      fill = validateFill(item as RawFill);
    } catch (err) {
      if (err instanceof FillFieldError) throw jsonError(record, err.field, err.reason);
      throw err;
    }
    if (seen !== undefined) {
      const first = seen.add(fill.venue, fill.account, fill.tradeId, record);
      if (first !== undefined) {
        throw new VouchError(
          'LEDGER_DUPLICATE_TRADE',
          `record ${record}: trade id already seen in record ${first} for this venue and account`,
          {
            details: { record, field: 'tradeId', pointer: `/${i}/tradeId`, firstRecord: first },
          },
        );
      }
    }
    return { fill, line: record };
  });
}

function jsonError(record: number, field: string | undefined, reason: string): VouchError {
  const pointer = `/${record - 1}${field ? `/${field}` : ''}`;
  return new VouchError('LEDGER_ROW_INVALID', `record ${record}${field ? ` (${field})` : ''}: ${reason}`, {
    details: { record, pointer, ...(field ? { field } : {}) },
  });
}
