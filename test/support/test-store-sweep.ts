/**
 * Global setup of the vitest project `postgres`: at the end of the run, drop any schema of this
 * run that a file did not drop itself (a worker killed by a timeout never runs its afterAll).
 * Only this run's prefix (schemaPrefix): other runs on the same server keep theirs.
 */
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { PG_URL } from './pg.js';
import { schemaPrefix } from './test-store.js';

export default function setup(project: TestProject): () => Promise<void> {
  const prefix = schemaPrefix(project.config.env.VOUCH_TEST_PG_RUN);
  return async () => {
    const c = new pg.Client({ connectionString: PG_URL });
    await c.connect();
    try {
      const { rows } = await c.query<{ name: string }>(
        "SELECT nspname AS name FROM pg_namespace WHERE starts_with(nspname, $1 || '_')",
        [prefix],
      );
      for (const { name } of rows) await c.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`);
      if (rows.length > 0) console.warn(`test-store sweep: dropped ${rows.length} schema(s) a test file left behind`);
    } finally {
      await c.end();
    }
  };
}
