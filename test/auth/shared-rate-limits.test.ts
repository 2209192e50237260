/**
 * Per-key and per-tenant request budgets shared across processes (issue 14): two app instances,
 * each with its own Redis connection (or its own PostgreSQL pool), on one key's budget admit the
 * burst once between them, not once each. A shared store that goes away answers 503
 * RATE_LIMITER_UNAVAILABLE: never served unlimited, never a crash. Counts of answers, no timing.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, processRateLimiters, type RateLimiterFactory } from '../../src/auth/index.js';
import { postgresRateLimiters } from '../../src/auth/pg-rate-limiter.js';
import { redisRateLimiters, type RedisRateLimiters } from '../../src/auth/redis-rate-limiter.js';
import { openDatabase } from '../../src/db/client.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { authRoutes, systemRoutes } from '../../src/api/routes/index.js';
import { isVouchError } from '../../src/errors/index.js';
import { bearer, json, makeTestApp, type TestApp } from '../api/helpers.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';
import { tcpProxy } from '../support/tcp-proxy.js';

const REDIS = process.env.VOUCH_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redises: RedisRateLimiters[] = [];
const pools: PostgresHandle[] = [];
let schema: PgSchema;

beforeAll(async () => {
  schema = await freshPgSchema('rl');
});
afterAll(async () => {
  for (const r of redises) await r.close();
  for (const p of pools) await p.close();
  await schema.drop();
});

async function redis(url = REDIS): Promise<RedisRateLimiters> {
  const r = redisRateLimiters({ url });
  redises.push(r);
  return r;
}

/** A fresh budget name per test, so runs (and parallel files) never share buckets in Redis. */
const budget = () => `t${randomBytes(4).toString('hex')}`;

/** What one "process" of a shared-store kind gets: its own connection to the store. */
async function sharedFactory(kind: 'redis' | 'postgres'): Promise<RateLimiterFactory> {
  if (kind === 'redis') {
    const r = await redis();
    await r.ready();
    return r.factory;
  }
  const h = await schema.open({ maxConnections: 4 });
  pools.push(h);
  return postgresRateLimiters(h.db);
}

describe.each(['redis', 'postgres'] as const)('a %s rate limiter', (kind) => {
  it('shares one bucket between two processes: the burst is admitted once, concurrently, without overdraw', async () => {
    const name = budget();
    const a = (await sharedFactory(kind))({ name, capacity: 10, perSecond: 1 });
    const b = (await sharedFactory(kind))({ name, capacity: 10, perSecond: 1 });
    const now = 1_000_000;
    const takes = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).take('key-1', now)));
    expect(takes.filter((t) => t.ok)).toHaveLength(10);
    const refused = takes.find((t) => !t.ok)!;
    expect(refused.retryAfterMs).toBe(1000);
    // refills at the configured rate, seen by both
    expect((await a.take('key-1', now + 1000)).ok).toBe(true);
    expect((await b.take('key-1', now + 1000)).ok).toBe(false);
    // a refund gives one back; other keys are untouched
    await b.refund('key-1', now + 1000);
    expect((await a.take('key-1', now + 1000)).ok).toBe(true);
    expect((await a.take('key-2', now)).remaining).toBe(9);
  });

  it('keeps budgets of the same key under different names apart, and SQL/Lua metacharacters in keys are just keys', async () => {
    const f = await sharedFactory(kind);
    const name = budget();
    const key = f({ name: `${name}-k`, capacity: 1, perSecond: 0.001 });
    const tenant = f({ name: `${name}-t`, capacity: 1, perSecond: 0.001 });
    const odd = "acme'; DROP TABLE rate_limit_buckets; --\n]] ..";
    expect((await key.take(odd, 0)).ok).toBe(true);
    expect((await tenant.take(odd, 0)).ok).toBe(true);
    expect((await key.take(odd, 0)).ok).toBe(false);
    expect((await key.take('acme', 0)).ok).toBe(true);
  });
});

describe('two app instances on one Redis', () => {
  async function pair(factory: () => Promise<RateLimiterFactory>): Promise<[TestApp, TestApp, string]> {
    const db = openDatabase({ path: ':memory:' });
    const config = { rateLimit: { burst: 5, perSecond: 0.001 } };
    const groups = [systemRoutes, authRoutes];
    const one = await makeTestApp({ db, config, groups, rateLimiters: await factory() });
    const two = await makeTestApp({ db, config, groups, rateLimiters: await factory() });
    two.clock.ms = one.clock.ms;
    // a tenant and key id never used before: Redis keeps buckets between runs
    const k = await createApiKey(db.db, { role: 'venue', tenant: budget() });
    return [one, two, k.key];
  }
  const statuses = async (apps: TestApp[], key: string, n: number) =>
    Promise.all(
      Array.from({ length: n }, (_, i) => apps[i % apps.length]!.app.request('/v1/whoami', { headers: bearer(key) })),
    ).then((rs) => rs.map((r) => r.status));

  it('admit a key its burst once between them (in-process buckets admit it once per app)', async () => {
    const [one, two, key] = await pair(async () => (await sharedFactory('redis')) as RateLimiterFactory);
    const shared = await statuses([one, two], key, 12);
    expect(shared.filter((s) => s === 200)).toHaveLength(5);
    expect(shared.filter((s) => s === 429)).toHaveLength(7);
    const [p1, p2, pkey] = await pair(async () => processRateLimiters);
    const separate = await statuses([p1, p2], pkey, 12);
    expect(separate.filter((s) => s === 200)).toHaveLength(10);
  });

  it('refuse with 503 RATE_LIMITER_UNAVAILABLE while Redis is unreachable, and serve again once it is back', async () => {
    const target = new URL(REDIS);
    const proxy = await tcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const viaProxy = await redis(`redis://127.0.0.1:${proxy.port}`);
    await viaProxy.ready();
    try {
      const [one, , key] = await pair(async () => viaProxy.factory);
      expect((await one.app.request('/v1/whoami', { headers: bearer(key) })).status).toBe(200);
      await proxy.cut();
      const refused = await one.app.request('/v1/whoami', { headers: bearer(key) });
      expect(refused.status).toBe(503);
      const body = await json(refused);
      expect(body.code).toBe('RATE_LIMITER_UNAVAILABLE');
      expect(JSON.stringify(body)).not.toContain(String(proxy.port));
      // public routes need no budget and keep answering
      expect((await one.app.request('/healthz')).status).toBe(200);
      await proxy.restore();
      await viaProxy.ready();
      expect((await one.app.request('/v1/whoami', { headers: bearer(key) })).status).toBe(200);
    } finally {
      await proxy.close();
    }
  });

  it('fails at start-up with RATE_LIMITER_UNAVAILABLE when nothing listens at VOUCH_REDIS_URL', async () => {
    const r = await redis('redis://:hunter2@127.0.0.1:1');
    const err = await r.ready(300).catch((e) => e);
    expect(isVouchError(err) && err.code).toBe('RATE_LIMITER_UNAVAILABLE');
    expect(String(err.message)).not.toContain('hunter2');
    const take = await r
      .factory({ name: 'x', capacity: 1, perSecond: 1 })
      .take('k', 0)
      .catch((e) => e);
    expect(isVouchError(take) && take.code).toBe('RATE_LIMITER_UNAVAILABLE');
  });
});
