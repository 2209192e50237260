/**
 * The PostgreSQL store opens on a real server, applies the committed migrations once (also when
 * several processes start together), and fails with a coded error — never the URL — when the URL or
 * the server is wrong.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { openPostgres } from '../../src/db/pg-client.js';
import * as pgSchema from '../../src/db/schema-pg.js';
import { freshPgSchema, PG_URL, type PgSchema } from '../support/pg.js';

const JOURNAL = JSON.parse(
  readFileSync(new URL('../../src/db/migrations-pg/meta/_journal.json', import.meta.url), 'utf8'),
) as { entries: unknown[] };

let s: PgSchema;
beforeAll(async () => {
  s = await freshPgSchema('client');
});
afterAll(async () => {
  await s.drop();
});

describe('openPostgres', () => {
  it('applies the migrations: every table of the PostgreSQL schema exists in the chosen schema', async () => {
    const h = await s.open();
    try {
      const { rows } = await h.pool.query<{ table_name: string }>(
        'SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name',
        [s.schema],
      );
      // every table the drizzle schema declares (each area adds its own), and the migrator's journal
      const declared = (Object.values(pgSchema) as unknown[])
        .filter((t): t is PgTable => t instanceof PgTable)
        .map((t) => getTableConfig(t).name);
      expect(declared).toEqual(
        expect.arrayContaining([
          'api_keys',
          'credentials',
          'hook_nullifiers',
          'issuers',
          'ledger_fills',
          'log_entries',
        ]),
      );
      expect(rows.map((r) => r.table_name).sort()).toEqual(['__drizzle_migrations', ...declared].sort());
    } finally {
      await h.close();
    }
  });

  it('migrates exactly once when several pools open the same schema at the same time', async () => {
    const hs = await Promise.all([s.open(), s.open(), s.open(), s.open()]);
    try {
      const { rows } = await hs[0]!.pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM ${s.schema}.__drizzle_migrations`,
      );
      // one row per committed migration: each applied once, however many pools raced
      expect(Number(rows[0]!.n)).toBe(JOURNAL.entries.length);
    } finally {
      await Promise.all(hs.map((h) => h.close()));
    }
  });

  it('refuses a URL that is not postgres:// with DATABASE_URL_INVALID', async () => {
    await expect(openPostgres('mysql://root:hunter2@127.0.0.1/test')).rejects.toMatchObject({
      code: 'DATABASE_URL_INVALID',
    });
    await expect(openPostgres('./data/vouch.sqlite')).rejects.toMatchObject({ code: 'DATABASE_URL_INVALID' });
  });

  it('fails with DATABASE_UNAVAILABLE, without the password, when nothing listens at the URL', async () => {
    const err = await openPostgres('postgres://root:hunter2@127.0.0.1:1/test').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(String((err as Error).message)).not.toContain('hunter2');
  });

  it('fails with DATABASE_UNAVAILABLE when the database does not exist', async () => {
    const url = new URL(PG_URL);
    url.pathname = '/no_such_database_vouch';
    await expect(openPostgres(url.toString())).rejects.toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
  });
});
