/**
 * Realized gains by month (the auditor console's chart): exact sums per calendar month of the
 * disposal date the report gave, zero months kept, other record types skipped, bad records named.
 */
import { describe, expect, it } from 'vitest';
import { chartValue, gainsByMonth } from '../../src/reporting/tax/index.js';

const d = (disposedDate: string, proceeds: string, costBasis: string, gain: string) => ({
  type: 'disposal',
  disposedDate,
  proceeds,
  costBasis,
  gain,
});

describe('gainsByMonth', () => {
  it('sums each month exactly, keeps the months between, and skips income and shortfall records', () => {
    const rows = gainsByMonth([
      d('2025-01-03', '0.1', '0.2', '-0.1'),
      d('2025-01-30', '0.2', '0', '0.2'),
      { type: 'income', date: '2025-02-01', net: '5' },
      d('2025-03-31', '1000.000000000000000001', '1', '999.000000000000000001'),
      { type: 'shortfall', disposedDate: '2025-02-02', proceeds: '9' },
    ]);
    expect(rows).toEqual([
      { month: '2025-01', disposals: 2, proceeds: '0.3', costBasis: '0.2', gain: '0.1' },
      { month: '2025-02', disposals: 0, proceeds: '0', costBasis: '0', gain: '0' },
      {
        month: '2025-03',
        disposals: 1,
        proceeds: '1000.000000000000000001',
        costBasis: '1',
        gain: '999.000000000000000001',
      },
    ]);
  });

  it('gives all twelve months of a year, and a disposal outside it in its own month', () => {
    const rows = gainsByMonth([d('2025-06-15', '10', '4', '6'), d('2026-01-01', '1', '2', '-1')], 2025);
    expect(rows.map((r) => r.month)).toEqual([
      ...Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`),
      '2026-01',
    ]);
    expect(rows.find((r) => r.month === '2025-06')?.gain).toBe('6');
    expect(rows.at(-1)?.gain).toBe('-1');
  });

  it('names the record with a malformed date or amount (INPUT_INVALID)', () => {
    expect(() => gainsByMonth([d('2025-1-3', '1', '1', '0')])).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID', message: expect.stringMatching(/record 0: disposedDate/) }),
    );
    expect(() => gainsByMonth([d('2025-01-03', '1', '1', '0'), d('2025-01-03', '1', '1', '1e3')])).toThrow(
      expect.objectContaining({ code: 'INPUT_INVALID', message: expect.stringMatching(/record 1: gain/) }),
    );
  });

  it('draws negative and fractional amounts as floats for the chart only', () => {
    expect(chartValue('-1.5')).toBe(-1.5);
    expect(chartValue('12345.25')).toBe(12345.25);
  });
});
