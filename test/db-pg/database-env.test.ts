/**
 * VOUCH_DATABASE_URL and VOUCH_DATABASE_SCHEMA are read by one resolver for every entry (issue
 * 14): `vouch keys`, `vouch ledger import` and the embedded hook keep their tables in the schema
 * the service uses, and a schema that is not a lower-case SQL identifier (SQL metacharacters,
 * empty, longer than 63) is refused at start-up with DATABASE_SCHEMA_INVALID by the CLI (exit 2),
 * `vouch serve` (which does not start) and openHookStores — before anything is opened.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresSelection } from '../../src/db/database-env.js';
import { openPostgres } from '../../src/db/pg-client.js';
import { isVouchError } from '../../src/errors/index.js';
import { openHookStores } from '../../src/hook/open-hook-stores.js';
import { freshPgSchema, PG_URL, type PgSchema } from '../support/pg.js';

const BAD = ['bad;drop', '', 'x'.repeat(64), 'Upper', '1abc', 'a b'];
const root = mkdtempSync(join(tmpdir(), 'vouch-db-env-'));
let s: PgSchema;
beforeAll(async () => {
  s = await freshPgSchema('dbenv');
});
afterAll(async () => {
  rmSync(root, { recursive: true, force: true });
  await s.drop();
});

function vouch(
  env: Record<string, string>,
  ...args: string[]
): Promise<{ status: number | null; json: any; out: string }> {
  // stdout holds the JSON (result or error); out is both streams, for the failure message
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/vouch.mjs', '--data-dir', join(root, 'data'), '--json', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, VOUCH_KEK: 'ab'.repeat(32), ...env },
    });
    let stdout = '';
    let out = '';
    p.stdout.on('data', (d) => ((stdout += d), (out += d)));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (status) => {
      let json: any;
      try {
        json = JSON.parse(stdout);
      } catch {
        json = undefined;
      }
      resolve({ status, json, out });
    });
  });
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    return isVouchError(err) ? err.code : String(err);
  }
}

const count = async (table: string): Promise<number> => {
  const h = await s.open({ maxConnections: 1 });
  try {
    return Number((await h.pool.query(`SELECT count(*) AS n FROM ${s.schema}.${table}`)).rows[0].n);
  } finally {
    await h.close();
  }
};

describe('the database resolver', () => {
  it('refuses every schema that is not a lower-case SQL identifier of 1-63 characters with DATABASE_SCHEMA_INVALID, echoing nothing', () => {
    for (const schema of BAD) {
      let err: unknown;
      try {
        postgresSelection({ VOUCH_DATABASE_URL: PG_URL, VOUCH_DATABASE_SCHEMA: schema });
      } catch (e) {
        err = e;
      }
      expect(isVouchError(err) && err.code, JSON.stringify(schema)).toBe('DATABASE_SCHEMA_INVALID');
      if (schema.length > 2) expect((err as Error).message).not.toContain(schema);
    }
    expect(postgresSelection({ VOUCH_DATABASE_URL: PG_URL, VOUCH_DATABASE_SCHEMA: 'a'.repeat(63) })).toEqual({
      url: PG_URL,
      schema: 'a'.repeat(63),
    });
  });

  it('selects SQLite without a URL whatever the schema variable holds, and refuses a URL that is not postgres://', () => {
    expect(postgresSelection({ VOUCH_DATABASE_SCHEMA: 'bad;drop' })).toBeUndefined();
    expect(postgresSelection({ VOUCH_DATABASE_URL: '', VOUCH_DATABASE_SCHEMA: 'bad;drop' })).toBeUndefined();
    expect(() => postgresSelection({ VOUCH_DATABASE_URL: 'mysql://x/y' })).toThrow(
      expect.objectContaining({ code: 'DATABASE_URL_INVALID' }),
    );
  });

  it('makes openPostgres refuse a bad schema with the same code, before connecting', async () => {
    expect(await codeOf(openPostgres('postgres://nobody@127.0.0.1:1/none', { schema: 'bad;drop' }))).toBe(
      'DATABASE_SCHEMA_INVALID',
    );
  });
});

describe('VOUCH_DATABASE_SCHEMA in every entry', () => {
  it('makes `vouch keys create` and `vouch ledger import` write into the schema', async () => {
    const env = { VOUCH_DATABASE_URL: s.url, VOUCH_DATABASE_SCHEMA: s.schema };
    const key = await vouch(env, 'keys', 'create', '--role', 'admin', '--tenant', 'acme');
    expect(key.status, key.out).toBe(0);
    expect(await count('api_keys')).toBe(1);
    const fills = join(root, 'fills.csv');
    writeFileSync(
      fills,
      'time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind\n2025-01-01T00:00:00Z,alice,BTC,buy,1,100,USD,1,USD,X,B1,spot\n',
    );
    const imported = await vouch(env, 'ledger', 'import', fills, '--tenant', 'acme');
    expect(imported.status, imported.out).toBe(0);
    expect(await count('ledger_imports')).toBe(1);
  });

  it('refuses a bad schema in the CLI with DATABASE_SCHEMA_INVALID and exit status 2, changing nothing', async () => {
    for (const schema of ['bad;drop', '']) {
      const env = { VOUCH_DATABASE_URL: s.url, VOUCH_DATABASE_SCHEMA: schema };
      for (const args of [
        ['keys', 'create', '--role', 'admin', '--tenant', 'acme'],
        ['keys', 'list'],
        ['ledger', 'import', join(root, 'fills.csv'), '--tenant', 'other'],
      ]) {
        const r = await vouch(env, ...args);
        expect(r.status, `${args.join(' ')} ${r.out}`).toBe(2);
        expect(r.json.error.code).toBe('DATABASE_SCHEMA_INVALID');
      }
    }
    expect(await count('api_keys')).toBe(1);
    expect(await count('ledger_imports')).toBe(1);
  });

  it('refuses a bad schema in `vouch serve`: it exits 2 with DATABASE_SCHEMA_INVALID and never listens', async () => {
    const r = await vouch(
      { VOUCH_DATABASE_URL: s.url, VOUCH_DATABASE_SCHEMA: 'x'.repeat(64) },
      'serve',
      '--port',
      '0',
      '--dev',
    );
    expect(r.status, r.out).toBe(2);
    expect(r.json.error.code).toBe('DATABASE_SCHEMA_INVALID');
    expect(r.out).not.toContain('listening');
  });

  it('makes openHookStores keep the hook’s tables in the schema, and refuse a bad one with DATABASE_SCHEMA_INVALID', async () => {
    const before = process.env.VOUCH_DATABASE_SCHEMA;
    try {
      process.env.VOUCH_DATABASE_SCHEMA = 'bad;drop';
      expect(await codeOf(openHookStores({ databaseUrl: s.url, venue: 'v1' }))).toBe('DATABASE_SCHEMA_INVALID');
      process.env.VOUCH_DATABASE_SCHEMA = s.schema;
      const stores = await openHookStores({ databaseUrl: s.url, venue: 'v1' });
      try {
        expect(stores.dialect).toBe('postgres');
        const before = await count('log_entries');
        await stores.log.appendEntry('rejection-digest', { venue: 'v1', count: 0 });
        expect(await count('log_entries')).toBe(before + 1);
      } finally {
        await stores.close();
      }
    } finally {
      if (before === undefined) delete process.env.VOUCH_DATABASE_SCHEMA;
      else process.env.VOUCH_DATABASE_SCHEMA = before;
    }
  });
});
