/**
 * The file pipeline: streaming a ledger file through the engine into a writer, the restart from a
 * sorted copy when a file is not in time order, and the JSON outputs against their schemas.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputFile } from '../../src/reporting/forms/index.js';
import { readLedgerFile } from '../../src/reporting/ledger/index.js';
import {
  JURISDICTIONS,
  runTaxFiles,
  taxReportFromFiles,
  TaxReportJsonWriter,
  type TaxReport,
} from '../../src/reporting/tax/index.js';
import { csv, rejectsWith } from './tax-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-tax-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const ajv = new Ajv2020.default({ allErrors: true, strict: false });
const schema = (name: string) =>
  ajv.compile(JSON.parse(readFileSync(new URL(`../../reports/${name}`, import.meta.url), 'utf8')) as object);

const ROWS = [
  '2025-01-01T00:00:00Z,a,BTC,buy,1,100,USD,1,USD,X,B1,spot',
  '2025-05-01T00:00:00Z,a,BTC,buy,1,200,USD,,,X,B2,spot',
  '2026-01-02T00:00:00Z,a,ETH,buy,10,0.01,BTC,,,X,E1,spot',
  '2026-02-01T00:00:00Z,a,BTC,sell,1.5,400,USD,2,USD,X,S1,spot',
  '2026-03-01T00:00:00Z,a,BTC-PERP,credit,10,,USDT,,,X,P1,pnl',
  '2026-03-02T00:00:00Z,b,SOL,sell,3,20,USD,,,X,S2,spot',
];
const PRICES = 'time,asset,quote,price\n2026-01-01T00:00:00Z,BTC,USD,300\n2026-01-01T00:00:00Z,USDT,USD,1\n';

describe('tax reports from files', () => {
  it('produce a JSON report that matches its schema and names the SHA-256 of its inputs', async () => {
    const r = await taxReportFromFiles({
      ledger: file('l.csv', csv(ROWS)),
      prices: file('p.csv', PRICES),
      jurisdiction: JURISDICTIONS.US,
      method: 'FIFO',
      year: 2026,
    });
    const validate = schema('tax-report.schema.json');
    expect(validate(r), JSON.stringify(validate.errors)).toBe(true);
    expect(r.inputs).toEqual({
      ledger: expect.stringMatching(/^[0-9a-f]{64}$/),
      prices: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(r.complete).toBe(false); // account b sold SOL it never bought
    expect(validate({ ...r, totals: { ...r.totals, fills: -1 } })).toBe(false);
    expect(validate({ ...r, disposals: [{ ...r.disposals[0], proceeds: 1.5 }] })).toBe(false); // a float amount
  });

  it('give the same report for a ledger in reverse time order, sorting it after the first out-of-order fill', async () => {
    const sorted = await taxReportFromFiles({
      ledger: file('s.csv', csv(ROWS)),
      prices: file('p2.csv', PRICES),
      jurisdiction: JURISDICTIONS.US,
      method: 'HIFO',
      year: 2026,
    });
    const reversedPath = file('r.csv', csv([...ROWS].reverse()));
    const run = await runTaxFiles(
      {
        ledger: reversedPath,
        prices: file('p3.csv', PRICES),
        jurisdiction: JURISDICTIONS.US,
        method: 'HIFO',
        year: 2026,
      },
      () => ({}),
    );
    expect(run.reordered).toBe(true);
    const reversed = await taxReportFromFiles({
      ledger: reversedPath,
      prices: file('p4.csv', PRICES),
      jurisdiction: JURISDICTIONS.US,
      method: 'HIFO',
      year: 2026,
    });
    expect({ ...reversed, inputs: undefined }).toEqual({ ...sorted, inputs: undefined });
  });

  it('stream the JSON report to a file with the same content as the in-memory report', async () => {
    const ledger = file('w.csv', csv(ROWS));
    const prices = file('wp.csv', PRICES);
    const expected = await taxReportFromFiles({
      ledger,
      prices,
      jurisdiction: JURISDICTIONS.US,
      method: 'FIFO',
      year: 2026,
    });
    const out = join(dir, 'report.json');
    const run = await runTaxFiles(
      { ledger, prices, jurisdiction: JURISDICTIONS.US, method: 'FIFO', year: 2026 },
      () => {
        const output = OutputFile.open(out);
        return Object.assign(new TaxReportJsonWriter(output), { output });
      },
    );
    run.sink.end(run.engine, run.summary, run.inputs);
    await run.sink.output.commit();
    const streamed = JSON.parse(readFileSync(out, 'utf8')) as TaxReport;
    expect(streamed).toEqual(expected);
  });

  it('leave no output behind when the run fails', async () => {
    const out = join(dir, 'never.json');
    const bad = file('bad.csv', csv([ROWS[0]!, '2026-01-01T00:00:00Z,a,BTC,sell,x,1,USD,,,X,Z,spot']));
    await rejectsWith(
      runTaxFiles({ ledger: bad, jurisdiction: JURISDICTIONS.US, method: 'FIFO', year: 2026 }, () => {
        const output = OutputFile.open(out);
        return Object.assign(new TaxReportJsonWriter(output), { output });
      }),
      'LEDGER_ROW_INVALID',
    );
    expect(() => readFileSync(out)).toThrow();
    expect(readdirSync(dir).filter((f) => f.includes('never.json'))).toEqual([]); // no temp file either
  });

  it('read lot selections from a file for SPECIFIC, and refuse them for other methods', async () => {
    const ledger = file('sp.csv', csv(ROWS));
    const prices = file('spp.csv', PRICES);
    const lots = file(
      'lots.json',
      JSON.stringify([{ account: 'a', tradeId: 'S1', lots: [{ lotId: 'B2', quantity: '1' }] }]),
    );
    const r = await taxReportFromFiles({
      ledger,
      prices,
      lots,
      jurisdiction: JURISDICTIONS.US,
      method: 'SPECIFIC',
      year: 2026,
    });
    // E1 spent 0.1 BTC (no selection: first-in first-out, from B1). S1 sells 1.5: B2 whole as named,
    // then 0.5 from what is left of B1.
    expect(r.disposals.filter((d) => d.tradeId === 'S1').map((d) => [d.lotId, d.quantity, d.identification])).toEqual([
      ['B2', '1', 'specified'],
      ['B1', '0.5', 'fifo-default'],
    ]);
    expect(r.inputs?.lots).toMatch(/^[0-9a-f]{64}$/);
    await rejectsWith(
      taxReportFromFiles({ ledger, prices, lots, jurisdiction: JURISDICTIONS.US, method: 'FIFO', year: 2026 }),
      'USAGE',
    );
  });

  it('read a JSON ledger the same way as a CSV one', async () => {
    const fromCsv = await taxReportFromFiles({
      ledger: file('j2.csv', csv(ROWS)),
      prices: file('jp.csv', PRICES),
      jurisdiction: JURISDICTIONS.US,
      method: 'LIFO',
      year: 2026,
    });
    const jsonLedger = ROWS.map((row) => {
      const [time, account, asset, side, quantity, price, quote, fee, feeAsset, venue, tradeId, kind] = row.split(',');
      return { time, account, asset, side, quantity, price, quote, fee, feeAsset, venue, tradeId, kind };
    });
    const validate = schema('ledger-fills.schema.json');
    expect(validate(jsonLedger), JSON.stringify(validate.errors)).toBe(true);
    const fromJson = await taxReportFromFiles({
      ledger: file('l.json', JSON.stringify(jsonLedger)),
      prices: file('jp2.csv', PRICES),
      jurisdiction: JURISDICTIONS.US,
      method: 'LIFO',
      year: 2026,
    });
    expect({ ...fromJson, inputs: undefined }).toEqual({ ...fromCsv, inputs: undefined });
    let n = 0;
    for await (const _ of readLedgerFile(file('j3.json', JSON.stringify(jsonLedger)))) n += 1;
    expect(n).toBe(ROWS.length);
  });
});

describe('the templates in reports/templates', () => {
  const t = (name: string) => new URL(`../../reports/templates/${name}`, import.meta.url).pathname;

  it('make a complete report: example fills, prices and lot selections', async () => {
    const r = await taxReportFromFiles({
      ledger: t('fills.example.csv'),
      prices: t('prices.example.csv'),
      lots: t('lot-selections.example.json'),
      jurisdiction: JURISDICTIONS.US,
      method: 'SPECIFIC',
      year: 2026,
    });
    expect(r.complete).toBe(true);
    expect(r.disposals.find((d) => d.tradeId === 'T-0003')).toMatchObject({
      lotId: 'T-0001',
      quantity: '0.2',
      identification: 'specified',
    });
    expect(r.income.map((l) => l.kind)).toEqual(['pnl', 'funding']);
    const selections = schema('lot-selections.schema.json');
    expect(selections(JSON.parse(readFileSync(t('lot-selections.example.json'), 'utf8')))).toBe(true);
    expect(readFileSync(t('ledger.header.csv'), 'utf8').trim()).toBe(
      'time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind',
    );
  });
});
