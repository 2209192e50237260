/**
 * Stopping the service writes what its venues' decision recorders hold: a refusal's receipt waits
 * in the open rejection-digest window (written on the recorder's timer), and the service's close()
 * — what `vouch serve` runs on SIGTERM after draining — writes that window to the log before the
 * database closes, on SQLite and on PostgreSQL. Nothing recorded is lost to a stop.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { venueServices } from '../../src/api/services/venue.js';
import { buildServiceDeps } from '../../src/api/server/build-deps.js';
import { databasePath, openDatabase } from '../../src/db/client.js';
import { releaseCurves } from '../../src/zk/index.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';
import { testConfig } from './helpers.js';

const STORES = ['sqlite', 'postgres'] as const;
let s: PgSchema;
const dirs: string[] = [];
beforeAll(async () => {
  s = await freshPgSchema('vshut');
});
afterAll(async () => {
  await s.drop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await releaseCurves();
});

describe.each(STORES)('vouch serve’s shutdown on %s', (kind) => {
  it('writes the venue recorders’ open rejection-digest window to the log when the service closes', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'vouch-vshut-'));
    dirs.push(dataDir);
    const env: Record<string, string> = { VOUCH_KEK: 'ab'.repeat(32) };
    if (kind === 'postgres') Object.assign(env, { VOUCH_DATABASE_URL: s.url, VOUCH_DATABASE_SCHEMA: s.schema });
    const svc = await buildServiceDeps({
      config: testConfig(),
      dataDir,
      env,
      artifacts: () => ({ present: true, dev: true }),
    });
    const rejectionDigests = async (): Promise<number> => {
      if (kind === 'postgres') {
        const h = await s.open({ maxConnections: 1 });
        try {
          return Number(
            (await h.pool.query(`SELECT count(*) AS n FROM log_entries WHERE kind = 'rejection-digest'`)).rows[0].n,
          );
        } finally {
          await h.close();
        }
      }
      const h = openDatabase({ path: databasePath(dataDir) });
      try {
        return (
          h.sqlite.prepare(`SELECT count(*) AS n FROM log_entries WHERE kind = 'rejection-digest'`).get() as {
            n: number;
          }
        ).n;
      } finally {
        h.close();
      }
    };
    let closed = false;
    try {
      // the routes' deps are a copy of the service's (createApp spreads them into ResolvedDeps)
      const routeDeps = { ...svc.deps } as ResolvedDeps;
      const hook = await venueServices(routeDeps).hook('v1');
      const d = await hook.check({ not: 'a trade' }, { not: 'a proof' });
      expect(d.allowed).toBe(false);
      // refused and recorded, its digest still in the open window
      expect(await rejectionDigests()).toBe(0);
      await svc.close();
      closed = true;
      expect(await rejectionDigests()).toBe(1);
    } finally {
      if (!closed) await svc.close();
    }
  });
});
