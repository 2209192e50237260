/**
 * Form 8949 style CSV and Form 1099-DA style rows from the FIFO worked example of
 * tax-methods.test.ts, plus a row that needs rounding to cents.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import {
  form1099DaCsv,
  form1099DaFromReport,
  form8949Csv,
  FORM_1099DA_CSV_COLUMNS,
  FORM_8949_COLUMNS,
} from '../../src/reporting/forms/index.js';
import { parseCsv } from '../../src/reporting/ledger/index.js';
import { JURISDICTIONS } from '../../src/reporting/tax/index.js';
import { report } from './tax-helpers.js';

const LEDGER = [
  '2025-01-01T12:00:00Z,a,BTC,buy,1,100,USD,,,X,B1,spot',
  '2025-02-01T12:00:00Z,a,BTC,buy,1,300,USD,,,X,B2,spot',
  '2025-03-01T12:00:00Z,a,BTC,buy,2,250,USD,,,X,B3,spot',
  '2026-02-15T12:00:00Z,a,BTC,sell,2.5,500,USD,,,X,S1,spot',
  // 3 ETH for 100.005 each = 300.015 (+ fee 0.01) -> basis 300.025; sold for 1/3 each
  '2026-03-01T00:00:00Z,a,ETH,buy,3,100.005,USD,0.01,USD,X,E1,spot',
  '2026-04-01T00:00:00Z,a,ETH,sell,1,120.125,USD,,,X,E2,spot',
];
const template = (name: string) =>
  readFileSync(new URL(`../../reports/templates/${name}`, import.meta.url), 'utf8').trim();

async function rows(text: string): Promise<string[][]> {
  const out: string[][] = [];
  for await (const r of parseCsv([text])) out.push(r.fields);
  return out;
}

describe('Form 8949 style CSV', () => {
  it('writes one row per lot piece: description, dates, proceeds, basis, gain, part and box', async () => {
    const r = await report(LEDGER, { jurisdiction: JURISDICTIONS.US, method: 'FIFO' });
    const table = await rows(form8949Csv(r));
    expect(table[0]).toEqual([...FORM_8949_COLUMNS]);
    expect(FORM_8949_COLUMNS.join(',')).toBe(template('form-8949.columns.csv'));
    expect(table.slice(1).map((x) => x.slice(0, 11))).toEqual([
      ['a', 'II', 'L', '1 BTC', '01/01/2025', '02/15/2026', '500.00', '100.00', '', '', '400.00'],
      ['a', 'II', 'L', '1 BTC', '02/01/2025', '02/15/2026', '500.00', '300.00', '', '', '200.00'],
      ['a', 'I', 'I', '0.5 BTC', '03/01/2025', '02/15/2026', '250.00', '125.00', '', '', '125.00'],
      // E2: proceeds 120.125 -> 120.12 (half-even); basis 300.025 / 3 = 100.008333… -> 100.01; (h) = 120.12 − 100.01
      ['a', 'I', 'I', '1 ETH', '03/01/2026', '04/01/2026', '120.12', '100.01', '', '', '20.11'],
    ]);
    expect(table[1]![11]).toBe('a/X/S1/base/0');
  });

  it('chooses the digital-asset box by how the basis was reported', async () => {
    const r = await report(LEDGER.slice(0, 4), { jurisdiction: JURISDICTIONS.US, method: 'FIFO' });
    const boxes = async (kind: 'reported' | 'not-reported' | 'none') =>
      (await rows(form8949Csv(r, kind))).slice(1).map((x) => `${x[1]}:${x[2]}`);
    expect(await boxes('reported')).toEqual(['II:J', 'II:J', 'I:G']);
    expect(await boxes('not-reported')).toEqual(['II:K', 'II:K', 'I:H']);
    expect(await boxes('none')).toEqual(['II:L', 'II:L', 'I:I']);
  });

  it('leaves out units without a basis (the report says it is incomplete)', async () => {
    const r = await report(
      ['2026-01-01T00:00:00Z,a,BTC,buy,1,100,USD,,,X,B,spot', '2026-02-01T00:00:00Z,a,BTC,sell,2,150,USD,,,X,S,spot'],
      { jurisdiction: JURISDICTIONS.US, method: 'FIFO' },
    );
    expect(r.complete).toBe(false);
    expect((await rows(form8949Csv(r))).slice(1).map((x) => x[3])).toEqual(['1 BTC']);
  });
});

describe('Form 1099-DA style rows', () => {
  it('carry boxes 1b-1g per piece, rounded to cents, and a proceeds-only row for units without basis', async () => {
    const r = await report([...LEDGER, '2026-05-01T00:00:00Z,a,SOL,sell,2,10.005,USD,,,X,Z1,spot'], {
      jurisdiction: JURISDICTIONS.US,
      method: 'FIFO',
    });
    const doc = form1099DaFromReport(r, { assetCodes: { BTC: '4H95J0R2X' } });
    const ajv = new Ajv2020.default({ strict: false });
    const check = ajv.compile(
      JSON.parse(readFileSync(new URL('../../reports/form-1099da.schema.json', import.meta.url), 'utf8')) as object,
    );
    expect(check(doc), JSON.stringify(check.errors)).toBe(true);
    expect(doc.complete).toBe(false);
    expect(doc.rows[0]).toEqual({
      recordId: 'a/X/S1/base/0',
      account: 'a',
      digitalAssetCode: '4H95J0R2X',
      digitalAssetName: 'BTC',
      units: '1',
      dateAcquired: '2025-01-01',
      dateSold: '2026-02-15',
      proceeds: '500.00',
      costBasis: '100.00',
      gainOrLoss: '400.00',
      term: 'long',
    });
    // SOL: 2 × 10.005 = 20.01 proceeds, no acquisition: basis unknown, not invented
    expect(doc.rows.at(-1)).toMatchObject({
      digitalAssetName: 'SOL',
      units: '2',
      dateAcquired: null,
      proceeds: '20.01',
      costBasis: null,
      gainOrLoss: null,
      term: null,
    });
    const table = await rows(form1099DaCsv(r));
    expect(table[0]).toEqual([...FORM_1099DA_CSV_COLUMNS]);
    expect(FORM_1099DA_CSV_COLUMNS.join(',')).toBe(template('form-1099da.columns.csv'));
    expect(table).toHaveLength(1 + doc.rows.length);
    expect(table.at(-1)!.slice(3)).toEqual(['SOL', '2', '', '2026-05-01', '20.01', '', '', '']);
    expect(check({ ...doc, rows: [{ ...doc.rows[0], proceeds: '500' }] })).toBe(false);
  });
});
