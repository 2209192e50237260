/**
 * Fees, crypto–crypto legs, derivative income and incomplete reports, each on a small worked
 * example with the arithmetic beside it.
 */
import { describe, expect, it } from 'vitest';
import { JURISDICTIONS } from '../../src/reporting/tax/index.js';
import { figures, rejectsWith, report } from './tax-helpers.js';

describe('fees', () => {
  it('go into the basis of an acquisition and out of the proceeds of a disposal', async () => {
    const r = await report(
      [
        '2026-01-01T00:00:00Z,a,ETH,buy,1,2000,USD,5,USD,X,B,spot',
        '2026-06-01T00:00:00Z,a,ETH,sell,1,2500,USD,5,USD,X,S,spot',
      ],
      { jurisdiction: JURISDICTIONS.US, method: 'FIFO' },
    );
    // basis 1 × 2000 + 5 = 2005; proceeds 1 × 2500 − 5 = 2495; gain 490
    expect(figures(r)).toEqual([['B', '1', '2495', '2005', '490', 'short-term']]);
  });

  it('paid in another asset are valued from the price table, and spending that asset is a disposal of it', async () => {
    const r = await report(
      [
        '2026-01-01T00:00:00Z,a,BNB,buy,1,250,USD,,,X,N,spot', // 1 BNB, basis 250
        '2026-02-01T00:00:00Z,a,ETH,buy,1,2000,USD,0.01,BNB,X,B,spot',
        '2026-06-01T00:00:00Z,a,ETH,sell,1,2100,USD,,,X,S,spot',
      ],
      { jurisdiction: JURISDICTIONS.US, method: 'FIFO' },
      ['2026-01-15T00:00:00Z,BNB,USD,300'], // the BNB price in force on 1 February
    );
    // fee value 0.01 × 300 = 3 -> ETH basis 2000 + 3 = 2003
    // fee leg: 0.01 BNB disposed of for 3, basis 250 × 0.01 / 1 = 2.5, gain 0.5
    // sale: proceeds 2100, basis 2003, gain 97
    expect(r.disposals.map((d) => [d.tradeId, d.leg, d.asset, d.quantity, d.proceeds, d.costBasis, d.gain])).toEqual([
      ['B', 'fee', 'BNB', '0.01', '3', '2.5', '0.5'],
      ['S', 'base', 'ETH', '1', '2100', '2003', '97'],
    ]);
  });

  it('in the quote of a crypto–crypto trade are valued at the trade’s implied rate when the table has no price for it', async () => {
    const r = await report(
      [
        '2026-01-01T00:00:00Z,a,BTC,buy,1,20000,USD,,,X,B,spot',
        '2026-03-01T00:00:00Z,a,BTC,sell,1,30000,USDT,30,USDT,X,S,spot',
      ],
      { jurisdiction: JURISDICTIONS.US, method: 'FIFO' },
      ['2026-03-01T00:00:00Z,BTC,USD,30000'], // no USDT price: value via BTC (rule 4)
    );
    // V = 1 BTC × 30000 = 30000; fee = V × 30 / 30000 (the trade's USDT/USD rate) = 30
    // BTC leg: proceeds 30000 − 30 = 29970, basis 20000, gain 9970
    // quote leg: 30000 USDT acquired at basis 30000 (lot S#quote)
    // fee leg: 30 USDT disposed of for 30, basis 30000 × 30 / 30000 = 30, gain 0
    expect(r.disposals.map((d) => [d.leg, d.asset, d.lotId, d.quantity, d.proceeds, d.costBasis, d.gain])).toEqual([
      ['base', 'BTC', 'B', '1', '29970', '20000', '9970'],
      ['fee', 'USDT', 'S#quote', '30', '30', '30', '0'],
    ]);
    // CARF aggregates, in schema order per asset: BTC out for crypto (30000), BTC in for fiat (20000), USDT in for crypto
    expect(r.transactions.map((t) => [t.asset, t.type, t.units, t.amount])).toEqual([
      ['BTC', 'CryptoToCryptoOut', '1', '30000'],
      ['BTC', 'CryptoFiatIn', '1', '20000'],
      ['USDT', 'CryptoToCryptoIn', '30000', '30000'],
    ]);
  });

  it('a missing price is an error, never a guess', async () => {
    const e = await rejectsWith(
      report(['2026-01-01T00:00:00Z,a,ETH,buy,1,0.05,BTC,,,X,B,spot'], {
        jurisdiction: JURISDICTIONS.US,
        method: 'FIFO',
      }),
      'PRICE_MISSING',
    );
    expect(e.details).toMatchObject({ asset: 'BTC', quote: 'USD', tradeId: 'B' });
  });
});

describe('crypto–crypto trades', () => {
  it('dispose of the quote asset and acquire the base asset at the same fiat value', async () => {
    const r = await report(
      [
        '2025-06-01T00:00:00Z,a,BTC,buy,1,10000,USD,,,X,B,spot',
        '2026-02-01T00:00:00Z,a,ETH,buy,10,0.05,BTC,,,X,E,spot',
        '2026-03-01T00:00:00Z,a,ETH,sell,10,2100,USD,,,X,S,spot',
      ],
      { jurisdiction: JURISDICTIONS.US, method: 'FIFO' },
      ['2026-01-31T00:00:00Z,BTC,USD,40000'],
    );
    // E: 10 × 0.05 = 0.5 BTC given; V = 0.5 × 40000 = 20000.
    //   BTC leg: proceeds 20000, basis 10000 × 0.5 = 5000, gain 15000; ETH lot: 10 units, basis 20000
    // S: proceeds 21000, basis 20000, gain 1000
    expect(r.disposals.map((d) => [d.tradeId, d.leg, d.asset, d.quantity, d.proceeds, d.costBasis, d.gain])).toEqual([
      ['E', 'quote', 'BTC', '0.5', '20000', '5000', '15000'],
      ['S', 'base', 'ETH', '10', '21000', '20000', '1000'],
    ]);
  });
});

describe('derivatives', () => {
  it('report realized PnL and funding as income lines, net of their fees', async () => {
    const r = await report(
      [
        '2026-01-01T00:00:00Z,a,BTC-PERP,credit,100,,USD,1,USD,X,P1,pnl',
        '2026-01-02T00:00:00Z,a,BTC-PERP,debit,40,,USD,,,X,P2,pnl',
        '2026-01-03T00:00:00Z,a,BTC-PERP,debit,5,,USD,,,X,F1,funding',
      ],
      { jurisdiction: JURISDICTIONS.US, method: 'FIFO' },
    );
    // pnl: +100 − 40 = 60; funding −5; fees 1; net 60 − 5 − 1 = 54
    expect(r.income.map((l) => [l.tradeId, l.kind, l.amount, l.fee, l.net])).toEqual([
      ['P1', 'pnl', '100', '1', '99'],
      ['P2', 'pnl', '-40', '0', '-40'],
      ['F1', 'funding', '-5', '0', '-5'],
    ]);
    expect(r.totals.income).toEqual({ lines: 3, pnl: '60', funding: '-5', fees: '1', net: '54' });
    expect(r.disposals).toEqual([]);
  });

  it('settled in a crypto-asset: a credit acquires it at its value, a debit disposes of it', async () => {
    const r = await report(
      [
        '2026-01-01T00:00:00Z,a,BTC-PERP,credit,100,,USDT,,,X,P1,pnl',
        '2026-02-01T00:00:00Z,a,BTC-PERP,debit,50,,USDT,,,X,F1,funding',
      ],
      { jurisdiction: JURISDICTIONS.US, method: 'FIFO' },
      ['2026-01-01T00:00:00Z,USDT,USD,0.999', '2026-02-01T00:00:00Z,USDT,USD,1.001'],
    );
    // P1: 100 USDT × 0.999 = 99.9 income; lot P1#settlement 100 USDT, basis 99.9
    // F1: 50 USDT × 1.001 = 50.05 paid; disposal of 50 USDT, proceeds 50.05, basis 99.9 × 50/100 = 49.95, gain 0.1
    expect(r.income.map((l) => [l.tradeId, l.units, l.amount])).toEqual([
      ['P1', '100', '99.9'],
      ['F1', '-50', '-50.05'],
    ]);
    expect(figures(r)).toEqual([['P1#settlement', '50', '50.05', '49.95', '0.1', 'short-term']]);
    expect(r.transactions.map((t) => [t.type, t.transferType, t.units, t.amount])).toEqual([
      ['CryptoTransferIn', 'CARF508', '100', '99.9'],
      ['CryptoTransferOut', 'CARF605', '50', '50.05'],
    ]);
  });
});

describe('incomplete reports', () => {
  it('list a disposal without enough acquisitions as a shortfall and invent no basis', async () => {
    const r = await report(
      ['2026-01-01T00:00:00Z,a,BTC,buy,1,100,USD,,,X,B,spot', '2026-02-01T00:00:00Z,a,BTC,sell,1.5,200,USD,,,X,S,spot'],
      { jurisdiction: JURISDICTIONS.US, method: 'FIFO' },
    );
    // proceeds 1.5 × 200 = 300: 1 unit covered by B (proceeds 200, basis 100, gain 100);
    // 0.5 unit covered by nothing: proceeds 100, no basis
    expect(r.complete).toBe(false);
    expect(figures(r)).toEqual([['B', '1', '200', '100', '100', 'short-term']]);
    expect(r.shortfalls).toEqual([
      {
        account: 'a',
        venue: 'X',
        tradeId: 'S',
        leg: 'base',
        asset: 'BTC',
        time: '2026-02-01T00:00:00.000Z',
        date: '2026-02-01',
        quantity: '0.5',
        proceeds: '100',
      },
    ]);
    expect(r.totals.disposals).toEqual({ lines: 1, proceeds: '200', costBasis: '100', gain: '100' });
    expect(r.totals.shortfalls).toEqual({ lines: 1, proceeds: '100' });
  });

  it('are complete when the only shortfall was in an earlier year', async () => {
    const r = await report(
      [
        '2025-02-01T00:00:00Z,a,BTC,sell,1,200,USD,,,X,OLD,spot',
        '2026-01-01T00:00:00Z,a,BTC,buy,1,100,USD,,,X,B,spot',
        '2026-02-01T00:00:00Z,a,BTC,sell,1,300,USD,,,X,S,spot',
      ],
      {
        jurisdiction: JURISDICTIONS.US,
        method: 'FIFO',
      },
    );
    expect(r.complete).toBe(true);
    expect(figures(r)).toEqual([['B', '1', '300', '100', '200', 'short-term']]);
  });
});

describe('years', () => {
  it('use earlier years to build lots, report only the chosen year, and ignore later fills', async () => {
    const r = await report(
      [
        '2024-06-01T00:00:00Z,a,BTC,buy,2,100,USD,,,X,B,spot',
        '2025-06-01T00:00:00Z,a,BTC,sell,1,150,USD,,,X,S25,spot',
        '2026-06-01T00:00:00Z,a,BTC,sell,1,300,USD,,,X,S26,spot',
        '2027-06-01T00:00:00Z,a,BTC,sell,5,300,USD,,,X,S27,spot',
      ],
      { jurisdiction: JURISDICTIONS.US, method: 'FIFO' },
    );
    expect(r.disposals.map((d) => d.tradeId)).toEqual(['S26']);
    expect(r.complete).toBe(true); // the 2027 oversell is outside the year
    expect(r.totals).toMatchObject({ fills: 4, fillsInYear: 1 });
  });
});
