/**
 * The service configuration: every key, its default and its bounds, declared once.
 * Secrets never live here (the key-encryption key comes from VOUCH_KEK only), so a Config can be
 * logged or printed whole.
 */
import { z } from 'zod';
import { RUN_MODES } from './run-mode.js';

/** 1 MiB: large enough for a batch of Groth16 proofs (~800 bytes each as JSON), small enough to bound memory per request. */
const DEFAULT_BODY_BYTES = 1_048_576;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** One row of a venue's requirements: a market (or pattern) and the policies (`id@version`) it requires. */
const MarketRequirement = z.strictObject({
  market: z.string().regex(/^[A-Za-z0-9*][A-Za-z0-9*._:/-]{0,99}$/, 'a market symbol or pattern'),
  policies: z
    .array(z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}@[0-9A-Za-z.+-]{1,50}$/, 'id@version'))
    .min(1)
    .max(16),
});

export const ConfigSchema = z.strictObject({
  server: z
    .strictObject({
      /**
       * `development` accepts the dev ceremony's circuit artifacts (anyone can forge proofs under
       * them); `production` refuses to start on them. VOUCH_ENV or `vouch serve --dev`.
       */
      mode: z.enum(RUN_MODES).default('production'),
      host: z.string().min(1).default('127.0.0.1'),
      port: int(0, 65_535).default(8080),
      /** How long shutdown waits for in-flight requests before closing their connections. */
      shutdownTimeoutMs: int(0, 600_000).default(10_000),
      /**
       * Behind a reverse proxy: take the client address (which failed-authentication budgets are
       * kept by) from the last X-Forwarded-For entry, the one the proxy appended. Off: the socket's
       * peer address, so a client cannot choose its own address by sending the header.
       */
      trustProxy: z.boolean().default(false),
    })
    .prefault({}),
  limits: z
    .strictObject({
      bodyBytes: int(1, 1_073_741_824).default(DEFAULT_BODY_BYTES),
      /**
       * Records one bundle request may carry. Each record is salted, hashed, stored and proved:
       * 10^6 tiny records (2 MB) once cost 27 s and 157 MiB. 100,000 stays within seconds, as a job.
       */
      bundleRecords: int(1, 1_000_000).default(100_000),
      /** Ledger rows (CSV lines or JSON fills) one import request may carry (16 MiB holds ~150,000). */
      ledgerRows: int(1, 10_000_000).default(200_000),
    })
    .prefault({}),
  rateLimit: z
    .strictObject({
      /** Token-bucket capacity per API key: the burst a key may send at once. */
      burst: int(1, 1_000_000).default(60),
      /** Tokens added per second per key: the sustained request rate. */
      perSecond: z.number().positive().max(1_000_000).default(10),
      /**
       * Failed verifications allowed per client address before its further attempts are refused
       * without hashing. Per address, not per key id: a key id is no secret (it is logged), and a
       * budget per id would let anyone lock the key's owner out.
       */
      authFailureBurst: int(1, 1_000_000).default(10),
      /** Refill of that failure budget per second (0.1 = one more attempt every 10 s). */
      authFailurePerSecond: z.number().positive().max(1_000_000).default(0.1),
      /** Token-bucket capacity per tenant, shared by all its keys: more keys buy no more requests. */
      tenantBurst: int(1, 10_000_000).default(240),
      /** Sustained requests per second per tenant. */
      tenantPerSecond: z.number().positive().max(10_000_000).default(40),
      /**
       * Where the per-key and per-tenant buckets live: `process` (each process its own), `redis`
       * (shared; VOUCH_REDIS_URL), `postgres` (shared; VOUCH_DATABASE_URL), or `auto`: Redis when
       * VOUCH_REDIS_URL is set, else the process.
       */
      store: z.enum(['auto', 'process', 'redis', 'postgres']).default('auto'),
    })
    .prefault({}),
  auth: z
    .strictObject({
      /** How long a verified key is remembered so scrypt is not run on every request. */
      cacheTtlMs: int(0, 3_600_000).default(60_000),
      cacheMaxEntries: int(0, 10_000_000).default(10_000),
      /** scrypt verifications running at once: they share libuv's 4-thread pool with file I/O. */
      maxConcurrentVerifications: int(1, 64).default(2),
      /** Verifications waiting for a slot; past this, 429 rather than an unbounded queue. */
      maxQueuedVerifications: int(0, 100_000).default(256),
    })
    .prefault({}),
  jobs: z
    .strictObject({
      /** Jobs running at once (each gives the event loop back every slice; more only adds memory). */
      concurrency: int(1, 64).default(1),
      /** Jobs one tenant may have queued or running (429 past it). */
      perTenant: int(1, 1000).default(4),
      /** How long a finished job and its result can be fetched. */
      retentionMs: int(1000, 7 * 86_400_000).default(3_600_000),
      /** Requests larger than these run as jobs (202 Accepted); `Prefer: respond-async` always does. */
      syncLedgerRows: int(0, 10_000_000).default(10_000),
      syncTaxFills: int(0, 10_000_000).default(10_000),
      syncBundleRecords: int(0, 1_000_000).default(10_000),
    })
    .prefault({}),
  quotas: z
    .strictObject({
      /** Active (unrevoked) API keys a tenant admin may hold through the API. */
      apiKeysPerTenant: int(1, 1_000_000).default(100),
      /** Issuers a tenant admin may create through the API. */
      issuersPerTenant: int(1, 1_000_000).default(32),
    })
    .prefault({}),
  reporting: z
    .strictObject({
      /**
       * The tax jurisdiction (holding-period rules) per tenant ("*": any tenant without its own
       * entry) for tax reports and tax bundles that name none. Never guessed: a request without a
       * jurisdiction, for a tenant with no entry here, is refused (TAX_JURISDICTION_REQUIRED).
       */
      taxJurisdictions: z
        .record(z.string().regex(/^(\*|[a-z0-9][a-z0-9._-]{0,62})$/, 'a tenant id or "*"'), z.enum(['US', 'DE']))
        .optional(),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(LOG_LEVELS).default('info'),
    })
    .prefault({}),
  hook: z
    .strictObject({
      /** Directory of policy documents the venue routes enforce (default: the repository's policies/). */
      policiesDir: z.string().min(1).optional(),
      /**
       * Per venue id (a venue key's tenant; "*" for any venue without its own entry): which policy
       * each market requires, first matching row wins. No entry: the venue admits no trade.
       */
      venues: z
        .record(
          z.string().regex(/^(\*|[a-z0-9][a-z0-9._-]{0,62})$/, 'a venue id or "*"'),
          z.array(MarketRequirement).max(1000),
        )
        .optional(),
      /** Admission queue: most proofs verified in one batch. */
      batchMaxItems: int(1, 1024).default(32),
      /** Admission queue: longest a proof waits for its batch to fill. */
      batchMaxWaitMs: int(0, 1000).default(4),
    })
    .prefault({}),
});

export type Config = z.output<typeof ConfigSchema>;
export type ConfigInput = z.input<typeof ConfigSchema>;

/** Environment variables and the config key each one sets (env wins over the file). */
export const ENV_KEYS = {
  VOUCH_ENV: { path: 'server.mode', type: 'string' },
  PORT: { path: 'server.port', type: 'integer' },
  VOUCH_HOST: { path: 'server.host', type: 'string' },
  VOUCH_SHUTDOWN_TIMEOUT_MS: { path: 'server.shutdownTimeoutMs', type: 'integer' },
  VOUCH_TRUST_PROXY: { path: 'server.trustProxy', type: 'boolean' },
  VOUCH_BODY_LIMIT_BYTES: { path: 'limits.bodyBytes', type: 'integer' },
  VOUCH_LIMIT_BUNDLE_RECORDS: { path: 'limits.bundleRecords', type: 'integer' },
  VOUCH_LIMIT_LEDGER_ROWS: { path: 'limits.ledgerRows', type: 'integer' },
  VOUCH_RATE_LIMIT_BURST: { path: 'rateLimit.burst', type: 'integer' },
  VOUCH_RATE_LIMIT_PER_SECOND: { path: 'rateLimit.perSecond', type: 'number' },
  VOUCH_AUTH_FAILURE_BURST: { path: 'rateLimit.authFailureBurst', type: 'integer' },
  VOUCH_AUTH_FAILURE_PER_SECOND: { path: 'rateLimit.authFailurePerSecond', type: 'number' },
  VOUCH_TENANT_RATE_LIMIT_BURST: { path: 'rateLimit.tenantBurst', type: 'integer' },
  VOUCH_TENANT_RATE_LIMIT_PER_SECOND: { path: 'rateLimit.tenantPerSecond', type: 'number' },
  VOUCH_RATE_LIMIT_STORE: { path: 'rateLimit.store', type: 'string' },
  VOUCH_AUTH_CACHE_TTL_MS: { path: 'auth.cacheTtlMs', type: 'integer' },
  VOUCH_AUTH_CACHE_MAX_ENTRIES: { path: 'auth.cacheMaxEntries', type: 'integer' },
  VOUCH_AUTH_MAX_CONCURRENT: { path: 'auth.maxConcurrentVerifications', type: 'integer' },
  VOUCH_JOBS_CONCURRENCY: { path: 'jobs.concurrency', type: 'integer' },
  VOUCH_QUOTA_API_KEYS: { path: 'quotas.apiKeysPerTenant', type: 'integer' },
  VOUCH_QUOTA_ISSUERS: { path: 'quotas.issuersPerTenant', type: 'integer' },
  VOUCH_LOG_LEVEL: { path: 'log.level', type: 'string' },
  VOUCH_POLICIES_DIR: { path: 'hook.policiesDir', type: 'string' },
  VOUCH_HOOK_BATCH_MAX_ITEMS: { path: 'hook.batchMaxItems', type: 'integer' },
  VOUCH_HOOK_BATCH_MAX_WAIT_MS: { path: 'hook.batchMaxWaitMs', type: 'integer' },
} as const satisfies Record<string, { path: string; type: 'integer' | 'number' | 'string' | 'boolean' }>;
