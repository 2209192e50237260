/**
 * Which store the API-level suite runs on (issue 14: the whole suite runs on SQLite and on
 * PostgreSQL). VOUCH_TEST_STORE=postgres, set by the vitest project `postgres`
 * (vitest.config.ts), gives every test app a fresh PostgreSQL schema of its own; this module
 * makes them and drops them after the file (test/support/test-store-teardown.ts), and the
 * project's global teardown (test/support/test-store-sweep.ts) drops any a crashed worker left.
 */
import { freshPgSchema, type PgSchema } from './pg.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';

export type TestStore = 'sqlite' | 'postgres';

export const TEST_STORE: TestStore = process.env.VOUCH_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * The prefix of every schema this run makes: `app_<run>` (run id from the project's env), so the
 * sweep drops this run's schemas and never another run's on the same server.
 */
export function schemaPrefix(run = process.env.VOUCH_TEST_PG_RUN): string {
  return `app_${run}`;
}

const owned: { schema: PgSchema; handle: PostgresHandle }[] = [];

/**
 * A fresh, migrated schema for one test app. A small pool: a file may hold a dozen apps at once,
 * and the server's 100 connections are shared by every worker (and other suites).
 */
export async function ownTestSchema(): Promise<PostgresHandle> {
  // outside the project (VOUCH_TEST_STORE=postgres set by hand) no teardown is registered and no
  // sweep runs: every schema would stay behind on the shared server
  if (!process.env.VOUCH_TEST_PG_RUN)
    throw new Error(
      'VOUCH_TEST_STORE=postgres runs through the vitest project: npx vitest run --project postgres <files>',
    );
  const schema = await freshPgSchema(schemaPrefix());
  try {
    const handle = await schema.open({ maxConnections: 4 });
    owned.push({ schema, handle });
    return handle;
  } catch (err) {
    await schema.drop();
    throw err;
  }
}

/** Closes every pool ownTestSchema opened in this file and drops its schema. */
export async function dropTestSchemas(): Promise<void> {
  const all = owned.splice(0);
  await Promise.all(all.map(({ handle }) => handle.close().catch(() => {})));
  for (const { schema } of all) await schema.drop();
}
