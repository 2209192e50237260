/**
 * Every lot method on one worked example, figures computed by hand (USD, no fees):
 *
 *   B1 2025-01-01 buy 1 BTC @ 100  -> lot B1: 1 unit,  basis 100  (100/unit)
 *   B2 2025-02-01 buy 1 BTC @ 300  -> lot B2: 1 unit,  basis 300  (300/unit)
 *   B3 2025-03-01 buy 2 BTC @ 250  -> lot B3: 2 units, basis 500  (250/unit)
 *   S1 2026-02-15 sell 2.5 BTC @ 500 -> proceeds 2.5 × 500 = 1250
 *
 * Proceeds are shared over the pieces in proportion to units, each share computed from what is
 * left (so the shares add up to 1250 exactly). Holding period on 2026-02-15: B1 and B2 more than
 * a year (long-term), B3 not (short-term).
 */
import { describe, expect, it } from 'vitest';
import { buildTaxReport, JURISDICTIONS, LotSelections } from '../../src/reporting/tax/index.js';
import { figures, fillsOf, rejectsWith, report } from './tax-helpers.js';

const LEDGER = [
  '2025-01-01T12:00:00Z,a,BTC,buy,1,100,USD,,,X,B1,spot',
  '2025-02-01T12:00:00Z,a,BTC,buy,1,300,USD,,,X,B2,spot',
  '2025-03-01T12:00:00Z,a,BTC,buy,2,250,USD,,,X,B3,spot',
  '2026-02-15T12:00:00Z,a,BTC,sell,2.5,500,USD,,,X,S1,spot',
];

describe('lot methods on the worked example', () => {
  it('FIFO takes B1, B2, then half of B3', async () => {
    const r = await report(LEDGER, { jurisdiction: JURISDICTIONS.US, method: 'FIFO' });
    // B1: 1 unit, proceeds 1250×1/2.5 = 500, basis 100, gain 400
    // B2: 1 unit, proceeds 750×1/1.5 = 500, basis 300, gain 200
    // B3: 0.5 unit, proceeds 250 (the rest), basis 500×0.5/2 = 125, gain 125
    expect(figures(r)).toEqual([
      ['B1', '1', '500', '100', '400', 'long-term'],
      ['B2', '1', '500', '300', '200', 'long-term'],
      ['B3', '0.5', '250', '125', '125', 'short-term'],
    ]);
    // totals: proceeds 1250, basis 525, gain 725; long-term 1000/400/600, short-term 250/125/125
    expect(r.totals.disposals).toEqual({ lines: 3, proceeds: '1250', costBasis: '525', gain: '725' });
    expect(r.totals.byClass['long-term']).toEqual({ lines: 2, proceeds: '1000', costBasis: '400', gain: '600' });
    expect(r.totals.byClass['short-term']).toEqual({ lines: 1, proceeds: '250', costBasis: '125', gain: '125' });
    expect(r.complete).toBe(true);
  });

  it('LIFO takes B3 whole, then half of B2', async () => {
    const r = await report(LEDGER, { jurisdiction: JURISDICTIONS.US, method: 'LIFO' });
    // B3: 2 units, proceeds 1250×2/2.5 = 1000, basis 500, gain 500
    // B2: 0.5 unit, proceeds 250, basis 300×0.5/1 = 150, gain 100
    expect(figures(r)).toEqual([
      ['B3', '2', '1000', '500', '500', 'short-term'],
      ['B2', '0.5', '250', '150', '100', 'long-term'],
    ]);
    expect(r.totals.disposals).toEqual({ lines: 2, proceeds: '1250', costBasis: '650', gain: '600' });
  });

  it('HIFO takes the dearest units first: B2 (300/unit), then B3 (250/unit)', async () => {
    const r = await report(LEDGER, { jurisdiction: JURISDICTIONS.US, method: 'HIFO' });
    // B2: 1 unit, proceeds 500, basis 300, gain 200
    // B3: 1.5 units, proceeds 750, basis 500×1.5/2 = 375, gain 375
    expect(figures(r)).toEqual([
      ['B2', '1', '500', '300', '200', 'long-term'],
      ['B3', '1.5', '750', '375', '375', 'short-term'],
    ]);
    expect(r.totals.disposals).toEqual({ lines: 2, proceeds: '1250', costBasis: '675', gain: '575' });
  });

  it('AVERAGE charges the pool average (900 / 4 = 225 per unit), dating the pieces first-in first-out', async () => {
    const r = await report(LEDGER, { jurisdiction: JURISDICTIONS.US, method: 'AVERAGE' });
    // pool 4 units / 900. B1 piece: 900×1/4 = 225 (pool 3 / 675); B2 piece: 675×1/3 = 225 (pool 2 / 450);
    // B3 piece: 450×0.5/2 = 112.5. Basis 562.5 = 2.5 × 225.
    expect(figures(r)).toEqual([
      ['B1', '1', '500', '225', '275', 'long-term'],
      ['B2', '1', '500', '225', '275', 'long-term'],
      ['B3', '0.5', '250', '112.5', '137.5', 'short-term'],
    ]);
    expect(r.totals.disposals).toEqual({ lines: 3, proceeds: '1250', costBasis: '562.5', gain: '687.5' });
  });

  it('SPECIFIC takes the named lots (1 of B3, 0.5 of B1), then first-in first-out for the rest', async () => {
    const selections = LotSelections.parse([
      {
        account: 'a',
        tradeId: 'S1',
        lots: [
          { lotId: 'B3', quantity: '1' },
          { lotId: 'B1', quantity: '0.5' },
        ],
      },
    ]);
    const r = await report(LEDGER, { jurisdiction: JURISDICTIONS.US, method: 'SPECIFIC', selections });
    // B3 1 unit: proceeds 1250×1/2.5 = 500, basis 500×1/2 = 250, gain 250 (specified)
    // B1 0.5:    proceeds 750×0.5/1.5 = 250, basis 100×0.5/1 = 50, gain 200 (specified)
    // FIFO rest (1 unit): B1's other 0.5: proceeds 500×0.5/1 = 250, basis 50, gain 200
    //                     B2 0.5: proceeds 250, basis 150, gain 100
    expect(figures(r)).toEqual([
      ['B3', '1', '500', '250', '250', 'short-term'],
      ['B1', '0.5', '250', '50', '200', 'long-term'],
      ['B1', '0.5', '250', '50', '200', 'long-term'],
      ['B2', '0.5', '250', '150', '100', 'long-term'],
    ]);
    expect(r.disposals.map((d) => d.identification)).toEqual([
      'specified',
      'specified',
      'fifo-default',
      'fifo-default',
    ]);
    expect(r.totals.disposals).toEqual({ lines: 4, proceeds: '1250', costBasis: '500', gain: '750' });
  });

  it('SPECIFIC refuses a selection it cannot honour instead of substituting another lot', async () => {
    const bad = async (lots: Array<{ lotId: string; quantity: string }>, tradeId = 'S1') =>
      rejectsWith(
        report(LEDGER, {
          jurisdiction: JURISDICTIONS.US,
          method: 'SPECIFIC',
          selections: LotSelections.parse([{ account: 'a', tradeId, lots }]),
        }),
        'TAX_LOT_SELECTION_INVALID',
      );
    await bad([{ lotId: 'B9', quantity: '1' }]); // no such lot
    await bad([{ lotId: 'B1', quantity: '1.5' }]); // more than the lot holds
    await bad([
      { lotId: 'B3', quantity: '2' },
      { lotId: 'B2', quantity: '1' },
    ]); // more than the disposal
    const e = await bad([{ lotId: 'B1', quantity: '1' }], 'S9'); // names no disposal in the ledger
    expect(e.details).toEqual({ entries: [1] });
    expect(() =>
      LotSelections.parse([{ account: 'a', tradeId: 'S1', lots: [{ lotId: 'B1', quantity: '1e0' }] }]),
    ).toThrow(expect.objectContaining({ code: 'TAX_LOT_SELECTION_INVALID' }));
  });

  it('keeps lots per account: another account’s acquisitions never cover a sale', async () => {
    const r = await report(['2025-01-01T00:00:00Z,b,BTC,buy,5,100,USD,,,X,OTHER,spot', ...LEDGER], {
      jurisdiction: JURISDICTIONS.US,
      method: 'FIFO',
    });
    expect(r.disposals.every((d) => d.account === 'a')).toBe(true);
    expect(r.totals.disposals.costBasis).toBe('525');
  });

  it('splits a lot’s basis with half-even rounding and no drift: 3 units costing 301 sold one at a time', async () => {
    const r = await report(
      [
        '2026-01-01T00:00:00Z,a,BTC,buy,3,100,USD,1,USD,X,B,spot', // basis 3×100 + fee 1 = 301
        '2026-02-01T00:00:00Z,a,BTC,sell,1,100,USD,,,X,S1,spot',
        '2026-03-01T00:00:00Z,a,BTC,sell,1,100,USD,,,X,S2,spot',
        '2026-04-01T00:00:00Z,a,BTC,sell,1,100,USD,,,X,S3,spot',
      ],
      { jurisdiction: JURISDICTIONS.US, method: 'FIFO' },
    );
    // S1: 301×1/3 = 100.333333333333333333|3… -> ...333 (lot keeps 200.666666666666666667)
    // S2: 200.666666666666666667×1/2 = 100.3333333333333333335: a tie, rounded to even -> ...334
    // S3: the rest, 100.333333333333333333. Sum: exactly 301.
    expect(r.disposals.map((d) => d.costBasis)).toEqual([
      '100.333333333333333333',
      '100.333333333333333334',
      '100.333333333333333333',
    ]);
    expect(r.totals.disposals.costBasis).toBe('301');
  });

  it('HIFO breaks a tie in unit cost by taking the earlier lot', async () => {
    const r = await report(
      [
        '2026-01-01T00:00:00Z,a,BTC,buy,1,100,USD,,,X,E1,spot',
        '2026-01-02T00:00:00Z,a,BTC,buy,2,100,USD,,,X,E2,spot',
        '2026-01-03T00:00:00Z,a,BTC,sell,1,150,USD,,,X,S,spot',
      ],
      { jurisdiction: JURISDICTIONS.US, method: 'HIFO' },
    );
    expect(figures(r)).toEqual([['E1', '1', '150', '100', '50', 'short-term']]);
  });

  it('refuses fills that go back in time', async () => {
    const fills = await fillsOf([LEDGER[1]!, LEDGER[0]!]);
    await rejectsWith(
      buildTaxReport(fills, { jurisdiction: JURISDICTIONS.US, method: 'FIFO', year: 2026 }),
      'LEDGER_NOT_ORDERED',
    );
  });
});

describe('bundle records and aggregates', () => {
  it('recompute the report totals from the records alone, exactly', async () => {
    const { taxAggregates, taxBundleRecords } = await import('../../src/reporting/tax/index.js');
    const r = await report(
      [
        ...LEDGER,
        '2026-03-01T00:00:00Z,a,BTC-PERP,credit,7.5,,USD,0.25,USD,X,P,pnl',
        '2026-03-02T00:00:00Z,a,BTC,sell,5,400,USD,,,X,S2,spot',
      ],
      { jurisdiction: JURISDICTIONS.US, method: 'AVERAGE' },
    );
    const agg = taxAggregates(taxBundleRecords(r));
    expect(agg.complete).toBe(r.complete);
    expect(agg.disposals).toEqual(r.totals.disposals);
    expect(agg.income).toEqual(r.totals.income);
    expect(agg.shortfalls).toEqual(r.totals.shortfalls);
    for (const [cls, t] of Object.entries(agg.byClass)) expect(t).toEqual(r.totals.byClass[cls]);
    const records = taxBundleRecords(r);
    const tampered = records.map((x, i) => (i === 0 ? { ...x, gain: '1' } : x));
    expect(() => taxAggregates(tampered)).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
    expect(() =>
      taxAggregates([{ type: 'disposal', proceeds: 1, costBasis: '1', gain: '0', holdingClass: 'x' }]),
    ).toThrow(expect.objectContaining({ code: 'INPUT_INVALID' }));
  });
});
