/**
 * Holding-period classes at their boundaries. US (IRC § 1222): long-term only when held MORE than
 * one year; DE (§ 23 EStG): tax-free only when held more than one year. Dates are local calendar
 * dates in the report's time zone.
 */
import { describe, expect, it } from 'vitest';
import {
  addYears,
  dayOfIsoDate,
  HoldingClassifier,
  JURISDICTIONS,
  type Jurisdiction,
} from '../../src/reporting/tax/index.js';
import { report } from './tax-helpers.js';

const buy = (time: string, ccy = 'USD') => `${time},a,BTC,buy,1,100,${ccy},,,X,B,spot`;
const sell = (time: string, ccy = 'USD') => `${time},a,BTC,sell,1,150,${ccy},,,X,S,spot`;

async function classOf(
  bought: string,
  sold: string,
  jurisdiction: Jurisdiction = JURISDICTIONS.US,
  timeZone?: string,
): Promise<string> {
  const ccy = jurisdiction.currency;
  const r = await report([buy(bought, ccy), sell(sold, ccy)], {
    method: 'FIFO',
    jurisdiction,
    year: Number(sold.slice(0, 4)),
    ...(timeZone ? { timeZone } : {}),
  });
  expect(r.disposals).toHaveLength(1);
  return r.disposals[0]!.holdingClass;
}

describe('holding periods', () => {
  it('US: exactly one year is short-term; one year and one day is long-term', async () => {
    // acquired 2025-03-15; first anniversary 2026-03-15 -> held not more than one year
    expect(await classOf('2025-03-15T10:00:00Z', '2026-03-15T23:59:59Z')).toBe('short-term');
    expect(await classOf('2025-03-15T10:00:00Z', '2026-03-16T00:00:00Z')).toBe('long-term');
  });

  it('DE: exactly one year is a taxable private disposal; one year and one day is tax-free', async () => {
    expect(await classOf('2025-03-15T10:00:00Z', '2026-03-15T10:00:00Z', JURISDICTIONS.DE)).toBe('taxable');
    expect(await classOf('2025-03-15T10:00:00Z', '2026-03-16T10:00:00Z', JURISDICTIONS.DE)).toBe('tax-free');
  });

  it('an acquisition on 29 February has its anniversary on 28 February', async () => {
    expect(await classOf('2024-02-29T12:00:00Z', '2025-02-28T12:00:00Z')).toBe('short-term');
    expect(await classOf('2024-02-29T12:00:00Z', '2025-03-01T12:00:00Z')).toBe('long-term');
    expect(addYears(dayOfIsoDate('2024-02-29'), 1)).toBe(dayOfIsoDate('2025-02-28'));
    expect(addYears(dayOfIsoDate('2024-02-29'), 4)).toBe(dayOfIsoDate('2028-02-29'));
  });

  it('counts days in the taxpayer’s time zone', async () => {
    // 2025-03-16T02:00Z is 15 March in New York; 2026-03-16T15:00Z is 16 March in both zones.
    expect(await classOf('2025-03-16T02:00:00Z', '2026-03-16T15:00:00Z')).toBe('short-term'); // UTC: 16 Mar -> 16 Mar
    expect(await classOf('2025-03-16T02:00:00Z', '2026-03-16T15:00:00Z', JURISDICTIONS.US, 'America/New_York')).toBe(
      'long-term',
    ); // 15 Mar -> 16 Mar
  });

  it('puts a fill in the tax year of its local date', async () => {
    const rows = [buy('2025-01-01T00:00:00Z'), sell('2026-01-01T03:00:00Z')]; // 31 Dec 2025, 22:00 in New York
    const utc = await report(rows, { jurisdiction: JURISDICTIONS.US, method: 'FIFO', year: 2026 });
    const ny2026 = await report(rows, {
      jurisdiction: JURISDICTIONS.US,
      method: 'FIFO',
      year: 2026,
      timeZone: 'America/New_York',
    });
    const ny2025 = await report(rows, {
      jurisdiction: JURISDICTIONS.US,
      method: 'FIFO',
      year: 2025,
      timeZone: 'America/New_York',
    });
    expect([utc.disposals.length, ny2026.disposals.length, ny2025.disposals.length]).toEqual([1, 0, 1]);
    expect(ny2025.disposals[0]!.disposedDate).toBe('2025-12-31');
  });

  it('takes custom class tables and refuses malformed ones', () => {
    const threeClasses: Jurisdiction = {
      code: 'XX',
      name: 'test',
      currency: 'EUR',
      classes: [
        { id: 'one', upToYears: 1, term: 'short' },
        { id: 'two', upToYears: 2, term: 'long' },
        { id: 'three', term: 'long' },
      ],
    };
    const c = new HoldingClassifier(threeClasses);
    const d = dayOfIsoDate('2020-06-30');
    expect([
      c.classify(d, dayOfIsoDate('2021-06-30')).id,
      c.classify(d, dayOfIsoDate('2022-06-30')).id,
      c.classify(d, dayOfIsoDate('2022-07-01')).id,
    ]).toEqual(['one', 'two', 'three']);
    expect(
      () =>
        new HoldingClassifier({
          ...threeClasses,
          classes: [
            { id: 'x', upToYears: 2, term: 'short' },
            { id: 'y', upToYears: 1, term: 'long' },
            { id: 'z', term: 'long' },
          ],
        }),
    ).toThrow(RangeError);
    expect(
      () => new HoldingClassifier({ ...threeClasses, classes: [{ id: 'x', upToYears: 1, term: 'short' }] }),
    ).toThrow(RangeError);
  });
});
