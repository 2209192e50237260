/**
 * Turns a presented API key into a principal (key id, tenant, role), or refuses it.
 *
 * scrypt is deliberately slow, so its cost is bounded three ways:
 * - a verified key is remembered for `cacheTtlMs`, keyed by the SHA-256 of the whole key (never the
 *   key itself), and so is a refused one: repeating a wrong secret costs no second scrypt. The
 *   key's row is still read on every request (a primary-key lookup), so a revocation, even by
 *   another process, takes effect immediately;
 * - verifications go through a VerificationGate: one at a time per key id (identical concurrent
 *   attempts share one run) and at most `maxConcurrentVerifications` at once in the process;
 * - failed attempts are budgeted per *source* (the client address), not per key id. A budget per
 *   key id let anyone who knew a victim's key id (it is in every log line) lock the victim out by
 *   sending wrong secrets with it; a budget per source confines the lock-out to the sender. An
 *   attempt that starts a verification reserves a token before scrypt runs (so a burst of
 *   concurrent guesses cannot outrun the budget) and gets it back when the key proves valid; an
 *   attempt that joins an identical one in flight reserves nothing and pays only if it fails.
 * Every refusal is the same AUTH_INVALID: unknown, revoked and wrong keys are indistinguishable.
 */
import { createHash } from 'node:crypto';
import type { VouchDb } from '../db/client.js';
import type { ApiKeyRow } from '../db/schema.js';
import { VouchError } from '../errors/index.js';
import { parseApiKeyId } from './api-key-format.js';
import { apiKeyStore, type ApiKeyStore } from './api-key-store.js';
import { verifyApiKeyHash } from './key-hash.js';
import type { Role } from './roles.js';
import { VerificationGate } from './single-flight.js';
import { TokenBuckets } from './token-bucket.js';

export interface Principal {
  keyId: string;
  tenant: string;
  role: Role;
}

export interface AuthenticatorOptions {
  /** The API key store (a drizzle SQLite database is taken as the SQLite store). */
  db: ApiKeyStore | VouchDb;
  /** Unix milliseconds. */
  now: () => number;
  cacheTtlMs: number;
  cacheMaxEntries: number;
  /** Failed verifications allowed per source (burst), and their refill per second. */
  failureBurst: number;
  failurePerSecond: number;
  /** scrypt verifications running at once in this process (default 2). */
  maxConcurrentVerifications?: number;
  /** Verifications waiting for a slot before further ones are refused (default 256). */
  maxQueuedVerifications?: number;
  /** The scrypt check (default verifyApiKeyHash); tests wrap the real one to count its runs. */
  verify?: (key: string, stored: string) => Promise<boolean>;
}

export interface Authenticator {
  /**
   * The principal for `key`, or AUTH_INVALID; RATE_LIMITED when `source` has spent its failure
   * budget or the process its verification budget. `source` names the client (its address);
   * absent, every caller shares one budget.
   */
  authenticate(key: string, source?: string): Promise<Principal>;
  /** Drop cached verifications of a key id (call after revoking it in this process). */
  forget(keyId: string): void;
  /** Number of cached verifications (for tests and metrics). */
  readonly cacheSize: number;
  /** scrypt verifications run so far (for metrics). */
  readonly verifications: number;
}

interface CacheEntry {
  keyId: string;
  secretHash: string;
  valid: boolean;
  expiresAt: number;
}

const UNKNOWN_SOURCE = 'unknown';

export function createAuthenticator(options: AuthenticatorOptions): Authenticator {
  const cache = new Map<string, CacheEntry>();
  // Refused digests live apart, so wrong guesses can never evict valid keys from the cache.
  const rejected = new Map<string, CacheEntry>();
  const failures = new TokenBuckets({ capacity: options.failureBurst, perSecond: options.failurePerSecond });
  const gate = new VerificationGate({
    maxConcurrent: options.maxConcurrentVerifications ?? 2,
    maxQueued: options.maxQueuedVerifications ?? 256,
  });
  const verify = options.verify ?? verifyApiKeyHash;
  let verifications = 0;
  const invalid = () => new VouchError('AUTH_INVALID', 'the API key is not valid');
  const limited = (retryAfterMs: number) =>
    new VouchError('RATE_LIMITED', 'too many failed authentications from this client', { details: { retryAfterMs } });
  /** A refusal that ran no scrypt still spends the source's budget (enumerating ids is not free). */
  const refuse = (source: string, now: number): VouchError => {
    const t = failures.take(source, now);
    return t.ok ? invalid() : limited(t.retryAfterMs);
  };

  const store = apiKeyStore(options.db);
  const load = (id: string): Promise<ApiKeyRow | undefined> => store.get(id);
  const principal = (row: ApiKeyRow): Principal => ({ keyId: row.id, tenant: row.tenant, role: row.role });
  const remember = (digest: string, row: ApiKeyRow, valid: boolean) => {
    if (!(options.cacheTtlMs > 0 && options.cacheMaxEntries > 0)) return;
    const map = valid ? cache : rejected;
    while (map.size >= options.cacheMaxEntries) map.delete(map.keys().next().value as string);
    map.set(digest, {
      keyId: row.id,
      secretHash: row.secretHash,
      valid,
      expiresAt: options.now() + options.cacheTtlMs,
    });
  };
  /** The cached verdict for `digest` against the current row, if still good. */
  const cached = (digest: string, row: ApiKeyRow): boolean | undefined => {
    const hit = cache.get(digest) ?? rejected.get(digest);
    if (!hit) return undefined;
    if (hit.expiresAt <= options.now() || hit.secretHash !== row.secretHash || hit.keyId !== row.id) {
      (hit.valid ? cache : rejected).delete(digest);
      return undefined;
    }
    return hit.valid;
  };

  return {
    async authenticate(key, source = UNKNOWN_SOURCE) {
      const now = options.now();
      const id = parseApiKeyId(key);
      if (id === undefined) throw invalid(); // malformed: nothing to look up or hash
      const row = await load(id);
      if (!row || row.revokedAt !== null) throw refuse(source, now);
      const digest = createHash('sha256').update(key).digest('base64url');
      const known = cached(digest, row);
      if (known === true) return principal(row);
      if (known === false) throw refuse(source, now);

      // An identical attempt already queued or running answers this one too, at no extra cost.
      const joined = gate.pending(row.id, digest);
      if (!joined) {
        // Reserve a failure token before hashing: concurrent guesses cannot outrun the budget.
        const reserved = failures.take(source, now);
        if (!reserved.ok) throw limited(reserved.retryAfterMs);
      }
      let valid: boolean;
      try {
        valid = await (joined ??
          gate.run(row.id, digest, async () => {
            // An earlier attempt on this lane may have settled this very key meanwhile.
            const fresh = await load(row.id);
            if (!fresh || fresh.revokedAt !== null) return false;
            const again = cached(digest, fresh);
            if (again !== undefined) return again;
            verifications += 1;
            const ok = await verify(key, fresh.secretHash);
            remember(digest, fresh, ok);
            return ok;
          }));
      } catch (err) {
        if (!joined) failures.refund(source, options.now()); // the process was busy: not this client's failure
        throw err;
      }
      // Re-read: a revocation while this request waited must win.
      const after = await load(row.id);
      if (!valid || !after || after.revokedAt !== null) {
        if (joined) failures.take(source, options.now());
        throw invalid();
      }
      if (!joined) failures.refund(source, options.now());
      return principal(after);
    },
    forget(keyId) {
      for (const map of [cache, rejected])
        for (const [digest, entry] of map) if (entry.keyId === keyId) map.delete(digest);
    },
    get cacheSize() {
      return cache.size;
    },
    get verifications() {
      return verifications;
    },
  };
}
