/**
 * Shared test wiring: an app on an in-memory database with real migrations, real scrypt keys, a
 * controllable clock, captured (redacted) logs and a real Ed25519 service key in a temp dir.
 *
 * The store switch (issue 14: the suite runs on both stores): with VOUCH_TEST_STORE=postgres (the
 * vitest project `postgres`, see vitest.config.ts) every app gets a fresh PostgreSQL schema of its
 * own, as each SQLite app gets its own `:memory:` database, and the areas marked `postgres` keep
 * their state there. Keys (keysFor, apiKeysOf(t.deps)) and dumps (dumpStores) follow the app.
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
  type ApiKeyStore,
  resolveKek,
  ROLES,
  type RateLimiterFactory,
  type Role,
} from '../../src/auth/index.js';
import { credentialStoreFor } from '../../src/credentials/open-store.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { ownTestSchema, TEST_STORE } from '../support/test-store.js';
import { ConfigSchema, type Config, type ConfigInput } from '../../src/config/index.js';
import { openDatabase, type DatabaseHandle, type VouchDb } from '../../src/db/client.js';

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

/** The deps each app was built from, by its SQLite handle: keysFor(t.db, …) reaches the app's key store through it. */
const depsByDb = new WeakMap<DatabaseHandle, AppDeps>();

/**
 * The PostgreSQL handle an app gets under VOUCH_TEST_STORE=postgres: the one it was given, else
 * the one of an earlier app on the same `db` (a restarted service keeps its database), else a
 * fresh schema of its own (dropped after the file by test/support/test-store-teardown.ts).
 */
async function pgFor(options: TestAppOptions, db: DatabaseHandle): Promise<PostgresHandle | undefined> {
  if (options.pg) return options.pg;
  if (TEST_STORE !== 'postgres') return undefined;
  return depsByDb.get(db)?.pg ?? (await ownTestSchema());
}

export async function makeTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const config = testConfig(options.config);
  const db = options.db ?? openDatabase({ path: ':memory:' });
  const pg = await pgFor(options, db);
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
    ...(pg ? { pg } : {}),
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
  depsByDb.set(db, deps);
  return { app, deps, db, clock, config, logs: () => captured };
}

/**
 * The API key store the app on `db` authenticates against (PostgreSQL when it runs there), for
 * createApiKey/revokeApiKey in tests; a database no app was built on is its own SQLite store.
 */
export function apiKeysFor(db: DatabaseHandle): ApiKeyStore | VouchDb {
  const deps = depsByDb.get(db);
  return deps ? apiKeysOf(deps) : db.db;
}

/** One real key per role in `tenant`, in the store the app on `db` authenticates against. */
export async function keysFor(db: DatabaseHandle, tenant: string): Promise<Record<Role, string>> {
  const out = {} as Record<Role, string>;
  for (const role of ROLES) out[role] = (await createApiKey(apiKeysFor(db), { role, tenant })).key;
  return out;
}

/**
 * Every table, every row, of every store the app keeps state in (its SQLite database, and its
 * PostgreSQL schema when it runs there): a refused request must leave this string unchanged.
 * Rows are sorted (PostgreSQL returns them in no fixed order); migration bookkeeping is left out.
 */
export async function dumpStores(t: Pick<TestApp, 'db' | 'deps'>): Promise<string> {
  const s = t.db.sqlite;
  const sqlite = (
    s
      .prepare(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE '__drizzle%' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map(({ name }) => [name, sortedRows(s.prepare(`SELECT * FROM "${name}"`).all())]);
  const pg = t.deps.pg;
  if (!pg) return JSON.stringify({ sqlite }, plain);
  const { rows } = await pg.pool.query<{ name: string; rows: string[] }>({
    name: 'vouch-test-dump',
    text: await dumpQuery(pg),
  });
  return JSON.stringify({ sqlite, postgres: rows.map((r) => [r.name, r.rows]) }, plain);
}

const dumpQueries = new WeakMap<PostgresHandle, string>();

/**
 * One statement for every table of the schema (the hardening suite dumps before and after each of
 * its requests): each row as PostgreSQL's own JSON text, sorted, so nothing is lost to JS types.
 * Built once per handle (the tables are the migrations'), run prepared (planned once per connection).
 */
async function dumpQuery(pg: PostgresHandle): Promise<string> {
  let text = dumpQueries.get(pg);
  if (!text) {
    const { rows: tables } = await pg.pool.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name NOT LIKE '__drizzle%'
        ORDER BY table_name`,
    );
    text =
      tables
        .map(
          ({ name }) =>
            `SELECT '${name}' AS name, ARRAY(SELECT row_to_json(x)::text AS r FROM "${name}" x ORDER BY r) AS rows`,
        )
        .join(' UNION ALL ') + ' ORDER BY name';
    dumpQueries.set(pg, text);
  }
  return text;
}

/**
 * A SELECT written in SQL both dialects read, run on the store the app keeps its tables in
 * (PostgreSQL when it runs there, else its SQLite database). PostgreSQL's int8 columns come back
 * as numbers, as SQLite's integers do, so one expectation holds on both.
 */
export async function selectRows(t: Pick<TestApp, 'db' | 'deps'>, sql: string): Promise<Record<string, unknown>[]> {
  if (!t.deps.pg) return t.db.sqlite.prepare(sql).all() as Record<string, unknown>[];
  const res = await t.deps.pg.pool.query(sql);
  const int8 = new Set(res.fields.filter((f) => f.dataTypeID === INT8_OID).map((f) => f.name));
  return res.rows.map((r: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(r).map(([k, v]) => [k, int8.has(k) && v !== null ? Number(v) : v])),
  );
}
/** PostgreSQL's type oid of bigint (pg_type.oid, fixed since forever). */
const INT8_OID = 20;

function sortedRows(rows: unknown[]): string[] {
  return rows.map((r) => JSON.stringify(r, plain)).sort();
}

/** JSON for what the drivers return: bigints as decimal strings (Buffers and Dates serialise themselves). */
function plain(_key: string, v: unknown): unknown {
  return typeof v === 'bigint' ? v.toString() : v;
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
