/**
 * Issue 19, finding 8: authentication cost was unbounded (40 concurrent wrong secrets for one key
 * id ran 40 scrypts) and a victim could be locked out (10 wrong secrets sent with the victim's key
 * id made the victim's correct key answer 429). Every test counts scrypt runs (the real
 * verifyApiKeyHash, wrapped to count), never time.
 */
import { describe, expect, it } from 'vitest';
import { createApiKey, createAuthenticator, verifyApiKeyHash } from '../../src/auth/index.js';
import { isVouchError } from '../../src/errors/index.js';
import { apiKeysFor, bearer, from, json, makeTestApp } from '../api/helpers.js';

/** A well-formed key with the same id as `key` and another secret. */
function wrongSecret(key: string, n: number): string {
  const [prefix, id] = key.split('_');
  return `${prefix}_${id}_${String(n).padStart(43, 'x').slice(0, 43)}`;
}

/** The real scrypt check, counted: runs in total, and the most running at once per key id and overall. */
function countingVerify() {
  const stats = { runs: 0, running: 0, peak: 0, peakPerId: 0 };
  const perId = new Map<string, number>();
  const verify = async (key: string, stored: string) => {
    const id = key.split('_')[1]!;
    stats.runs += 1;
    stats.running += 1;
    perId.set(id, (perId.get(id) ?? 0) + 1);
    stats.peak = Math.max(stats.peak, stats.running);
    stats.peakPerId = Math.max(stats.peakPerId, perId.get(id)!);
    try {
      return await verifyApiKeyHash(key, stored);
    } finally {
      stats.running -= 1;
      perId.set(id, perId.get(id)! - 1);
    }
  };
  return { stats, verify };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'OK';
  } catch (err) {
    return isVouchError(err) ? err.code : String(err);
  }
}

async function scryptRuns(t: Awaited<ReturnType<typeof makeTestApp>>): Promise<number> {
  const text = await (await t.app.request('/metrics')).text();
  return Number(/^vouch_auth_verifications_total (\d+)$/m.exec(text)?.[1] ?? 0);
}

describe('scrypt runs once per key id at a time', () => {
  it('runs one scrypt for 40 concurrent requests with the same wrong secret (HTTP)', async () => {
    const t = await makeTestApp({ config: { rateLimit: { authFailureBurst: 100 } } });
    const victim = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' });
    const wrong = wrongSecret(victim.key, 1);
    const answers = await Promise.all(
      Array.from({ length: 40 }, () => t.app.request('/v1/whoami', { headers: bearer(wrong) }, from('198.51.100.7'))),
    );
    expect(new Set(await Promise.all(answers.map(async (r) => `${r.status} ${(await json(r)).code}`)))).toEqual(
      new Set(['401 AUTH_INVALID']),
    );
    expect(await scryptRuns(t)).toBe(1);
  });

  it('queues different wrong secrets for one key id: one scrypt at a time, each run once', async () => {
    const t = await makeTestApp();
    const victim = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' });
    const { stats, verify } = countingVerify();
    const auth = createAuthenticator({
      db: apiKeysFor(t.db),
      now: () => t.clock.now(),
      cacheTtlMs: 60_000,
      cacheMaxEntries: 100,
      failureBurst: 100,
      failurePerSecond: 1,
      maxConcurrentVerifications: 4,
      verify,
    });
    const codes = await Promise.all(
      Array.from({ length: 8 }, (_, i) => codeOf(auth.authenticate(wrongSecret(victim.key, i), `203.0.113.${i}`))),
    );
    expect(codes).toEqual(Array(8).fill('AUTH_INVALID'));
    expect(stats.runs).toBe(8);
    expect(stats.peakPerId).toBe(1);
    // the victim's correct key, sent while guesses are queued, still gets in
    expect((await auth.authenticate(victim.key, '192.0.2.1')).keyId).toBe(victim.id);
  });

  it('shares one result between concurrent identical attempts with the correct key', async () => {
    const t = await makeTestApp();
    const k = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' });
    const { stats, verify } = countingVerify();
    const auth = createAuthenticator({
      db: apiKeysFor(t.db),
      now: () => t.clock.now(),
      cacheTtlMs: 60_000,
      cacheMaxEntries: 100,
      failureBurst: 10,
      failurePerSecond: 1,
      verify,
    });
    const principals = await Promise.all(Array.from({ length: 20 }, () => auth.authenticate(k.key, '192.0.2.1')));
    expect(principals.every((p) => p.keyId === k.id)).toBe(true);
    expect(stats.runs).toBe(1);
  });

  it('does not run scrypt again for a wrong secret it has already refused', async () => {
    const t = await makeTestApp();
    const k = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' });
    const { stats, verify } = countingVerify();
    const auth = createAuthenticator({
      db: apiKeysFor(t.db),
      now: () => t.clock.now(),
      cacheTtlMs: 60_000,
      cacheMaxEntries: 100,
      failureBurst: 10,
      failurePerSecond: 1,
      verify,
    });
    for (let i = 0; i < 5; i++)
      expect(await codeOf(auth.authenticate(wrongSecret(k.key, 7), '198.51.100.7'))).toBe('AUTH_INVALID');
    expect(stats.runs).toBe(1);
  });
});

describe('a global budget bounds scrypt across key ids', () => {
  it('never runs more than maxConcurrentVerifications at once', async () => {
    const t = await makeTestApp();
    const keys = await Promise.all(
      Array.from({ length: 6 }, () => createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' })),
    );
    const { stats, verify } = countingVerify();
    const auth = createAuthenticator({
      db: apiKeysFor(t.db),
      now: () => t.clock.now(),
      cacheTtlMs: 60_000,
      cacheMaxEntries: 100,
      failureBurst: 100,
      failurePerSecond: 1,
      maxConcurrentVerifications: 2,
      verify,
    });
    const codes = await Promise.all(
      keys.map((k, i) => codeOf(auth.authenticate(wrongSecret(k.key, i), `203.0.113.${i}`))),
    );
    expect(codes).toEqual(Array(6).fill('AUTH_INVALID'));
    expect(stats.runs).toBe(6);
    expect(stats.peak).toBe(2);
  });

  it('refuses with RATE_LIMITED, running no scrypt, once the verification queue is full', async () => {
    const t = await makeTestApp();
    const keys = await Promise.all(
      Array.from({ length: 5 }, () => createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' })),
    );
    const { stats, verify } = countingVerify();
    const auth = createAuthenticator({
      db: apiKeysFor(t.db),
      now: () => t.clock.now(),
      cacheTtlMs: 60_000,
      cacheMaxEntries: 100,
      failureBurst: 100,
      failurePerSecond: 1,
      maxConcurrentVerifications: 1,
      maxQueuedVerifications: 1,
      verify,
    });
    const codes = await Promise.all(
      keys.map((k, i) => codeOf(auth.authenticate(wrongSecret(k.key, i), `203.0.113.${i}`))),
    );
    expect(codes.filter((c) => c === 'AUTH_INVALID')).toHaveLength(2);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(3);
    expect(stats.runs).toBe(2);
  });
});

describe('failed attempts are throttled by their source, not by the key id', () => {
  it("10 wrong secrets with a victim's key id do not make the victim's correct key answer 429 (HTTP)", async () => {
    const t = await makeTestApp({ config: { rateLimit: { authFailureBurst: 10, authFailurePerSecond: 0.1 } } });
    const victim = await createApiKey(apiKeysFor(t.db), { role: 'institution', tenant: 'acme' });
    const attacker = from('198.51.100.66');
    const codes: string[] = [];
    for (let i = 0; i < 12; i++)
      codes.push(
        (await json(await t.app.request('/v1/whoami', { headers: bearer(wrongSecret(victim.key, i)) }, attacker))).code,
      );
    expect(codes.slice(0, 10)).toEqual(Array(10).fill('AUTH_INVALID'));
    expect(codes.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect(await scryptRuns(t)).toBe(10);

    // the victim, from its own address, is untouched (its key was never cached: scrypt runs)
    const ok = await t.app.request('/v1/whoami', { headers: bearer(victim.key) }, from('192.0.2.10'));
    expect(ok.status).toBe(200);
    expect((await json(ok)).keyId).toBe(victim.id);
    // and the attacker's source stays refused without hashing, whatever key id it tries next
    const other = await createApiKey(apiKeysFor(t.db), { role: 'institution', tenant: 'beta' });
    const refused = await t.app.request('/v1/whoami', { headers: bearer(wrongSecret(other.key, 1)) }, attacker);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).not.toBeNull();
    expect(await scryptRuns(t)).toBe(11);
  });

  it('40 concurrent distinct guesses from one source run at most its failure budget of scrypts (HTTP)', async () => {
    const t = await makeTestApp({ config: { rateLimit: { authFailureBurst: 10, authFailurePerSecond: 0.1 } } });
    const victim = await createApiKey(apiKeysFor(t.db), { role: 'institution', tenant: 'acme' });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        t.app.request('/v1/whoami', { headers: bearer(wrongSecret(victim.key, i)) }, from('198.51.100.66')),
      ),
    );
    const codes = await Promise.all(answers.map(async (r) => (await json(r)).code as string));
    expect(codes.filter((c) => c === 'AUTH_INVALID')).toHaveLength(10);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(30);
    expect(await scryptRuns(t)).toBe(10);
    expect((await t.app.request('/v1/whoami', { headers: bearer(victim.key) }, from('192.0.2.10'))).status).toBe(200);
  });

  it('gives the reserved token back when the key is valid, so correct keys never spend the budget', async () => {
    const t = await makeTestApp({
      config: { rateLimit: { authFailureBurst: 1, authFailurePerSecond: 0.001 }, auth: { cacheTtlMs: 0 } },
    });
    const k = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' });
    for (let i = 0; i < 3; i++)
      expect((await t.app.request('/v1/whoami', { headers: bearer(k.key) }, from('192.0.2.10'))).status).toBe(200);
  });

  it('takes the source from X-Forwarded-For only when the proxy is trusted', async () => {
    for (const trustProxy of [false, true]) {
      const t = await makeTestApp({
        config: { server: { trustProxy }, rateLimit: { authFailureBurst: 1, authFailurePerSecond: 0.001 } },
      });
      const k = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' });
      const proxy = from('10.0.0.1');
      const send = (client: string) =>
        t.app.request(
          '/v1/whoami',
          { headers: { ...bearer(wrongSecret(k.key, 1)), 'X-Forwarded-For': client } },
          proxy,
        );
      expect((await send('198.51.100.1')).status).toBe(401);
      // a second client behind the same proxy: its own budget only when the header is trusted
      expect((await send('198.51.100.2')).status).toBe(trustProxy ? 401 : 429);
    }
  });
});

describe('tenants: one request budget and quotas', () => {
  it("shares one request budget between a tenant's keys", async () => {
    const t = await makeTestApp({ config: { rateLimit: { tenantBurst: 3, tenantPerSecond: 0.001 } } });
    const keys = await Promise.all(
      Array.from({ length: 4 }, () => createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'acme' })),
    );
    const statuses = [];
    for (const k of keys) statuses.push((await t.app.request('/v1/whoami', { headers: bearer(k.key) })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const other = await createApiKey(apiKeysFor(t.db), { role: 'venue', tenant: 'beta' });
    expect((await t.app.request('/v1/whoami', { headers: bearer(other.key) })).status).toBe(200);
  });

  it('refuses API keys past the tenant quota with 409 QUOTA_EXCEEDED, even when requested at once', async () => {
    const t = await makeTestApp({ config: { quotas: { apiKeysPerTenant: 4 } } });
    const admin = await createApiKey(apiKeysFor(t.db), { role: 'admin', tenant: 'acme' });
    const create = () =>
      t.app.request('/v1/admin/keys', {
        method: 'POST',
        headers: { ...bearer(admin.key), 'Content-Type': 'application/json' },
        body: JSON.stringify({ role: 'venue' }),
      });
    const answers = await Promise.all(Array.from({ length: 6 }, create));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 201, 409, 409, 409]);
    const refused = await json(answers.find((r) => r.status === 409)!);
    expect(refused.code).toBe('QUOTA_EXCEEDED');
    expect(refused.details).toMatchObject({ limit: 4 });
    // revoking one frees a place
    const created = await json(answers.find((r) => r.status === 201)!);
    expect(
      (await t.app.request(`/v1/admin/keys/${created.id}`, { method: 'DELETE', headers: bearer(admin.key) })).status,
    ).toBe(200);
    expect((await create()).status).toBe(201);
    expect((await create()).status).toBe(409);
  });

  it('refuses issuers past the tenant quota with 409 QUOTA_EXCEEDED', async () => {
    const t = await makeTestApp({ config: { quotas: { issuersPerTenant: 2 } } });
    const admin = await createApiKey(apiKeysFor(t.db), { role: 'admin', tenant: 'acme' });
    const create = () =>
      t.app.request('/v1/issuers', {
        method: 'POST',
        headers: { ...bearer(admin.key), 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Acme KYC' }),
      });
    const answers = await Promise.all(Array.from({ length: 3 }, create));
    expect(answers.map((r) => r.status).sort()).toEqual([201, 201, 409]);
    expect((await json(answers.find((r) => r.status === 409)!)).code).toBe('QUOTA_EXCEEDED');
    const otherAdmin = await createApiKey(apiKeysFor(t.db), { role: 'admin', tenant: 'beta' });
    const other = await t.app.request('/v1/issuers', {
      method: 'POST',
      headers: { ...bearer(otherAdmin.key), 'Content-Type': 'application/json' },
      body: JSON.stringify({ name: 'Beta KYC' }),
    });
    expect(other.status).toBe(201);
  });
});
