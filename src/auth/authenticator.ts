/**
 * Turns a presented API key into a principal (key id, tenant, role), or refuses it.
 *
 * scrypt is deliberately slow, so a verified key is remembered for `cacheTtlMs`, keyed by the
 * SHA-256 of the whole key (never the key itself). The key's row is still read on every request
 * (a primary-key lookup), so a revocation, even by another process, takes effect immediately.
 * Failed verifications are budgeted per key id, so guessing at one id cannot burn CPU on scrypt.
 * Every refusal is the same AUTH_INVALID: unknown, revoked and wrong keys are indistinguishable.
 */
import { createHash } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { VouchDb } from '../db/client.js';
import { apiKeys, type ApiKeyRow } from '../db/schema.js';
import { VouchError } from '../errors/index.js';
import { parseApiKeyId } from './api-key-format.js';
import { verifyApiKeyHash } from './key-hash.js';
import type { Role } from './roles.js';
import { TokenBuckets } from './token-bucket.js';

export interface Principal {
  keyId: string;
  tenant: string;
  role: Role;
}

export interface AuthenticatorOptions {
  db: VouchDb;
  /** Unix milliseconds. */
  now: () => number;
  cacheTtlMs: number;
  cacheMaxEntries: number;
  /** Failed verifications allowed per key id (burst), and their refill per second. */
  failureBurst: number;
  failurePerSecond: number;
}

export interface Authenticator {
  /** The principal for `key`, or AUTH_INVALID; RATE_LIMITED when the id's failure budget is spent. */
  authenticate(key: string): Promise<Principal>;
  /** Drop cached verifications of a key id (call after revoking it in this process). */
  forget(keyId: string): void;
  /** Number of cached verifications (for tests and metrics). */
  readonly cacheSize: number;
}

interface CacheEntry {
  keyId: string;
  secretHash: string;
  expiresAt: number;
}

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const cache = new Map<string, CacheEntry>();
  const failures = new TokenBuckets({ capacity: options.failureBurst, perSecond: options.failurePerSecond });
  const invalid = () => new VouchError('AUTH_INVALID', 'the API key is not valid');

  const load = (id: string): ApiKeyRow | undefined => options.db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
  const principal = (row: ApiKeyRow): Principal => ({ keyId: row.id, tenant: row.tenant, role: row.role });
  const fail = (id: string): VouchError => {
    failures.take(id, options.now());
    return invalid();
  };

  return {
    async authenticate(key) {
      const id = parseApiKeyId(key);
      if (id === undefined) throw invalid();
      const digest = createHash('sha256').update(key).digest('base64url');
      const now = options.now();

      const hit = cache.get(digest);
      if (hit && hit.expiresAt > now) {
        const row = load(id);
        if (row && row.revokedAt === null && row.secretHash === hit.secretHash) return principal(row);
        cache.delete(digest);
        throw invalid();
      }
      if (hit) cache.delete(digest);

      if (failures.available(id, now) < 1) {
        const retryAfterMs = failures.take(id, now).retryAfterMs;
        throw new VouchError('RATE_LIMITED', 'too many failed authentications for this key id', { details: { retryAfterMs } });
      }
      const row = load(id);
      if (!row || row.revokedAt !== null) throw fail(id);
      if (!(await verifyApiKeyHash(key, row.secretHash))) throw fail(id);

      if (options.cacheTtlMs > 0 && options.cacheMaxEntries > 0) {
        while (cache.size >= options.cacheMaxEntries) cache.delete(cache.keys().next().value as string);
        cache.set(digest, { keyId: row.id, secretHash: row.secretHash, expiresAt: now + options.cacheTtlMs });
      }
      return principal(row);
    },
    forget(keyId) {
      for (const [digest, entry] of cache) if (entry.keyId === keyId) cache.delete(digest);
    },
    get cacheSize() {
      return cache.size;
    },
  };
}
