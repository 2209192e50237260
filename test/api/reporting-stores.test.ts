/**
 * The reporting areas over HTTP on both stores (issue 14): the same ledger import, tax report,
 * signed bundle, auditor grants and disclosures on the embedded SQLite file and on PostgreSQL
 * (AppDeps.pg; a fresh schema per file). A rejected import or grant leaves the reporting tables
 * exactly as they were; SQL metacharacters in every text field are stored and reported as text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';
import { HEADER, LEDGER, TAX, world } from './reporting-world.js';

const STORES = ['sqlite', 'postgres'] as const;
/** Each test makes three scrypt API keys and a signed, logged bundle: generous on a loaded 2-core machine. */
const SLOW = 300_000;
const TABLES = ['ledger_imports', 'ledger_fills', 'report_bundles', 'report_bundle_grants'] as const;

let schema: PgSchema;
const handles: PostgresHandle[] = [];
beforeAll(async () => {
  schema = await freshPgSchema('reporting');
});
afterAll(async () => {
  await Promise.all(handles.map((h) => h.close()));
  await schema.drop();
});

describe.each(STORES)('reporting routes on %s', (kind) => {
  async function setup() {
    let pg: PostgresHandle | undefined;
    if (kind === 'postgres') {
      pg = await schema.open({ maxConnections: 4 });
      handles.push(pg);
      // one schema for the file: every test starts from empty reporting tables
      await pg.pool.query(`TRUNCATE ${TABLES.join(', ')}, log_entries, log_hashes RESTART IDENTITY`);
      await pg.pool.query(`UPDATE log_head SET size = 0, frontier = ''::bytea`); // the empty log's head
    }
    const w = await world(pg ? { pg } : {});
    /** The reporting tables, every row, on the store the app uses. */
    const tables = async (): Promise<string> => {
      const out: [string, unknown[]][] = [];
      for (const t of TABLES) {
        const rows = pg
          ? (await pg.pool.query(`SELECT * FROM ${t} ORDER BY 1, 2`)).rows
          : w.db.sqlite.prepare(`SELECT * FROM ${t} ORDER BY 1, 2`).all();
        out.push([t, rows.map((r) => Object.fromEntries(Object.entries(r as object).map(([k, v]) => [k, String(v)])))]);
      }
      return JSON.stringify(out);
    };
    return { ...w, pg, tables };
  }

  it(
    'imports, reports, signs a logged bundle an auditor verifies, and shares it by grant',
    async () => {
      const w = await setup();
      const imported = await w.importCsv(LEDGER);
      expect(imported.status).toBe(201);
      expect(imported.body).toMatchObject({ tenant: 'acme', fills: 3, source: 'csv' });
      const report = await w.tax({ ...TAX, format: 'json' });
      expect(report.status).toBe(200);
      expect(report.body.disposals.map((d: any) => [d.tradeId, d.gain])).toEqual([
        ['T2', '991'],
        ['T3', '998'],
      ]);
      const created = await w.createBundle({ source: 'tax', ...TAX });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ tenant: 'acme', kind: 'tax', recordCount: 2, logIndex: 0 });
      const full = await w.getBundle(created.body.id, w.acme.institution);
      expect(full.body.disclosure).toBe(false);
      const verified = await w.verify(full.body.bundle, {}, w.acme.institution);
      expect(verified.body.ok).toBe(true);
      // the bundle's log entry is on the same store as the bundle
      if (w.pg) {
        const [entry] = (await w.pg.pool.query('SELECT COUNT(*)::int AS n FROM log_entries')).rows;
        expect(entry.n).toBe(1);
      }

      const id = created.body.id as string;
      expect((await w.getBundle(id, w.auditCo.auditor)).status).toBe(404);
      const grant = await w.call(
        'POST',
        `/v1/reports/bundles/${id}/grants`,
        '/v1/reports/bundles/{id}/grants',
        w.acme.institution,
        {
          tenant: 'audit-co',
          records: [1],
        },
      );
      expect(grant.status).toBe(201);
      const seen = await w.getBundle(id, w.auditCo.auditor);
      expect(seen.body.disclosure).toBe(true);
      expect(seen.body.bundle.records.map((r: any) => r.index)).toEqual([1]);
      expect((await w.verify(seen.body.bundle)).body.ok).toBe(true);
      const listed = await w.call(
        'GET',
        `/v1/reports/bundles/${id}/grants`,
        '/v1/reports/bundles/{id}/grants',
        w.acme.institution,
      );
      expect(listed.body.grants.map((g: any) => [g.tenant, g.records])).toEqual([['audit-co', [1]]]);
      const revoked = await w.call(
        'DELETE',
        `/v1/reports/bundles/${id}/grants/audit-co`,
        '/v1/reports/bundles/{id}/grants/{tenant}',
        w.acme.institution,
      );
      expect(revoked.status).toBe(200);
      expect((await w.getBundle(id, w.auditCo.auditor)).status).toBe(404);
    },
    SLOW,
  );

  it(
    'leaves the reporting tables exactly as they were after a rejected import or grant',
    async () => {
      const w = await setup();
      await w.importCsv(LEDGER);
      const created = await w.createBundle({ source: 'tax', ...TAX });
      const before = await w.tables();
      // a new row and then a trade id the tenant already has: 409, nothing of the file kept
      const dup = await w.importCsv(
        `${HEADER}\n2026-05-01T00:00:00Z,alice,BTC,buy,1,1,USD,,,V,T9,spot\n2026-02-01T00:00:00Z,alice,BTC,buy,1,1,USD,,,V,T1,spot\n`,
      );
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ code: 'LEDGER_DUPLICATE_TRADE', details: { line: 3 } });
      const bad = await w.importCsv(`${HEADER}\n2026-05-01T00:00:00Z,alice,BTC,buy,1,1,USD,,,V,T8,spot\nnot,a,row\n`);
      expect(bad.status).toBe(400);
      const outside = await w.call(
        'POST',
        `/v1/reports/bundles/${created.body.id}/grants`,
        '/v1/reports/bundles/{id}/grants',
        w.acme.institution,
        { tenant: 'audit-co', records: [7] },
      );
      expect(outside.status).toBe(400);
      expect(await w.tables()).toBe(before);
    },
    SLOW,
  );

  it(
    'stores SQL metacharacters in every text field as text and reports them back unchanged',
    async () => {
      const w = await setup();
      const evil = ["x'); DROP TABLE ledger_fills; --", "' OR '1'='1", 'a"b\\c;%_'];
      const fills = evil.flatMap((text, i) => [
        {
          time: 1767225600 + i,
          account: text,
          asset: 'BTC',
          side: 'buy',
          quantity: '1',
          price: '10',
          quote: 'USD',
          venue: text,
          tradeId: `${text}-b`,
          kind: 'spot',
        },
        {
          time: 1772000000 + i,
          account: text,
          asset: 'BTC',
          side: 'sell',
          quantity: '1',
          price: '12',
          quote: 'USD',
          venue: text,
          tradeId: `${text}-s`,
          kind: 'spot',
        },
      ]);
      const r = await w.call('POST', '/v1/ledger/fills', '/v1/ledger/fills', w.acme.institution, { fills });
      expect(r.status).toBe(201);
      expect(r.body.fills).toBe(6);
      const report = await w.tax({ ...TAX, prices: undefined, format: 'json' });
      expect(report.status).toBe(200);
      expect(report.body.disposals.map((d: any) => [d.account, d.tradeId]).sort()).toEqual(
        evil.map((t) => [t, `${t}-s`]).sort(),
      );
      // every table is still there and holds what it should
      expect(JSON.parse(await w.tables()).map(([t, rows]: [string, unknown[]]) => [t, rows.length])).toEqual([
        ['ledger_imports', 1],
        ['ledger_fills', 6],
        ['report_bundles', 0],
        ['report_bundle_grants', 0],
      ]);
    },
    SLOW,
  );
});
