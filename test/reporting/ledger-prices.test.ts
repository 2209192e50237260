import { describe, expect, it } from 'vitest';
import { formatDecimal, PriceTable, readPriceTable } from '../../src/reporting/ledger/index.js';
import { prices, rejectsWith } from './tax-helpers.js';

describe('price table', () => {
  it('gives the latest price at or before the time, and nothing before the first row', async () => {
    const t = await prices([
      '2026-01-02T00:00:00Z,BTC,USD,200',
      '2026-01-01T00:00:00Z,BTC,USD,100',
      '2026-01-03T00:00:00Z,BTC,USD,300',
      '2026-01-01T00:00:00Z,ETH,USD,10',
    ]);
    const at = (iso: string) => t.lookup('BTC', 'USD', Date.parse(iso));
    expect(at('2025-12-31T23:59:59Z')).toBeUndefined();
    expect(formatDecimal(at('2026-01-01T00:00:00Z')!)).toBe('100'); // exactly at a row: that row
    expect(formatDecimal(at('2026-01-02T23:59:59Z')!)).toBe('200'); // between rows: the earlier one
    expect(formatDecimal(at('2030-01-01T00:00:00Z')!)).toBe('300'); // after the last: the last
    expect(t.lookup('USD', 'BTC', Date.parse('2026-01-02T00:00:00Z'))).toBeUndefined(); // no inverse pairs
    expect(t.lookup('ETH', 'EUR', Date.parse('2026-01-02T00:00:00Z'))).toBeUndefined();
  });

  it('names line and column of a bad row, and refuses two prices for one pair and time', async () => {
    const e = await rejectsWith(
      prices(['2026-01-01T00:00:00Z,BTC,USD,100', '2026-01-02T00:00:00Z,BTC,USD,-5']),
      'PRICE_ROW_INVALID',
    );
    expect(e.details).toEqual({ line: 3, column: 4, field: 'price' });
    const d = await rejectsWith(
      prices(['2026-01-01T00:00:00Z,BTC,USD,100', '1767225600,BTC,USD,101']),
      'PRICE_ROW_INVALID',
    );
    expect(d.details).toEqual({ line: 3, firstLine: 2 });
    await rejectsWith(readPriceTable(['time,asset,price\n']), 'PRICE_ROW_INVALID');
    await rejectsWith(prices(['2026-01-01,BTC,USD,100']), 'PRICE_ROW_INVALID');
  });

  it('is built programmatically too', () => {
    const t = new PriceTable();
    t.add('BTC', 'USD', 10, 5n);
    t.add('BTC', 'USD', 5, 4n);
    expect(t.lookup('BTC', 'USD', 7)).toBe(4n);
    expect(t.size).toBe(2);
    expect(() => t.add('BTC', 'USD', 1, 0n)).toThrow(RangeError);
  });
});
