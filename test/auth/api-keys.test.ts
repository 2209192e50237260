/**
 * API keys and the authenticator, on both stores (issue 14): the same assertions on the embedded
 * SQLite table and on PostgreSQL (a fresh schema for this file), plus what only several processes
 * on one PostgreSQL database can show (a revocation through one pool refuses the key in another).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { apiKeys } from '../../src/db/schema.js';
import { apiKeys as pgApiKeys } from '../../src/db/schema-pg.js';
import { openDatabase } from '../../src/db/client.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import {
  createApiKey,
  createAuthenticator,
  getApiKey,
  hashApiKey,
  listApiKeys,
  parseApiKeyId,
  revokeApiKey,
  ROLES,
  SqliteApiKeyStore,
  TokenBuckets,
  verifyApiKeyHash,
  type ApiKeyStore,
} from '../../src/auth/index.js';
import { PostgresApiKeyStore } from '../../src/auth/pg-api-key-store.js';
import { VouchError } from '../../src/errors/index.js';
import { STORES, type StoreKind } from '../support/log-stores.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';

async function codeOf(p: Promise<unknown> | (() => unknown)): Promise<string | undefined> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return e instanceof VouchError ? e.code : `not a VouchError: ${String(e)}`;
  }
  return undefined;
}

interface KeyWorld {
  store: ApiKeyStore;
  /** Every stored hash (raw rows, as an attacker with the table would see them). */
  hashes(): Promise<string[]>;
  /** Replaces a key's stored hash behind the store's back. */
  setHash(id: string, hash: string): Promise<void>;
}

let schema: PgSchema | undefined;
const pools: PostgresHandle[] = [];
beforeAll(async () => {
  schema = await freshPgSchema('auth');
});
afterAll(async () => {
  for (const p of pools) await p.close();
  await schema?.drop();
});

async function openPg(): Promise<PostgresHandle> {
  const h = await schema!.open({ maxConnections: 4 });
  pools.push(h);
  return h;
}

/** An empty key table on `kind`. */
async function world(kind: StoreKind): Promise<KeyWorld> {
  if (kind === 'sqlite') {
    const d = openDatabase({ path: ':memory:' }).db;
    return {
      store: new SqliteApiKeyStore(d),
      hashes: async () =>
        d
          .select()
          .from(apiKeys)
          .all()
          .map((r) => r.secretHash),
      setHash: async (id, hash) => void d.update(apiKeys).set({ secretHash: hash }).where(eq(apiKeys.id, id)).run(),
    };
  }
  const h = pools[0] ?? (await openPg());
  await h.db.execute(sql`TRUNCATE api_keys`);
  return {
    store: new PostgresApiKeyStore(h.db),
    hashes: async () => (await h.db.select().from(pgApiKeys)).map((r) => r.secretHash),
    setHash: async (id, hash) =>
      void (await h.db.update(pgApiKeys).set({ secretHash: hash }).where(eq(pgApiKeys.id, id))),
  };
}

describe.each(STORES)('API keys (%s)', (kind) => {
  it('are vk_<id>_<secret> with 64-bit ids and 256-bit secrets, stored only as a salted scrypt hash', async () => {
    const w = await world(kind);
    const k = await createApiKey(w.store, { role: 'auditor', tenant: 'acme', label: 'Q3', now: 1000 });
    expect(k.key).toMatch(/^vk_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKeyId(k.key)).toBe(k.id);
    const [hash] = await w.hashes();
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    expect(hash).not.toContain(k.key.slice(20));
    const again = await createApiKey(w.store, { role: 'auditor', tenant: 'acme' });
    const salts = (await w.hashes()).map((h) => h.split('$')[4]);
    expect(new Set(salts).size).toBe(2);
    expect(again.key).not.toBe(k.key);
  });

  it('refuse unknown roles and malformed tenants or labels with INPUT_INVALID', async () => {
    const { store } = await world(kind);
    expect(await codeOf(createApiKey(store, { role: 'root', tenant: 'acme' }))).toBe('INPUT_INVALID');
    expect(await codeOf(createApiKey(store, { role: 'admin', tenant: 'Acme Corp' }))).toBe('INPUT_INVALID');
    expect(await codeOf(createApiKey(store, { role: 'admin', tenant: '' }))).toBe('INPUT_INVALID');
    expect(await codeOf(createApiKey(store, { role: 'admin', tenant: 'acme', label: 'two\nlines' }))).toBe(
      'INPUT_INVALID',
    );
    expect(await listApiKeys(store)).toEqual([]);
  });

  it('list per tenant without hashes, and revoke idempotently', async () => {
    const { store } = await world(kind);
    const a = await createApiKey(store, { role: 'admin', tenant: 'acme', now: 1 });
    await createApiKey(store, { role: 'venue', tenant: 'globex', now: 2 });
    const listed = await listApiKeys(store, { tenant: 'acme' });
    expect(listed).toEqual([{ id: a.id, tenant: 'acme', role: 'admin', label: null, createdAt: 1, revokedAt: null }]);
    expect(JSON.stringify(await listApiKeys(store))).not.toContain('scrypt');
    expect((await revokeApiKey(store, a.id, { now: 50 })).revokedAt).toBe(50);
    expect((await revokeApiKey(store, a.id, { now: 99 })).revokedAt).toBe(50);
    expect(await listApiKeys(store, { tenant: 'acme', includeRevoked: false })).toEqual([]);
    expect(await codeOf(() => revokeApiKey(store, 'ffffffffffffffff'))).toBe('NOT_FOUND');
    expect(await codeOf(() => getApiKey(store, a.id, { tenant: 'globex' }))).toBe('NOT_FOUND');
  });

  it('store SQL metacharacters in a label as text and change nothing else', async () => {
    const { store } = await world(kind);
    const label = 'x\'); DROP TABLE api_keys; -- \\ % _ "';
    const k = await createApiKey(store, { role: 'venue', tenant: 'acme', label, now: 3 });
    expect((await getApiKey(store, k.id)).label).toBe(label);
    expect(await listApiKeys(store, { tenant: "acme' OR '1'='1" })).toEqual([]);
    expect((await listApiKeys(store)).map((x) => x.id)).toEqual([k.id]);
  });

  it('keep the first of two concurrent revocations', async () => {
    const { store } = await world(kind);
    const k = await createApiKey(store, { role: 'venue', tenant: 'acme', now: 1 });
    const [a, b] = await Promise.all([revokeApiKey(store, k.id, { now: 10 }), revokeApiKey(store, k.id, { now: 20 })]);
    expect(a.revokedAt).toBe(b.revokedAt);
    expect([10, 20]).toContain((await getApiKey(store, k.id)).revokedAt);
  });
});

it('has the same role vocabulary in both database schemas as in the code', () => {
  expect([...apiKeys.role.enumValues]).toEqual([...ROLES]);
  expect([...pgApiKeys.role.enumValues]).toEqual([...ROLES]);
});

it('a key revoked through one PostgreSQL pool is refused by an authenticator on another (another process)', async () => {
  await world('postgres');
  const [one, two] = [await openPg(), await openPg()];
  const a = new PostgresApiKeyStore(one.db);
  const b = new PostgresApiKeyStore(two.db);
  const auth = createAuthenticator({
    db: b,
    now: () => 0,
    cacheTtlMs: 60_000,
    cacheMaxEntries: 10,
    failureBurst: 5,
    failurePerSecond: 1,
  });
  const k = await createApiKey(a, { role: 'venue', tenant: 'acme' });
  expect(await auth.authenticate(k.key)).toEqual({ keyId: k.id, tenant: 'acme', role: 'venue' });
  await revokeApiKey(a, k.id);
  // the verdict is cached, but the row is re-read on every request
  expect(await codeOf(auth.authenticate(k.key))).toBe('AUTH_INVALID');
});

describe('API key hashes', () => {
  it('verify only the exact key against its hash', async () => {
    const key = 'vk_0123456789abcdef_' + 'B'.repeat(43);
    const stored = await hashApiKey(key);
    expect(await verifyApiKeyHash(key, stored)).toBe(true);
    expect(await verifyApiKeyHash(key.slice(0, -1) + 'C', stored)).toBe(false);
    expect(await verifyApiKeyHash(key, stored.replace('scrypt$32768', 'scrypt$1048576000'))).toBe(false);
    expect(await verifyApiKeyHash(key, 'plain')).toBe(false);
  });
});

describe.each(STORES)('authenticator (%s)', (kind) => {
  const options = (d: ApiKeyStore, now: { t: number }) => ({
    db: d,
    now: () => now.t,
    cacheTtlMs: 1000,
    cacheMaxEntries: 2,
    failureBurst: 3,
    failurePerSecond: 1,
  });

  it('returns the principal of a valid key and AUTH_INVALID for unknown, wrong, revoked or malformed keys', async () => {
    const w = await world(kind);
    const d = w.store;
    const now = { t: 0 };
    const auth = createAuthenticator(options(d, now));
    const k = await createApiKey(d, { role: 'issuer', tenant: 'acme' });
    expect(await auth.authenticate(k.key)).toEqual({ keyId: k.id, tenant: 'acme', role: 'issuer' });
    expect(await codeOf(auth.authenticate(`vk_ffffffffffffffff_${'A'.repeat(43)}`))).toBe('AUTH_INVALID');
    expect(await codeOf(auth.authenticate(`${k.key.slice(0, -1)}${k.key.endsWith('A') ? 'B' : 'A'}`))).toBe(
      'AUTH_INVALID',
    );
    expect(await codeOf(auth.authenticate('garbage'))).toBe('AUTH_INVALID');
    await revokeApiKey(d, k.id);
    expect(await codeOf(auth.authenticate(k.key))).toBe('AUTH_INVALID');
  });

  it('caches verifications within the TTL, bounded in size, and forgets a key on request', async () => {
    const w = await world(kind);
    const d = w.store;
    const now = { t: 0 };
    const auth = createAuthenticator(options(d, now));
    const keys = await Promise.all([1, 2, 3].map(() => createApiKey(d, { role: 'venue', tenant: 'acme' })));
    for (const k of keys) await auth.authenticate(k.key);
    expect(auth.cacheSize).toBe(2);
    auth.forget(keys[2]!.id);
    expect(auth.cacheSize).toBe(1);
  });

  it('refuses a cached key whose row was replaced by another hash', async () => {
    const w = await world(kind);
    const d = w.store;
    const now = { t: 0 };
    const auth = createAuthenticator(options(d, now));
    const k = await createApiKey(d, { role: 'venue', tenant: 'acme' });
    await auth.authenticate(k.key);
    await w.setHash(k.id, await hashApiKey('vk_other'));
    expect(await codeOf(auth.authenticate(k.key))).toBe('AUTH_INVALID');
  });

  it('after the failure budget of a source is spent, refuses that source with RATE_LIMITED until it refills, and no other', async () => {
    const w = await world(kind);
    const d = w.store;
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
