/**
 * The service on PostgreSQL (issue 14): `buildServiceDeps` opens it from VOUCH_DATABASE_URL and
 * refuses a wrong URL, an unreachable server and unported areas with coded errors that never carry
 * the URL; /readyz reports the database and answers 503 when PostgreSQL goes away; /metrics has the
 * pool and query-latency figures; admin keys made through one app authenticate through another on
 * the same database.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/create-app.js';
import { defineRoutes, type RouteGroup } from '../../src/api/route.js';
import { ROUTE_GROUPS } from '../../src/api/route-groups.js';
import { adminRoutes, authRoutes, logRoutes, systemRoutes } from '../../src/api/routes/index.js';
import { areasWithoutPostgres } from '../../src/api/server/check-dialect.js';
import { buildServiceDeps } from '../../src/api/server/build-deps.js';
import { createApiKey } from '../../src/auth/index.js';
import { PostgresApiKeyStore } from '../../src/auth/pg-api-key-store.js';
import { isVouchError } from '../../src/errors/index.js';
import { freshPgSchema, PG_URL, type PgSchema } from '../support/pg.js';
import { tcpProxy } from '../support/tcp-proxy.js';
import { bearer, json, testConfig } from './helpers.js';

const PORTED = [systemRoutes, authRoutes, adminRoutes, logRoutes];

let s: PgSchema;
beforeAll(async () => {
  s = await freshPgSchema('svc');
});
afterAll(async () => {
  await s.drop();
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    return isVouchError(err) ? err.code : String(err);
  }
}

const dataDir = () => mkdtempSync(join(tmpdir(), 'vouch-pgsvc-'));
const build = (env: Record<string, string>, groups: readonly RouteGroup[] = PORTED) =>
  buildServiceDeps({
    config: testConfig(),
    dataDir: dataDir(),
    env: { VOUCH_KEK: 'ab'.repeat(32), ...env },
    artifacts: () => ({ present: true, dev: false }),
    groups,
  });

describe('vouch serve on PostgreSQL: start-up', () => {
  it('refuses a URL that is not postgres:// with DATABASE_URL_INVALID, before opening anything', async () => {
    expect(await codeOf(build({ VOUCH_DATABASE_URL: 'mysql://root:hunter2@db/vouch' }))).toBe('DATABASE_URL_INVALID');
  });

  it('refuses an unreachable server with DATABASE_UNAVAILABLE, never echoing the URL or its password', async () => {
    const err = await build({ VOUCH_DATABASE_URL: 'postgres://vouch:hunter2@127.0.0.1:1/vouch' }).catch((e) => e);
    expect(isVouchError(err) && err.code).toBe('DATABASE_UNAVAILABLE');
    expect(JSON.stringify({ m: String(err.message), d: err.details })).not.toMatch(/hunter2|127\.0\.0\.1:1/);
  });

  it('refuses with DATABASE_DIALECT_UNSUPPORTED naming every mounted area not yet on PostgreSQL, and starts the full service', async () => {
    const legacy = defineRoutes({ area: 'legacy-area', routes: () => [] });
    const err = await build({ VOUCH_DATABASE_URL: s.url }, [...PORTED, legacy]).catch((e) => e);
    expect(isVouchError(err) && err.code).toBe('DATABASE_DIALECT_UNSUPPORTED');
    expect(err.details).toEqual({ areas: ['legacy-area'] });
    expect(err.message).toContain('legacy-area');
    // every area of the full service now runs on PostgreSQL: it starts there, and refuses nothing
    expect(areasWithoutPostgres(ROUTE_GROUPS)).toEqual([]);
    const full = await build({ VOUCH_DATABASE_URL: s.url, VOUCH_DATABASE_SCHEMA: s.schema }, ROUTE_GROUPS);
    try {
      expect(full.dialect).toBe('postgres');
    } finally {
      await full.close();
    }
  });

  it('keeps the embedded SQLite default when VOUCH_DATABASE_URL is unset', async () => {
    const svc = await build({}, ROUTE_GROUPS);
    try {
      expect(svc.dialect).toBe('sqlite');
      expect(svc.deps.pg).toBeUndefined();
      expect(svc.rateLimitStore).toBe('process');
    } finally {
      await svc.close();
    }
  });
});

describe('vouch serve on PostgreSQL: serving', () => {
  it('keeps API keys in PostgreSQL: a key made through one app authenticates through another', async () => {
    const env = { VOUCH_DATABASE_URL: s.url, VOUCH_DATABASE_SCHEMA: s.schema };
    const [one, two] = [await build(env), await build(env)];
    try {
      expect(one.dialect).toBe('postgres');
      const admin = await createApiKey(new PostgresApiKeyStore(one.deps.pg!.db), { role: 'admin', tenant: 'acme' });
      const appOne = createApp(one.deps, PORTED);
      const appTwo = createApp(two.deps, PORTED);
      const made = await appOne.request('/v1/admin/keys', {
        method: 'POST',
        headers: { ...bearer(admin.key), 'Content-Type': 'application/json' },
        body: JSON.stringify({ role: 'venue', label: "o'brien; --" }),
      });
      expect(made.status).toBe(201);
      const venue = await json(made);
      expect(await json(await appTwo.request('/v1/whoami', { headers: bearer(venue.key) }))).toMatchObject({
        role: 'venue',
        tenant: 'acme',
      });
      const listed = await json(await appTwo.request('/v1/admin/keys', { headers: bearer(admin.key) }));
      expect(listed.keys.map((k: { label: string | null }) => k.label)).toEqual([null, "o'brien; --"]);
      // revoked through the second app: refused by the first at once
      expect(
        (await appTwo.request(`/v1/admin/keys/${venue.id}`, { method: 'DELETE', headers: bearer(admin.key) })).status,
      ).toBe(200);
      expect((await appOne.request('/v1/whoami', { headers: bearer(venue.key) })).status).toBe(401);
      // nothing went to the SQLite file
      expect(one.deps.db.sqlite.prepare('SELECT count(*) AS n FROM api_keys').get()).toEqual({ n: 0 });
    } finally {
      await one.close();
      await two.close();
    }
  });

  it('reports the database in /readyz and the pool and query latency in /metrics', async () => {
    const svc = await build({ VOUCH_DATABASE_URL: s.url, VOUCH_DATABASE_SCHEMA: s.schema });
    try {
      const app = createApp(svc.deps, PORTED);
      const ready = await app.request('/readyz');
      expect(ready.status).toBe(200);
      expect((await json(ready)).checks.database).toEqual({
        ok: true,
        dialect: 'postgres',
        reachable: true,
        migrationsCurrent: true,
      });
      const text = await (await app.request('/metrics')).text();
      expect(text).toMatch(/^vouch_db_pool_connections [1-9]\d*$/m);
      expect(text).toMatch(/^vouch_db_pool_idle \d+$/m);
      expect(text).toMatch(/^vouch_db_pool_waiting 0$/m);
      expect(Number(/^vouch_db_query_duration_seconds_count (\d+)$/m.exec(text)?.[1])).toBeGreaterThan(0);
      expect(text).toMatch(/^vouch_db_query_duration_seconds_bucket\{le="0.005"\} \d+$/m);
    } finally {
      await svc.close();
    }
  });

  it('answers /readyz 503 while PostgreSQL is unreachable, and 200 again once it is back', async () => {
    const target = new URL(PG_URL);
    const proxy = await tcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const url = new URL(PG_URL);
    url.port = String(proxy.port);
    const svc = await build({ VOUCH_DATABASE_URL: url.toString(), VOUCH_DATABASE_SCHEMA: s.schema });
    try {
      const app = createApp(svc.deps, PORTED);
      expect((await app.request('/readyz')).status).toBe(200);
      await proxy.cut();
      const down = await app.request('/readyz');
      expect(down.status).toBe(503);
      expect((await json(down)).checks.database).toMatchObject({ ok: false, dialect: 'postgres', reachable: false });
      // a request that needs the database is a coded 503, not a crash or an open door
      const k = await app.request('/v1/whoami', { headers: bearer(`vk_0123456789abcdef_${'A'.repeat(43)}`) });
      expect(k.status).toBe(503);
      expect((await json(k)).code).toBe('DATABASE_UNAVAILABLE');
      await proxy.restore();
      expect((await app.request('/readyz')).status).toBe(200);
    } finally {
      await svc.close();
      await proxy.close();
    }
  });
});
