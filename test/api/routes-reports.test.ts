/**
 * Ledger import and reports over HTTP with real data: a small CSV ledger and price table go in,
 * tax reports (JSON equal to the library's, CARF validated against the XSD, 1099-DA and 8949)
 * and the compliance summary come out. Bad requests name what is wrong (line and column, record
 * and pointer, field) and leave the database exactly as it was (a full dump). Every response is
 * validated against openapi.yaml.
 */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { postgresDecisionRecorder } from '../../src/hook/pg-record-decisions.js';
import { decisionRecorder } from '../../src/hook/record-decisions.js';
import type { Decision, HookRejectionCode } from '../../src/hook/decision.js';
import { readLedgerCsv, readPriceTable } from '../../src/reporting/ledger/index.js';
import { buildTaxReport, JURISDICTIONS } from '../../src/reporting/tax/index.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';
import { TEST_STORE } from '../support/test-store.js';
import { selectRows } from './helpers.js';
import { HEADER, LEDGER, PRICES, ROWS, TAX, USERS, dump, keyFor, spec, world } from './reporting-world.js';

/** The compliance report on PostgreSQL (issue 14): one schema for the file, made on first use. */
let schema: PgSchema | undefined;
const handles: PostgresHandle[] = [];
afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  await schema?.drop();
});
async function openPg(): Promise<PostgresHandle> {
  schema ??= await freshPgSchema('reports');
  const pg = await schema.open({ maxConnections: 4 });
  handles.push(pg);
  await pg.pool.query('TRUNCATE hook_decisions RESTART IDENTITY');
  return pg;
}

describe('POST /v1/ledger/fills', () => {
  it('imports a CSV ledger into the caller tenant, all fills in one import', async () => {
    const w = await world();
    const r = await w.importCsv(LEDGER);
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ tenant: 'acme', source: 'csv', fills: 3 });
    expect(r.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const rows = await selectRows(w, 'select tenant, trade_id, quantity, price from ledger_fills order by id');
    expect(rows).toEqual([
      { tenant: 'acme', trade_id: 'T1', quantity: '0.5', price: '40000' },
      { tenant: 'acme', trade_id: 'T2', quantity: '0.2', price: '45000' },
      { tenant: 'acme', trade_id: 'T3', quantity: '2', price: '0.05' },
    ]);
  });

  it('imports the same fills given as JSON objects (decimals as strings, time as Unix seconds)', async () => {
    const w = await world();
    const fills = [
      {
        time: 1738368000,
        account: 'bob',
        asset: 'BTC',
        side: 'buy',
        quantity: '1',
        price: '40000',
        quote: 'USD',
        tradeId: 'J1',
        kind: 'spot',
      },
      {
        time: '2026-05-01T00:00:00+02:00',
        account: 'bob',
        asset: 'BTC-PERP',
        side: 'credit',
        quantity: '12.5',
        quote: 'USD',
        venue: 'X',
        tradeId: 'J2',
        kind: 'pnl',
      },
    ];
    const r = await w.call('POST', '/v1/ledger/fills', '/v1/ledger/fills', w.acme.institution, { fills });
    expect([r.status, r.body.source, r.body.fills]).toEqual([201, 'json', 2]);
    expect(await selectRows(w, 'select time_ms, kind from ledger_fills order by id')).toEqual([
      { time_ms: 1738368000000, kind: 'spot' },
      { time_ms: Date.UTC(2026, 3, 30, 22), kind: 'pnl' },
    ]);
  });

  it('names the line and column of a malformed CSV row and imports nothing of the file', async () => {
    const w = await world();
    await w.importCsv(LEDGER);
    const before = await dump(w);
    const bad = `${HEADER}\n2026-05-01T00:00:00Z,alice,BTC,buy,1,40000,USD,,,V,T9,spot\n2026-05-02T00:00:00Z,alice,BTC,buy,1.x,40000,USD,,,V,T10,spot\n`;
    const r = await w.importCsv(bad);
    expect([r.status, r.body.code]).toEqual([400, 'LEDGER_ROW_INVALID']);
    expect(r.body.details).toEqual({ line: 3, column: 5, field: 'quantity' });
    expect(r.body.detail).toMatch(/^line 3, column 5 \(quantity\)/);
    const header = await w.importCsv('time,account,asset\n');
    expect([header.status, header.body.code]).toEqual([400, 'LEDGER_HEADER_INVALID']);
    const syntax = await w.importCsv(`${HEADER}\n"unterminated,alice\n`);
    expect([syntax.status, syntax.body.code]).toEqual([400, 'LEDGER_CSV_SYNTAX']);
    expect(await dump(w)).toBe(before);
  });

  it('points into the request for a bad JSON fill, and refuses a malformed body before reading it', async () => {
    const w = await world();
    const before = await dump(w);
    const ok = {
      time: 1738368000,
      account: 'a',
      asset: 'BTC',
      side: 'buy',
      quantity: '1',
      price: '1',
      quote: 'USD',
      tradeId: 'X1',
      kind: 'spot',
    };
    const r = await w.call('POST', '/v1/ledger/fills', '/v1/ledger/fills', w.acme.institution, {
      fills: [ok, { ...ok, tradeId: 'X2', quantity: '-1' }],
    });
    expect([r.status, r.body.code, r.body.details.record, r.body.details.pointer]).toEqual([
      400,
      'LEDGER_ROW_INVALID',
      2,
      '/body/fills/1/quantity',
    ]);
    const shape = await w.call('POST', '/v1/ledger/fills', '/v1/ledger/fills', w.acme.institution, {
      fills: [{ ...ok, quantity: 1 }],
    });
    expect([shape.status, shape.body.code]).toEqual([400, 'INPUT_INVALID']);
    const empty = await w.call('POST', '/v1/ledger/fills', '/v1/ledger/fills', w.acme.institution, { csv: '' });
    expect([empty.status, empty.body.details.issues[0].path]).toEqual([400, '/body/csv']);
    const both = await w.call('POST', '/v1/ledger/fills', '/v1/ledger/fills', w.acme.institution, {
      csv: LEDGER,
      fills: [ok],
    });
    expect([both.status, both.body.code]).toEqual([400, 'INPUT_INVALID']);
    expect(await dump(w)).toBe(before);
  });

  it('answers 409 for a trade id the tenant already has, or one the file repeats, importing nothing', async () => {
    const w = await world();
    await w.importCsv(LEDGER);
    const before = await dump(w);
    const again = await w.importCsv(`${HEADER}\n2026-06-01T00:00:00Z,alice,BTC,buy,1,1,USD,,,V,NEW,spot\n${ROWS[0]}\n`);
    expect([again.status, again.body.code, again.body.details.line]).toEqual([409, 'LEDGER_DUPLICATE_TRADE', 3]);
    const twice = await w.importCsv(`${HEADER}\n${ROWS[0]!.replace('T1', 'D1')}\n${ROWS[1]!.replace('T2', 'D1')}\n`);
    expect([twice.status, twice.body.code, twice.body.details.line, twice.body.details.firstLine]).toEqual([
      409,
      'LEDGER_DUPLICATE_TRADE',
      3,
      2,
    ]);
    expect(await dump(w)).toBe(before);
    // Another tenant may use the same trade ids: ledgers are per tenant.
    expect((await w.importCsv(LEDGER, await keyFor(w, 'institution', 'globex'))).status).toBe(201);
  });

  it('refuses a body over 16 MiB with 413 and stores nothing', async () => {
    const w = await world();
    const before = await dump(w);
    const r = await w.importCsv(`${HEADER}\n${'x'.repeat(16 * 1024 * 1024)}`);
    expect([r.status, r.body.code]).toEqual([413, 'INPUT_TOO_LARGE']);
    expect(await dump(w)).toBe(before);
  });
});

describe('POST /v1/reports/tax', () => {
  it('reports the stored ledger by FIFO with the figures worked by hand, equal to the library run', async () => {
    const w = await world();
    await w.importCsv(LEDGER);
    const r = await w.tax({ ...TAX, format: 'json' });
    expect([r.status, r.type]).toEqual([200, 'application/json']);
    // Lot T1: 0.5 BTC for 20000 + 10 fee = 20010 basis. T2 sells 0.2: proceeds 9000 − 5 = 8995,
    // basis 0.4 × 20010 = 8004, gain 991. T3 pays 0.1 BTC (at 50000: 5000) for 2 ETH: basis 4002, gain 998.
    expect(
      r.body.disposals.map((d: any) => [d.tradeId, d.leg, d.quantity, d.proceeds, d.costBasis, d.gain, d.term]),
    ).toEqual([
      ['T2', 'base', '0.2', '8995', '8004', '991', 'long'],
      ['T3', 'quote', '0.1', '5000', '4002', '998', 'long'],
    ]);
    expect(r.body.totals.disposals).toEqual({ lines: 2, proceeds: '13995', costBasis: '12006', gain: '1989' });
    expect(r.body.complete).toBe(true);
    const fills = [];
    for await (const f of readLedgerCsv([LEDGER])) fills.push(f.fill);
    const library = await buildTaxReport(fills, {
      jurisdiction: JURISDICTIONS.US,
      method: 'FIFO',
      year: 2026,
      prices: await readPriceTable([PRICES]),
    });
    const { inputs, ...rest } = r.body;
    expect(rest).toEqual(JSON.parse(JSON.stringify(library)));
    expect(inputs.prices).toMatch(/^[0-9a-f]{64}$/);
  });

  it('writes a CARF message that validates against the CARF v1.5 XSD, with identity only from users', async () => {
    const w = await world();
    await w.importCsv(LEDGER);
    const r = await w.tax({ ...TAX, format: 'carf', users: USERS, messageRefId: 'GB2026US-API' });
    expect([r.status, r.type]).toEqual([200, 'application/xml; charset=utf-8']);
    const carf = new URL('../fixtures/third-party/carf/', import.meta.url);
    const read = (n: string) => readFileSync(new URL(n, carf), 'utf8');
    const result = await validateXML({
      xml: [{ fileName: 'message.xml', contents: r.text }],
      schema: [{ fileName: 'CARFXML_v1.5.reconstructed.xsd', contents: read('CARFXML_v1.5.reconstructed.xsd') }],
      preload: ['isocarftypes_v1.1.xsd', 'oecdcarftypes_v5.0.xsd'].map((f) => ({ fileName: f, contents: read(f) })),
    });
    expect(result.errors.map((e) => e.message)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(r.text).toContain('<LastName>Smith</LastName>');
    expect(r.text).toMatch(
      /<CryptoAsset>BTC<\/CryptoAsset>\s*<CryptoToCryptoOut>\s*<NumberofTransactions>1<\/NumberofTransactions>\s*<Amount currCode="USD">5000\.00<\/Amount>/,
    );
    // MessageSpec timestamp comes from the service clock (frozen in tests).
    expect(r.text).toContain('<Timestamp>2026-01-15T12:00:00');
  });

  it('writes 1099-DA rows (JSON and CSV) and Form 8949 CSV in cents', async () => {
    const w = await world();
    await w.importCsv(LEDGER);
    const da = await w.tax({ ...TAX, format: '1099da' });
    expect(
      da.body.rows.map((x: any) => [x.digitalAssetName, x.units, x.proceeds, x.costBasis, x.gainOrLoss, x.term]),
    ).toEqual([
      ['BTC', '0.2', '8995.00', '8004.00', '991.00', 'long'],
      ['BTC', '0.1', '5000.00', '4002.00', '998.00', 'long'],
    ]);
    const daCsv = await w.tax({ ...TAX, format: '1099da-csv' });
    expect(daCsv.type).toBe('text/csv; charset=utf-8');
    expect(daCsv.text.split('\r\n')[0]).toMatch(/^record_id,account,box_1a/);
    const f8949 = await w.tax({ ...TAX, format: '8949', basisReporting: 'reported' });
    const lines = f8949.text.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/^alice,II,J,0\.2 BTC,02\/01\/2025,03\/01\/2026,8995\.00,8004\.00,,,991\.00,/);
  });

  it('sees only the caller tenant ledger', async () => {
    const w = await world();
    await w.importCsv(LEDGER);
    const r = await w.tax(TAX, await keyFor(w, 'institution', 'globex'));
    expect([r.body.totals.fills, r.body.disposals]).toEqual([0, []]);
  });

  it('refuses bad input with codes naming the place, and stores nothing', async () => {
    const w = await world();
    await w.importCsv(LEDGER);
    const before = await dump(w);
    const cases: [object, number, string, (b: any) => unknown, unknown][] = [
      [
        { ...TAX, prices: 'time,asset,quote,price\n2026-01-01T00:00:00Z,BTC,USD,-5\n' },
        400,
        'PRICE_ROW_INVALID',
        (b) => b.details,
        { line: 2, column: 4, field: 'price' },
      ],
      [{ ...TAX, prices: undefined }, 400, 'PRICE_MISSING', () => 0, 0],
      [{ ...TAX, format: 'carf' }, 400, 'INPUT_INVALID', (b) => b.details.issues[0].path, '/body/users'],
      [{ ...TAX, format: 'carf', users: { ...USERS, users: {} } }, 400, 'CARF_USER_MISSING', () => 0, 0],
      [
        { ...TAX, format: 'carf', users: { ...USERS, rcasp: { type: 'entity' } } },
        400,
        'CARF_USERS_INVALID',
        () => 0,
        0,
      ],
      [
        { ...TAX, lots: [{ account: 'alice', tradeId: 'T2', lots: [] }] },
        400,
        'INPUT_INVALID',
        (b) => b.details.issues[0].path,
        '/body/lots',
      ],
      [
        { ...TAX, method: 'SPECIFIC', lots: [{ account: 'alice', tradeId: 'T2', lots: [] }] },
        400,
        'TAX_LOT_SELECTION_INVALID',
        () => 0,
        0,
      ],
      [{ ...TAX, timeZone: 'Mars/Olympus' }, 400, 'INPUT_INVALID', (b) => b.details.issues[0].path, '/body/timeZone'],
      [{ ...TAX, currency: 'XYZ' }, 400, 'INPUT_INVALID', (b) => b.details.issues[0].path, '/body/currency'],
      [{ ...TAX, year: 1969 }, 400, 'INPUT_INVALID', (b) => b.details.issues[0].path, '/body/year'],
      [{ ...TAX, format: 'pdf' }, 400, 'INPUT_INVALID', (b) => b.details.issues[0].path, '/body/format'],
    ];
    for (const [body, status, code, pick, expected] of cases) {
      const r = await w.tax(JSON.parse(JSON.stringify(body)));
      expect([r.status, r.body.code, pick(r.body)], JSON.stringify(body).slice(0, 120)).toEqual([
        status,
        code,
        expected,
      ]);
      expect(r.text).not.toContain('Smith');
    }
    expect(await dump(w)).toBe(before);
  });
});

describe('the tax jurisdiction is never guessed', () => {
  it('refuses a report without a jurisdiction when none is configured for the tenant (TAX_JURISDICTION_REQUIRED), storing nothing', async () => {
    const w = await world();
    await w.importCsv(LEDGER);
    const before = await dump(w);
    const { jurisdiction: _omitted, ...noJurisdiction } = TAX;
    const r = await w.tax({ ...noJurisdiction, currency: 'EUR' });
    expect([r.status, r.body.code, r.body.details.issues[0].path]).toEqual([
      400,
      'TAX_JURISDICTION_REQUIRED',
      '/body/jurisdiction',
    ]);
    const bundle = await w.createBundle({ source: 'tax', ...noJurisdiction });
    expect([bundle.status, bundle.body.code]).toEqual([400, 'TAX_JURISDICTION_REQUIRED']);
    expect(await dump(w)).toBe(before);
  });

  it("uses the tenant's configured jurisdiction (reporting.taxJurisdictions) when the request names none; another tenant still must", async () => {
    const w = await world({ config: { reporting: { taxJurisdictions: { acme: 'DE' } } } });
    await w.importCsv(LEDGER.replaceAll(',USD,', ',EUR,'));
    const { jurisdiction: _omitted, ...noJurisdiction } = { ...TAX, prices: PRICES.replace(',USD,', ',EUR,') };
    const r = await w.tax(noJurisdiction);
    expect([r.status, r.body.jurisdiction, r.body.currency, r.body.warnings]).toEqual([200, 'DE', 'EUR', []]);
    // Held 13 months: under German rules the disposal is tax-free, not "long-term".
    expect(r.body.disposals[0].holdingClass).toBe('tax-free');
    const globex = await w.tax(noJurisdiction, await keyFor(w, 'institution', 'globex'));
    expect([globex.status, globex.body.code]).toEqual([400, 'TAX_JURISDICTION_REQUIRED']);
  });

  it('warns in the report when the currency is not the jurisdiction’s (EUR under US rules), and not when they agree', async () => {
    const w = await world();
    await w.importCsv(LEDGER.replaceAll(',USD,', ',EUR,'));
    const eur = { ...TAX, prices: PRICES.replace(',USD,', ',EUR,'), currency: 'EUR' };
    const mismatch = await w.tax({ ...eur, jurisdiction: 'US' });
    expect(mismatch.status).toBe(200);
    expect(mismatch.body.warnings).toEqual([
      expect.objectContaining({
        code: 'CURRENCY_JURISDICTION_MISMATCH',
        details: { currency: 'EUR', jurisdiction: 'US', jurisdictionCurrency: 'USD' },
      }),
    ]);
    const agree = await w.tax({ ...eur, jurisdiction: 'DE' });
    expect([agree.status, agree.body.warnings]).toEqual([200, []]);
  });
});

// both stores here; under the store switch (vitest project postgres) every app is on PostgreSQL
const COMPLIANCE_STORES = TEST_STORE === 'postgres' ? (['postgres'] as const) : (['sqlite', 'postgres'] as const);
describe.each(COMPLIANCE_STORES)('POST /v1/reports/compliance on %s', (kind) => {
  it("summarises the hook's recorded decisions in [from, to) without identifiers", async () => {
    const pg = kind === 'postgres' ? await openPg() : undefined;
    const w = await world(pg ? { pg } : {});
    // the decisions go where the venue's hook records them on this store (services/venue.ts)
    const recorder = (venue: string) =>
      pg ? postgresDecisionRecorder({ db: pg.db, venue }) : decisionRecorder({ db: w.db.db, venue });
    const record = recorder('acme');
    const admitted = (sessionId?: string): Decision => ({
      allowed: true,
      policy: 'p1@1.0.0',
      policyId: '0x01',
      policyHash: '1',
      nullifier: '2',
      tradeHash: '3',
      receipt: 'receipt',
      ...(sessionId ? { sessionId } : {}),
    });
    const refused = (code: HookRejectionCode, sessionId?: string): Decision => ({
      allowed: false,
      code,
      reason: 'refused',
      ...(sessionId ? { sessionId } : {}),
    });
    // another venue's decisions never enter acme's report
    await recorder('other-venue')({
      at: Date.parse('2026-01-12T00:00:00Z') / 1000,
      policyRef: 'p1@1.0.0',
      decision: refused('CLOCK_SKEW'),
    });
    const at = (iso: string) => Date.parse(iso) / 1000;
    await record({ at: at('2025-12-31T23:59:59Z'), policyRef: 'p1@1.0.0', decision: admitted('sess-outside') });
    await record({ at: at('2026-01-10T00:00:00Z'), policyRef: 'p1@1.0.0', decision: admitted('sess-secret-1') });
    await record({
      at: at('2026-01-11T00:00:00Z'),
      policyRef: 'p1@1.0.0',
      decision: refused('PROOF_INVALID', 'sess-secret-1'),
    });
    await record({ at: at('2026-02-01T00:00:00Z'), policyRef: 'p2@1.0.0', decision: admitted() });
    await record({ at: at('2027-01-01T00:00:00Z'), policyRef: 'p2@1.0.0', decision: refused('PROOF_INVALID') });
    const r = await w.call('POST', '/v1/reports/compliance', '/v1/reports/compliance', w.acme.institution, {
      from: '2026-01-01T00:00:00Z',
      to: at('2027-01-01T00:00:00Z'),
    });
    expect(r.status).toBe(200);
    expect(r.body.totals).toEqual({ decisions: 3, allowed: 2, rejected: 1, rejectionRate: '0.3333' });
    expect([r.body.first, r.body.last]).toEqual(['2026-01-10T00:00:00.000Z', '2026-02-01T00:00:00.000Z']);
    expect(
      r.body.policies.map((p: any) => [p.policyId, p.decisions, p.periods.map((x: any) => x.period), p.sessions]),
    ).toEqual([
      ['p1@1.0.0', 2, ['2026-01'], { distinct: 1, withRejection: 1 }],
      ['p2@1.0.0', 1, ['2026-02'], { distinct: 0, withRejection: 0 }],
    ]);
    expect(r.body.codes).toEqual([
      { code: null, count: 2 },
      { code: 'PROOF_INVALID', count: 1 },
    ]);
    expect(r.text).not.toContain('sess-');
  });

  it('refuses an empty or inverted period and unreadable times, naming the field', async () => {
    const w = await world();
    const before = await dump(w);
    const send = (body: object) =>
      w.call('POST', '/v1/reports/compliance', '/v1/reports/compliance', w.acme.institution, body);
    for (const [body, path] of [
      [{ from: '2026-02-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }, '/body/to'],
      [{ from: '2026-02-01T00:00:00', to: '2026-03-01T00:00:00Z' }, '/body/from'],
      [{ from: 0, to: 1, period: 'week' }, '/body/period'],
    ] as const) {
      const r = await send(body);
      expect([r.status, r.body.code, r.body.details.issues[0].path]).toEqual([400, 'INPUT_INVALID', path]);
    }
    expect(await dump(w)).toBe(before);
  });
});

describe('openapi.yaml report schemas', () => {
  /** The JSON Schema file with its $defs moved to components (as the openapi generator puts them in components). */
  function asComponents(file: string, root: string, prefix: string): Record<string, unknown> {
    const {
      $defs = {},
      $schema: _s,
      $id: _i,
      ...schema
    } = JSON.parse(readFileSync(new URL(`../../reports/${file}`, import.meta.url), 'utf8'));
    const name = (d: string) => prefix + d[0]!.toUpperCase() + d.slice(1);
    const fix = (n: unknown): unknown =>
      Array.isArray(n)
        ? n.map(fix)
        : n && typeof n === 'object'
          ? Object.fromEntries(
              Object.entries(n).map(([k, v]) => [
                k,
                k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')
                  ? `#/components/schemas/${name(v.slice(8))}`
                  : fix(v),
              ]),
            )
          : n;
    return Object.fromEntries([[root, fix(schema)], ...Object.entries($defs).map(([k, v]) => [name(k), fix(v)])]);
  }

  it('document the tax report and 1099-DA outputs exactly as reports/*.schema.json define them', () => {
    const schemas = spec.components!.schemas!;
    for (const [file, root, prefix] of [
      ['tax-report.schema.json', 'TaxReport', 'Tax'],
      ['form-1099da.schema.json', 'Form1099DaDocument', 'Form1099Da'],
    ] as const) {
      for (const [name, schema] of Object.entries(asComponents(file, root, prefix)))
        expect(schemas[name], name).toEqual(schema);
    }
  });
});
