/** API keys through the HTTP layer: identity, revocation, verification cache, rate limits. */
import { describe, expect, it } from 'vitest';
import { createApiKey, revokeApiKey } from '../../src/auth/index.js';
import { PostgresApiKeyStore } from '../../src/auth/pg-api-key-store.js';
import { openDatabase } from '../../src/db/client.js';
import { openPostgres } from '../../src/db/pg-client.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PG_URL } from '../support/pg.js';
import { apiKeysFor, bearer, keysFor, makeTestApp, json } from './helpers.js';

describe('authentication', () => {
  it('identifies the caller by key id, role and tenant', async () => {
    const t = await makeTestApp();
    const k = await createApiKey(apiKeysFor(t.db), { role: 'institution', tenant: 'acme' });
    const res = await t.app.request('/v1/whoami', { headers: bearer(k.key) });
    expect(res.status).toBe(200);
    expect(await json(res)).toEqual({ keyId: k.id, role: 'institution', tenant: 'acme' });
  });

  it('accepts the scheme name in any case and refuses other schemes', async () => {
    const t = await makeTestApp();
    const k = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' });
    expect((await t.app.request('/v1/whoami', { headers: { Authorization: `bearer ${k.key}` } })).status).toBe(200);
    expect((await t.app.request('/v1/whoami', { headers: { Authorization: `Token ${k.key}` } })).status).toBe(401);
  });

  it('refuses a key revoked through the API at once, although its verification is cached', async () => {
    const t = await makeTestApp();
    const keys = await keysFor(t.db, 'acme');
    expect((await t.app.request('/v1/whoami', { headers: bearer(keys.auditor) })).status).toBe(200);
    const id = keys.auditor.split('_')[1]!;
    const del = await t.app.request(`/v1/admin/keys/${id}`, { method: 'DELETE', headers: bearer(keys.admin) });
    expect(del.status).toBe(200);
    expect((await json(del)).revokedAt).toBe(new Date(t.clock.now()).toISOString());
    const after = await t.app.request('/v1/whoami', { headers: bearer(keys.auditor) });
    expect(after.status).toBe(401);
    expect((await json(after)).code).toBe('AUTH_INVALID');
  });

  it('refuses a key revoked by another process sharing the database, with no restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-auth-'));
    const serverDb = openDatabase({ path: join(dir, 'vouch.sqlite') });
    const t = await makeTestApp({ db: serverDb });
    const k = await createApiKey(apiKeysFor(serverDb), { role: 'issuer', tenant: 'acme' });
    expect((await t.app.request('/v1/whoami', { headers: bearer(k.key) })).status).toBe(200);
    // the other process: its own connection to the file, or its own pool on the PostgreSQL schema
    if (t.deps.pg) {
      const cli = await openPostgres(PG_URL, { schema: t.deps.pg.schema, maxConnections: 1 });
      await revokeApiKey(new PostgresApiKeyStore(cli.db), k.id);
      await cli.close();
    } else {
      const cli = openDatabase({ path: join(dir, 'vouch.sqlite') });
      await revokeApiKey(cli.db, k.id);
      cli.close();
    }
    expect((await t.app.request('/v1/whoami', { headers: bearer(k.key) })).status).toBe(401);
    serverDb.close();
  });

  it('verifies a key with scrypt once, then from the cache until the TTL passes', async () => {
    const t = await makeTestApp({ config: { auth: { cacheTtlMs: 1000 } } });
    const k = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' });
    const time = async () => {
      const start = performance.now();
      expect((await t.app.request('/v1/whoami', { headers: bearer(k.key) })).status).toBe(200);
      return performance.now() - start;
    };
    const first = await time();
    const cached = Math.min(await time(), await time(), await time());
    t.clock.advance(1001);
    const expired = await time();
    // scrypt with N=2^15 costs tens of ms; a cached check is a hash and one indexed row read.
    expect(first).toBeGreaterThan(cached * 4);
    expect(expired).toBeGreaterThan(cached * 4);
  });
});

describe('rate limits', () => {
  it('refuses a key past its burst with 429 RATE_LIMITED and Retry-After, and refills over time', async () => {
    const t = await makeTestApp({ config: { rateLimit: { burst: 3, perSecond: 0.5 } } });
    const k = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await t.app.request('/v1/whoami', { headers: bearer(k.key) })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await t.app.request('/v1/whoami', { headers: bearer(k.key) });
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('ratelimit-remaining')).toBe('0');
    expect((await json(limited)).code).toBe('RATE_LIMITED');
    t.clock.advance(2000);
    expect((await t.app.request('/v1/whoami', { headers: bearer(k.key) })).status).toBe(200);
    expect((await t.app.request('/v1/whoami', { headers: bearer(k.key) })).status).toBe(429);
  });

  it('keeps separate budgets per key', async () => {
    const t = await makeTestApp({ config: { rateLimit: { burst: 1, perSecond: 0.001 } } });
    const a = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' });
    const b = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' });
    expect((await t.app.request('/v1/whoami', { headers: bearer(a.key) })).status).toBe(200);
    expect((await t.app.request('/v1/whoami', { headers: bearer(a.key) })).status).toBe(429);
    expect((await t.app.request('/v1/whoami', { headers: bearer(b.key) })).status).toBe(200);
  });

  it('stops running scrypt for a key id after too many failed verifications', async () => {
    const t = await makeTestApp({ config: { rateLimit: { authFailureBurst: 2, authFailurePerSecond: 0.01 } } });
    const k = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' });
    const wrong = `${k.key.slice(0, -3)}${k.key.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    const codes: string[] = [];
    for (let i = 0; i < 3; i++)
      codes.push((await json(await t.app.request('/v1/whoami', { headers: bearer(wrong) }))).code);
    expect(codes).toEqual(['AUTH_INVALID', 'AUTH_INVALID', 'RATE_LIMITED']);
    const metrics = await (await t.app.request('/metrics')).text();
    expect(metrics).toContain('vouch_auth_refusals_total{reason="failure_budget"} 1');
    expect(metrics).toContain('vouch_auth_refusals_total{reason="invalid"} 2');
  });
});
