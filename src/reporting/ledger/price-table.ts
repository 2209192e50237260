/**
 * The user's price table: CSV `time,asset,quote,price` meaning "one `asset` cost `price` units of
 * `quote` at `time`". It is the only source of fiat values: Vouch never fetches a price.
 *
 * Lookup rule: the price for (asset, quote) at time t is the row with the latest time <= t
 * ("last known price"). A fill earlier than the first row of its pair has no price. There is no
 * staleness limit and no derived pair (no inverse, no cross rate): the table's author decides its
 * granularity, and every fiat figure can be traced to one row of it.
 */
import { VouchError } from '../../errors/index.js';
import { CsvSyntaxError, parseCsv } from './csv.js';
import { parseDecimal, type Fixed } from './decimal.js';
import { parseTime } from './parse-time.js';
import type { TextSource } from './read-ledger-csv.js';

export const PRICE_COLUMNS = ['time', 'asset', 'quote', 'price'] as const;

interface Series {
  times: number[];
  prices: Fixed[];
  lines: number[];
}

export class PriceTable {
  private readonly series = new Map<string, Series>();
  private sorted = true;

  /** Number of rows. */
  get size(): number {
    let n = 0;
    for (const s of this.series.values()) n += s.times.length;
    return n;
  }

  /** Adds a row; `line` is only used to name duplicates. */
  add(asset: string, quote: string, timeMs: number, price: Fixed, line = 0): void {
    if (price <= 0n) throw new RangeError('price must be positive');
    const key = pairKey(asset, quote);
    let s = this.series.get(key);
    if (s === undefined) {
      s = { times: [], prices: [], lines: [] };
      this.series.set(key, s);
    }
    const last = s.times.length > 0 ? s.times[s.times.length - 1]! : -Infinity;
    if (timeMs <= last) this.sorted = false;
    s.times.push(timeMs);
    s.prices.push(price);
    s.lines.push(line);
  }

  /** The price of one `asset` in `quote` at or before `timeMs`, or undefined. */
  lookup(asset: string, quote: string, timeMs: number): Fixed | undefined {
    if (!this.sorted) this.sort();
    const s = this.series.get(pairKey(asset, quote));
    if (s === undefined) return undefined;
    // Binary search for the last index with times[i] <= timeMs.
    let lo = 0;
    let hi = s.times.length - 1;
    if (hi < 0 || s.times[0]! > timeMs) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (s.times[mid]! <= timeMs) lo = mid;
      else hi = mid - 1;
    }
    return s.prices[lo];
  }

  private sort(): void {
    for (const [key, s] of this.series) {
      const order = s.times.map((_, i) => i).sort((a, b) => s.times[a]! - s.times[b]! || a - b);
      const times = order.map((i) => s.times[i]!);
      const prices = order.map((i) => s.prices[i]!);
      const lines = order.map((i) => s.lines[i]!);
      for (let i = 1; i < times.length; i += 1) {
        if (times[i] === times[i - 1]) {
          const [asset, quote] = key.split('\u0000');
          throw new VouchError(
            'PRICE_ROW_INVALID',
            `line ${lines[i]}: a second price for ${asset}/${quote} at the same time (first on line ${lines[i - 1]})`,
            {
              details: { line: lines[i], firstLine: lines[i - 1] },
            },
          );
        }
      }
      this.series.set(key, { times, prices, lines });
    }
    this.sorted = true;
  }

  /** Sorts and checks for duplicate times now (readPriceTable calls it so errors surface early). */
  seal(): this {
    this.sorted = false;
    this.sort();
    return this;
  }
}

function pairKey(asset: string, quote: string): string {
  return `${asset}\u0000${quote}`;
}

/** Reads a price table CSV; the first bad row is an error naming its line and column. */
export async function readPriceTable(source: TextSource): Promise<PriceTable> {
  const table = new PriceTable();
  let columns: string[] | undefined;
  try {
    for await (const rec of parseCsv(source)) {
      if (columns === undefined) {
        const sorted = [...rec.fields].sort().join(',');
        if (sorted !== [...PRICE_COLUMNS].sort().join(',') || new Set(rec.fields).size !== 4) {
          throw new VouchError(
            'PRICE_ROW_INVALID',
            `line ${rec.line}: the header must name the columns ${PRICE_COLUMNS.join(',')}`,
            {
              details: { line: rec.line },
            },
          );
        }
        columns = rec.fields;
        continue;
      }
      if (rec.fields.length !== 4) {
        throw rowError(
          rec.line,
          Math.min(rec.fields.length, 4) + 1,
          undefined,
          `expected 4 fields, found ${rec.fields.length}`,
        );
      }
      const get = (name: string): [string, number] => {
        const i = columns!.indexOf(name);
        return [rec.fields[i]!, i + 1];
      };
      const [timeText, timeCol] = get('time');
      const timeMs = parseTime(timeText);
      if (timeMs === undefined)
        throw rowError(rec.line, timeCol, 'time', 'must be Unix seconds or ISO 8601 with an offset');
      const [asset, assetCol] = get('asset');
      if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(asset))
        throw rowError(rec.line, assetCol, 'asset', 'must be an asset symbol');
      const [quote, quoteCol] = get('quote');
      if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/.test(quote) || quote === asset) {
        throw rowError(rec.line, quoteCol, 'quote', 'must be an asset symbol other than asset');
      }
      const [priceText, priceCol] = get('price');
      const price = parseDecimal(priceText);
      if (price === undefined || price <= 0n) {
        throw rowError(rec.line, priceCol, 'price', 'must be a positive decimal with at most 18 fractional digits');
      }
      table.add(asset, quote, timeMs, price, rec.line);
    }
  } catch (err) {
    if (err instanceof CsvSyntaxError) {
      throw new VouchError('PRICE_ROW_INVALID', `line ${err.line}, column ${err.column}: ${err.message}`, {
        details: { line: err.line, column: err.column },
      });
    }
    throw err;
  }
  if (columns === undefined)
    throw new VouchError('PRICE_ROW_INVALID', 'the price table is empty: a header line is required', {
      details: { line: 1 },
    });
  return table.seal();
}

function rowError(line: number, column: number, field: string | undefined, reason: string): VouchError {
  return new VouchError('PRICE_ROW_INVALID', `line ${line}, column ${column}${field ? ` (${field})` : ''}: ${reason}`, {
    details: { line, column, ...(field ? { field } : {}) },
  });
}
