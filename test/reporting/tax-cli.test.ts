/**
 * `vouch ledger import` and `vouch report tax|compliance` end to end: real processes
 * (node bin/vouch.mjs) on a temp data dir; outputs are checked by the readers and the XSD.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { JURISDICTIONS, taxReportFromFiles, type TaxReport } from '../../src/reporting/tax/index.js';
import { csv } from './tax-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-tax-cli-'));
const dataDir = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vouch(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/vouch.mjs', '--data-dir', dataDir, ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

const ROWS = [
  '2025-01-01T00:00:00Z,alice,BTC,buy,1,100,USD,1,USD,X,B1,spot',
  '2025-05-01T00:00:00Z,alice,BTC,buy,1,200,USD,,,X,B2,spot',
  '2026-01-02T00:00:00Z,alice,ETH,buy,10,0.01,BTC,,,X,E1,spot',
  '2026-02-01T00:00:00Z,alice,BTC,sell,1.5,400,USD,2,USD,X,S1,spot',
  '2026-03-01T00:00:00Z,alice,BTC-PERP,credit,10,,USDT,,,X,P1,pnl',
];
const ledger = file('fills.csv', csv(ROWS));
const prices = file(
  'prices.csv',
  'time,asset,quote,price\n2026-01-01T00:00:00Z,BTC,USD,300\n2026-01-01T00:00:00Z,USDT,USD,1\n',
);

describe('vouch ledger import (CLI)', () => {
  it('imports nothing from a malformed file and names the line and column; imports a good file once', () => {
    const bad = vouch(
      'ledger',
      'import',
      file('bad.csv', csv([...ROWS, '2026-04-01T00:00:00Z,alice,BTC,sell,1,1,USD,,,X,S2,swap'])),
      '--tenant',
      'acme',
      '--json',
    );
    expect(bad.status).toBe(3);
    expect(JSON.parse(bad.stdout)).toMatchObject({
      error: { code: 'LEDGER_ROW_INVALID', details: { line: 7, column: 12, field: 'kind' } },
    });
    const ok = vouch('ledger', 'import', ledger, '--tenant', 'acme', '--json');
    expect(ok.status).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({
      tenant: 'acme',
      fills: 5,
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    const again = vouch('ledger', 'import', ledger, '--tenant', 'acme', '--json');
    expect(again.status).toBe(3);
    expect(JSON.parse(again.stdout)).toMatchObject({ error: { code: 'LEDGER_DUPLICATE_TRADE', details: { line: 2 } } });
  });
});

describe('vouch report tax (CLI)', () => {
  it('writes the JSON report from the tenant’s stored ledger, equal to the one from the file', async () => {
    const out = join(dir, 'tax.json');
    const r = vouch(
      'report',
      'tax',
      '--jurisdiction',
      'US',
      '--tenant',
      'acme',
      '--prices',
      prices,
      '--year',
      '2026',
      '--method',
      'HIFO',
      '--out',
      out,
      '--json',
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ out, format: 'json', complete: true, fills: 5 });
    const fromDb = JSON.parse(readFileSync(out, 'utf8')) as TaxReport;
    const fromFile = await taxReportFromFiles({
      ledger,
      prices,
      jurisdiction: JURISDICTIONS.US,
      method: 'HIFO',
      year: 2026,
    });
    expect(fromDb.disposals).toEqual(fromFile.disposals);
    expect(fromDb.totals).toEqual(fromFile.totals);
  });

  it('writes CARF XML that validates, with identities from --users', async () => {
    const users = file(
      'users.json',
      JSON.stringify({
        rcasp: {
          type: 'entity',
          name: 'Acme Ltd',
          resCountryCode: 'GB',
          tin: 'GB-1',
          address: { countryCode: 'GB', city: 'London' },
          nexus: 'CARF901',
        },
        users: {
          alice: {
            type: 'individual',
            firstName: 'Alice',
            lastName: 'Smith',
            resCountryCode: 'GB',
            tin: 'AB123',
            birthDate: '1990-01-15',
            address: { countryCode: 'GB', city: 'Leeds' },
          },
        },
      }),
    );
    const out = join(dir, 'carf.xml');
    const r = vouch(
      'report',
      'tax',
      '--jurisdiction',
      'US',
      '--ledger',
      ledger,
      '--prices',
      prices,
      '--users',
      users,
      '--year',
      '2026',
      '--format',
      'carf',
      '--timestamp',
      '2027-01-31T12:00:00Z',
      '--out',
      out,
    );
    expect(r.status, r.stderr).toBe(0);
    const xml = readFileSync(out, 'utf8');
    const fx = (n: string) => readFileSync(new URL(`../fixtures/third-party/carf/${n}`, import.meta.url), 'utf8');
    const v = await validateXML({
      xml: [{ fileName: 'carf.xml', contents: xml }],
      schema: [{ fileName: 'CARFXML_v1.5.reconstructed.xsd', contents: fx('CARFXML_v1.5.reconstructed.xsd') }],
      preload: ['isocarftypes_v1.1.xsd', 'oecdcarftypes_v5.0.xsd'].map((f) => ({ fileName: f, contents: fx(f) })),
    });
    expect(v.errors).toEqual([]);
    expect(xml).toContain('<Timestamp>2027-01-31T12:00:00</Timestamp>');
  });

  it('refuses CARF without a users file, and a bad method, as usage errors', () => {
    expect(
      vouch('report', 'tax', '--jurisdiction', 'US', '--ledger', ledger, '--year', '2026', '--format', 'carf').status,
    ).toBe(2);
    expect(
      vouch('report', 'tax', '--jurisdiction', 'US', '--ledger', ledger, '--year', '2026', '--method', 'RANDOM').status,
    ).toBe(2);
  });

  it('streams an 8949 CSV to stdout and warns on stderr when the report is incomplete', () => {
    const short = file(
      'short.csv',
      csv([
        '2026-01-01T00:00:00Z,bob,SOL,buy,1,10,USD,,,X,B,spot',
        '2026-02-01T00:00:00Z,bob,SOL,sell,3,12,USD,,,X,S,spot',
      ]),
    );
    const r = vouch(
      'report',
      'tax',
      '--jurisdiction',
      'US',
      '--ledger',
      short,
      '--year',
      '2026',
      '--format',
      '8949',
      '--basis-reporting',
      'reported',
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.split('\r\n').slice(0, 2)).toEqual([
      'account,part,box,description,date_acquired,date_sold,proceeds,cost_basis,adjustment_code,adjustment_amount,gain_or_loss,record_id',
      'bob,I,G,1 SOL,01/01/2026,02/01/2026,12.00,10.00,,,2.00,bob/X/S/base/0',
    ]);
    expect(r.stderr).toMatch(/incomplete/);
  });
});

describe('vouch report tax never guesses the jurisdiction (CLI)', () => {
  const eurPrices = file(
    'prices-eur.csv',
    'time,asset,quote,price\n2025-01-01T00:00:00Z,USD,EUR,0.9\n2026-01-01T00:00:00Z,BTC,EUR,270\n2026-01-01T00:00:00Z,USDT,EUR,0.9\n',
  );

  it('refuses a report without --jurisdiction (TAX_JURISDICTION_REQUIRED, exit 3) and writes nothing', () => {
    const out = join(dir, 'no-jurisdiction.json');
    const r = vouch(
      'report',
      'tax',
      '--ledger',
      ledger,
      '--prices',
      prices,
      '--year',
      '2026',
      '--currency',
      'EUR',
      '--out',
      out,
      '--json',
    );
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'TAX_JURISDICTION_REQUIRED' } });
    expect(() => readFileSync(out)).toThrow();
  });

  it("takes the tenant's configured jurisdiction from the service config file", () => {
    const config = file('vouch-config.json', JSON.stringify({ reporting: { taxJurisdictions: { acme: 'DE' } } }));
    const out = join(dir, 'configured.json');
    const r = vouch(
      'report',
      'tax',
      '--tenant',
      'acme',
      '--config',
      config,
      '--ledger',
      ledger,
      '--prices',
      eurPrices,
      '--year',
      '2026',
      '--out',
      out,
      '--json',
    );
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ jurisdiction: 'DE', currency: 'EUR', warnings: [] });
    const other = vouch(
      'report',
      'tax',
      '--tenant',
      'globex',
      '--config',
      config,
      '--ledger',
      ledger,
      '--prices',
      prices,
      '--year',
      '2026',
      '--json',
    );
    expect(JSON.parse(other.stdout)).toMatchObject({ error: { code: 'TAX_JURISDICTION_REQUIRED' } });
  });

  it('warns, in the report and on stderr, when the currency is not the jurisdiction’s (EUR with US rules)', () => {
    const out = join(dir, 'eur-us.json');
    const r = vouch(
      'report',
      'tax',
      '--ledger',
      ledger,
      '--prices',
      eurPrices,
      '--year',
      '2026',
      '--jurisdiction',
      'US',
      '--currency',
      'EUR',
      '--out',
      out,
    );
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('warning CURRENCY_JURISDICTION_MISMATCH');
    const report = JSON.parse(readFileSync(out, 'utf8')) as TaxReport;
    expect(report.warnings.map((w) => [w.code, w.details])).toEqual([
      ['CURRENCY_JURISDICTION_MISMATCH', { currency: 'EUR', jurisdiction: 'US', jurisdictionCurrency: 'USD' }],
    ]);
  });
});

describe('vouch report compliance (CLI)', () => {
  it('summarises decision records from JSON Lines', () => {
    const decisions = file(
      'decisions.jsonl',
      [
        { time: 1767225600, policyId: 'p1', allowed: true, code: 'OK', sessionId: 's1' },
        { time: '2026-01-02T00:00:00Z', policyId: 'p1', allowed: false, code: 'PROOF_INVALID', sessionId: 's1' },
      ]
        .map((d) => JSON.stringify(d))
        .join('\n'),
    );
    const r = vouch('report', 'compliance', '--decisions', decisions, '--period', 'day');
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { totals: unknown; policies: Array<{ periods: unknown[] }> };
    expect(report.totals).toEqual({ decisions: 2, allowed: 1, rejected: 1, rejectionRate: '0.5000' });
    expect(report.policies[0]!.periods).toHaveLength(2);
    expect(r.stdout).not.toContain('s1');
  });
});
