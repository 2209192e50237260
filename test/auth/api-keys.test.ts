import { describe, expect, it } from 'vitest';
import { apiKeys } from '../../src/db/schema.js';
import { openDatabase } from '../../src/db/client.js';
import {
  createApiKey,
  createAuthenticator,
  getApiKey,
  hashApiKey,
  listApiKeys,
  parseApiKeyId,
  revokeApiKey,
  ROLES,
  TokenBuckets,
  verifyApiKeyHash,
} from '../../src/auth/index.js';
import { VouchError } from '../../src/errors/index.js';

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return e instanceof VouchError ? e.code : `not a VouchError: ${String(e)}`;
  }
  return undefined;
}

const db = () => openDatabase({ path: ':memory:' }).db;

describe('API keys', () => {
  it('are vk_<id>_<secret> with 64-bit ids and 256-bit secrets, stored only as a salted scrypt hash', async () => {
    const d = db();
    const k = await createApiKey(d, { role: 'auditor', tenant: 'acme', label: 'Q3', now: 1000 });
    expect(k.key).toMatch(/^vk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKeyId(k.key)).toBe(k.id);
    const row = d.select().from(apiKeys).all()[0]!;
    expect(row.secretHash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(row.secretHash).not.toContain(k.key.slice(20));
    const again = await createApiKey(d, { role: 'auditor', tenant: 'acme' });
    const salts = d
      .select()
      .from(apiKeys)
      .all()
      .map((r) => r.secretHash.split('$')[4]);
    expect(new Set(salts).size).toBe(2);
    expect(again.key).not.toBe(k.key);
  });

  it('verify only the exact key against its hash', async () => {
    const key = 'vk_0123456789abcdef_' + 'B'.repeat(43);
    const stored = await hashApiKey(key);
    expect(await verifyApiKeyHash(key, stored)).toBe(true);
    expect(await verifyApiKeyHash(key.slice(0, -1) + 'C', stored)).toBe(false);
    expect(await verifyApiKeyHash(key, stored.replace('scrypt$32768', 'scrypt$1048576000'))).toBe(false);
    expect(await verifyApiKeyHash(key, 'plain')).toBe(false);
  });

  it('refuse unknown roles and malformed tenants or labels with INPUT_INVALID', async () => {
    const d = db();
    expect(await codeOf(createApiKey(d, { role: 'root', tenant: 'acme' }))).toBe('INPUT_INVALID');
    expect(await codeOf(createApiKey(d, { role: 'admin', tenant: 'Acme Corp' }))).toBe('INPUT_INVALID');
    expect(await codeOf(createApiKey(d, { role: 'admin', tenant: '' }))).toBe('INPUT_INVALID');
    expect(await codeOf(createApiKey(d, { role: 'admin', tenant: 'acme', label: 'two\nlines' }))).toBe('INPUT_INVALID');
  });

  it('list per tenant without hashes, and revoke idempotently', async () => {
    const d = db();
    const a = await createApiKey(d, { role: 'admin', tenant: 'acme', now: 1 });
    await createApiKey(d, { role: 'venue', tenant: 'globex', now: 2 });
    const listed = listApiKeys(d, { tenant: 'acme' });
    expect(listed).toEqual([{ id: a.id, tenant: 'acme', role: 'admin', label: null, createdAt: 1, revokedAt: null }]);
    expect(JSON.stringify(listApiKeys(d))).not.toContain('scrypt');
    expect(revokeApiKey(d, a.id, { now: 50 }).revokedAt).toBe(50);
    expect(revokeApiKey(d, a.id, { now: 99 }).revokedAt).toBe(50);
    expect(listApiKeys(d, { tenant: 'acme', includeRevoked: false })).toEqual([]);
    expect(await codeOf(() => revokeApiKey(d, 'ffffffffffffffff'))).toBe('NOT_FOUND');
    expect(await codeOf(() => getApiKey(d, a.id, { tenant: 'globex' }))).toBe('NOT_FOUND');
  });

  it('has the same role vocabulary in the database schema as in the code', () => {
    expect([...apiKeys.role.enumValues]).toEqual([...ROLES]);
  });
});

describe('authenticator', () => {
  const options = (d: ReturnType<typeof db>, now: { t: number }) => ({
    db: d,
    now: () => now.t,
    cacheTtlMs: 1000,
    cacheMaxEntries: 2,
    failureBurst: 3,
    failurePerSecond: 1,
  });

  it('returns the principal of a valid key and AUTH_INVALID for unknown, wrong, revoked or malformed keys', async () => {
    const d = db();
    const now = { t: 0 };
    const auth = createAuthenticator(options(d, now));
    const k = await createApiKey(d, { role: 'issuer', tenant: 'acme' });
    expect(await auth.authenticate(k.key)).toEqual({ keyId: k.id, tenant: 'acme', role: 'issuer' });
    expect(await codeOf(auth.authenticate(`vk_ffffffffffffffff_${'A'.repeat(43)}`))).toBe('AUTH_INVALID');
    expect(await codeOf(auth.authenticate(`${k.key.slice(0, -1)}${k.key.endsWith('A') ? 'B' : 'A'}`))).toBe(
      'AUTH_INVALID',
    );
    expect(await codeOf(auth.authenticate('garbage'))).toBe('AUTH_INVALID');
    revokeApiKey(d, k.id);
    expect(await codeOf(auth.authenticate(k.key))).toBe('AUTH_INVALID');
  });

  it('caches verifications within the TTL, bounded in size, and forgets a key on request', async () => {
    const d = db();
    const now = { t: 0 };
    const auth = createAuthenticator(options(d, now));
    const keys = await Promise.all([1, 2, 3].map(() => createApiKey(d, { role: 'venue', tenant: 'acme' })));
    for (const k of keys) await auth.authenticate(k.key);
    expect(auth.cacheSize).toBe(2);
    auth.forget(keys[2]!.id);
    expect(auth.cacheSize).toBe(1);
  });

  it('refuses a cached key whose row was replaced by another hash', async () => {
    const d = db();
    const now = { t: 0 };
    const auth = createAuthenticator(options(d, now));
    const k = await createApiKey(d, { role: 'venue', tenant: 'acme' });
    await auth.authenticate(k.key);
    d.update(apiKeys)
      .set({ secretHash: await hashApiKey('vk_other') })
      .run();
    expect(await codeOf(auth.authenticate(k.key))).toBe('AUTH_INVALID');
  });

  it('after the failure budget of a source is spent, refuses that source with RATE_LIMITED until it refills, and no other', async () => {
    const d = db();
    const now = { t: 0 };
    const auth = createAuthenticator(options(d, now));
    const k = await createApiKey(d, { role: 'venue', tenant: 'acme' });
    const wrong = `${k.key.slice(0, -1)}${k.key.endsWith('A') ? 'B' : 'A'}`;
    for (let i = 0; i < 3; i++) expect(await codeOf(auth.authenticate(wrong, '198.51.100.1'))).toBe('AUTH_INVALID');
    expect(await codeOf(auth.authenticate(wrong, '198.51.100.1'))).toBe('RATE_LIMITED');
    expect(await codeOf(auth.authenticate(k.key, '198.51.100.1'))).toBe('RATE_LIMITED');
    expect(await auth.authenticate(k.key, '192.0.2.1')).toMatchObject({ keyId: k.id });
    now.t += 1000;
    expect(await codeOf(auth.authenticate(wrong, '198.51.100.1'))).toBe('AUTH_INVALID');
  });
});

describe('token buckets', () => {
  it('allow a burst, then refill at the configured rate', () => {
    const b = new TokenBuckets({ capacity: 2, perSecond: 4 });
    expect([b.take('k', 0).ok, b.take('k', 0).ok, b.take('k', 0).ok]).toEqual([true, true, false]);
    expect(b.take('k', 0).retryAfterMs).toBe(250);
    expect(b.take('k', 250).ok).toBe(true);
    expect(b.available('other', 0)).toBe(2);
  });

  it('stay bounded in memory', () => {
    const b = new TokenBuckets({ capacity: 1, perSecond: 0.001, maxKeys: 3 });
    for (let i = 0; i < 10; i++) b.take(`k${i}`, 0);
    expect(b.take('k9', 0).ok).toBe(false);
    expect(b.available('k0', 0)).toBe(1);
  });

  it('reject nonsensical options', () => {
    expect(() => new TokenBuckets({ capacity: 0, perSecond: 1 })).toThrow(RangeError);
    expect(() => new TokenBuckets({ capacity: 1, perSecond: 0 })).toThrow(RangeError);
  });
});
