import { randomBytes } from 'node:crypto';
import { configDefaults, defineConfig } from 'vitest/config';

/** What both projects share (projects do not inherit the root's test options unless they extend it). */
const shared = {
  testTimeout: 120_000,
  hookTimeout: 1_800_000,
  pool: 'forks',
  // The suite runs on the dev ceremony's artifacts, so development mode is on for every test (and
  // the CLIs they spawn); the tests of refusal turn it off explicitly.
  env: { VOUCH_ENV: 'development' },
} as const;

/**
 * Issue 14: the suite runs once on SQLite and once on PostgreSQL. The project `postgres` runs the
 * API-level files again with VOUCH_TEST_STORE=postgres: makeTestApp gives each app a fresh schema
 * (test/support/test-store.ts) and the areas marked `postgres` keep their state there.
 */
const POSTGRES_FILES = [
  'test/api/**/*.test.ts',
  'test/hardening/**/*.test.ts',
  // other files that build the app through makeTestApp
  'test/auth/authentication-abuse.test.ts',
  'test/escrow/registry-committee.test.ts',
  // the wallet, console and regulator pages against the service on each store
  'test/browser/**/*.test.ts',
];

/**
 * Files of POSTGRES_FILES that do not run a second time, each with the reason. Not silent:
 * shrink it as areas are ported (an area is ported when its route group says `postgres: true`).
 */
const NOT_ON_POSTGRES: readonly { file: string; why: string }[] = [
  // --- no store involved: a second run would repeat the first exactly
  { file: 'test/api/config.test.ts', why: 'configuration parsing; no app, no store' },
  { file: 'test/api/metrics.test.ts', why: 'the metrics registry alone; no app, no store' },
  { file: 'test/api/openapi-generated.test.ts', why: 'openapi.yaml against the route declarations; no store' },
  { file: 'test/api/openapi-lint.test.ts', why: 'lints openapi.yaml; no store' },
  // --- real `vouch` processes on a SQLite data dir, not makeTestApp: the switch does not reach them
  // (the PostgreSQL service processes are test/api/multi-serve.test.ts, test/hook/multi-process.test.ts
  // and postgres-service.test.ts)
  { file: 'test/api/cli.test.ts', why: 'spawns `vouch keys`/`vouch serve` on a SQLite data dir' },
  { file: 'test/api/npm-start.test.ts', why: 'spawns `npm start` (the embedded SQLite default by design)' },
  { file: 'test/hardening/cli-files.test.ts', why: 'the CLI on a SQLite data dir (dumps vouch.sqlite)' },
  {
    file: 'test/hardening/crash.test.ts',
    why: 'kill -9 of a writer on a SQLite data dir (PostgreSQL: multi-process.test.ts)',
  },
  {
    file: 'test/hardening/http-replay.test.ts',
    why: 'two `vouch serve` processes on one SQLite file (PostgreSQL: multi-serve.test.ts)',
  },
  { file: 'test/hardening/proofs.test.ts', why: 'verifier and embedded hook on their own stores, no app' },
  // --- already run on both stores inside the file (describe.each over sqlite and postgres), or
  // on PostgreSQL only by design
  { file: 'test/api/reporting-stores.test.ts', why: 'runs itself on SQLite and on PostgreSQL (describe.each)' },
  { file: 'test/api/postgres-service.test.ts', why: 'builds the PostgreSQL service itself (VOUCH_DATABASE_URL)' },
  {
    file: 'test/api/policy-ownership.test.ts',
    why: 'runs itself on SQLite and on PostgreSQL (two apps on one schema too)',
  },
  {
    file: 'test/api/credential-pickup.test.ts',
    why: 'runs itself on SQLite and on PostgreSQL (two apps on one schema too)',
  },
  { file: 'test/api/venue-postgres.test.ts', why: 'PostgreSQL only: two apps on one schema' },
  {
    file: 'test/api/venue-shutdown.test.ts',
    why: 'runs itself on SQLite and on PostgreSQL (describe.each over buildServiceDeps)',
  },
  {
    file: 'test/api/multi-serve.test.ts',
    why: 'PostgreSQL only by design: four real `vouch serve` processes on one schema of their own',
  },
  {
    file: 'test/escrow/registry-committee.test.ts',
    why: 'the SQLite variant; the PostgreSQL one is registry-committee-pg.test.ts',
  },
  { file: 'test/browser/web-bundle.test.ts', why: 'inspects the built web bundle; no app, no store' },
];

export default defineConfig({
  test: {
    // Builds circuit artifacts once (first run only) and shares them with every worker of both
    // projects (a root global setup runs once; projects inherit what it provides).
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { test: { ...shared, name: 'sqlite', include: ['test/**/*.test.ts'] } },
      {
        test: {
          ...shared,
          name: 'postgres',
          include: POSTGRES_FILES,
          // VOUCH_TEST_PG_ALL=1 ignores the list, to re-check its entries: `VOUCH_TEST_PG_ALL=1 npx
          // vitest run --project postgres <file>`
          exclude: [
            ...configDefaults.exclude,
            ...(process.env.VOUCH_TEST_PG_ALL === '1' ? [] : NOT_ON_POSTGRES.map((e) => e.file)),
          ],
          env: { ...shared.env, VOUCH_TEST_STORE: 'postgres', VOUCH_TEST_PG_RUN: randomBytes(4).toString('hex') },
          setupFiles: ['test/support/test-store-teardown.ts'],
          globalSetup: ['test/support/test-store-sweep.ts'],
        },
      },
    ],
  },
});
