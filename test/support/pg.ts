/**
 * A fresh PostgreSQL schema per test file on the machine's server (127.0.0.1:5432, database
 * `test`, trust auth; see .ci/run), dropped again afterwards. VOUCH_TEST_PG_URL overrides the
 * server. Tests open the real store with the real migrations inside it.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openPostgres, type OpenPostgresOptions, type PostgresHandle } from '../../src/db/pg-client.js';

export const PG_URL =
  process.env.VOUCH_TEST_PG_URL ?? `postgres://${process.env.PGUSER ?? 'postgres'}@127.0.0.1:5432/test`;

export interface PgSchema {
  url: string;
  schema: string;
  open(o?: Omit<OpenPostgresOptions, 'schema'>): Promise<PostgresHandle>;
  drop(): Promise<void>;
}

/** Makes a uniquely named, empty schema; `drop()` removes it with everything in it. */
export async function freshPgSchema(prefix = 't'): Promise<PgSchema> {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE SCHEMA ${schema}`);
  } finally {
    await admin.end();
  }
  return {
    url: PG_URL,
    schema,
    open: (o = {}) => openPostgres(PG_URL, { ...o, schema }),
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      try {
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      } finally {
        await c.end();
      }
    },
  };
}
