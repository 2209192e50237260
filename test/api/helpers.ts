/**
 * Shared test wiring: an app on an in-memory database with real migrations, real scrypt keys, a
 * controllable clock, captured (redacted) logs and a real Ed25519 service key in a temp dir.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createApp, type VouchApp } from '../../src/api/create-app.js';
import type { AppDeps, ArtifactsStatus, Clock } from '../../src/api/deps.js';
import { createLogger } from '../../src/api/logger.js';
import { createMetricsRegistry } from '../../src/api/metrics/registry.js';
import type { RouteGroup } from '../../src/api/route.js';
import { publishedIssuerJwks } from '../../src/api/routes/issuer-shapes.js';
import { apiKeysOf } from '../../src/api/services/api-key-store.js';
import {
  createApiKey,
  loadOrCreateServiceKey,
  resolveKek,
  ROLES,
  type RateLimiterFactory,
  type Role,
} from '../../src/auth/index.js';
import { credentialStoreFor } from '../../src/credentials/open-store.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { ConfigSchema, type Config, type ConfigInput } from '../../src/config/index.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';

export class TestClock implements Clock {
  constructor(public ms = Date.UTC(2026, 0, 15, 12, 0, 0)) {}
  now(): number {
    return this.ms;
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

export interface TestApp {
  app: VouchApp;
  deps: AppDeps;
  db: DatabaseHandle;
  clock: TestClock;
  config: Config;
  /** Every log line written so far, raw. */
  logs(): string;
}

export interface TestAppOptions {
  config?: ConfigInput;
  artifacts?: () => ArtifactsStatus | Promise<ArtifactsStatus>;
  groups?: readonly RouteGroup[];
  db?: DatabaseHandle;
  /** PostgreSQL for the areas whose stores are ported (AppDeps.pg). */
  pg?: PostgresHandle;
  rateLimiters?: RateLimiterFactory;
  logLevel?: string;
}

/** Generous rate limits by default so matrix tests are not throttled; tests of limits pass their own. */
export function testConfig(input: ConfigInput = {}): Config {
  // development mode: the suite's proofs are made under the dev ceremony's key (test/api/dev-mode.test.ts turns it off);
  // every venue requires EU MiCA on euro markets and the pro perps policy on perps unless a test configures its own (test/api/venue-requirements.test.ts)
  return ConfigSchema.parse({
    ...input,
    server: { mode: 'development', ...input.server },
    hook: {
      venues: {
        '*': [
          { market: '*-EUR', policies: ['eu-mica-retail-spot@1.0.0'] },
          { market: '*-PERP', policies: ['pro-perps-notional-cap@1.0.0'] },
        ],
      },
      ...input.hook,
    },
    rateLimit: {
      burst: 10_000,
      perSecond: 1_000,
      authFailureBurst: 10_000,
      tenantBurst: 1_000_000,
      tenantPerSecond: 100_000,
      ...input.rateLimit,
    },
  });
}

export async function makeTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const config = testConfig(options.config);
  const db = options.db ?? openDatabase({ path: ':memory:' });
  const clock = new TestClock();
  let captured = '';
  const destination = new Writable({
    write(chunk, _enc, cb) {
      captured += chunk.toString();
      cb();
    },
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'vouch-api-'));
  const kek = resolveKek({ dataDir, envValue: randomBytes(32).toString('hex') });
  const serviceKey = await loadOrCreateServiceKey({ dataDir, kek });
  const deps: AppDeps = {
    db,
    ...(options.pg ? { pg: options.pg } : {}),
    ...(options.rateLimiters ? { rateLimiters: options.rateLimiters } : {}),
    dataDir,
    config,
    clock,
    logger: createLogger({ level: options.logLevel ?? 'info', destination }),
    metrics: createMetricsRegistry(),
    jwks: async () => ({
      keys: [
        serviceKey.publicJwk,
        ...(await publishedIssuerJwks(credentialStoreFor(deps), Math.floor(clock.now() / 1000))),
      ],
    }),
    artifacts: options.artifacts ?? (() => ({ present: true, dev: false })),
    serviceKey,
  };
  const app = options.groups ? createApp(deps, options.groups) : createApp(deps);
  appDeps.set(db, deps);
  return { app, deps, db, clock, config, logs: () => captured };
}

/** The deps of the app made over each database handle: keysFor makes keys where that app authenticates. */
const appDeps = new WeakMap<DatabaseHandle, AppDeps>();

/** One real key per role in `tenant`, in the key store of the app made over `db` (PostgreSQL when it has `pg`). */
export async function keysFor(db: DatabaseHandle, tenant: string): Promise<Record<Role, string>> {
  const deps = appDeps.get(db);
  const store = deps ? apiKeysOf(deps) : db.db;
  const out = {} as Record<Role, string>;
  for (const role of ROLES) out[role] = (await createApiKey(store, { role, tenant })).key;
  return out;
}

export function bearer(key: string): Record<string, string> {
  return { Authorization: `Bearer ${key}` };
}

/** The env bindings node-server passes for a request from `address` (app.request's third argument). */
export function from(address: string): { incoming: { socket: { remoteAddress: string } } } {
  return { incoming: { socket: { remoteAddress: address } } };
}

/** A response body parsed as JSON, typed loosely for assertions. */
export async function json(res: Response): Promise<any> {
  return res.json();
}
