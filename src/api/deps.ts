/**
 * What the HTTP app is built from. Everything with state or a side effect is injected, so tests can
 * freeze time, use an in-memory database, capture logs, and swap an area's services.
 */
import type { JWK } from 'jose';
import type { Logger } from 'pino';
import type { Authenticator, RateLimiterFactory } from '../auth/index.js';
import type { ServiceKey } from '../auth/index.js';
import type { Config } from '../config/index.js';
import type { DatabaseHandle } from '../db/client.js';
import type { PostgresHandle } from '../db/pg-client.js';
import type { JobQueue } from './jobs/job-queue.js';
import type { MetricsRegistry } from './metrics/registry.js';

export interface Clock {
  /** Unix milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** The shape of `artifactsStatus()` from src/zk/artifacts/status.ts. */
export interface ArtifactsStatus {
  present: boolean;
  /** True when the artifacts come from the dev ceremony (public randomness: proofs are forgeable). */
  dev: boolean;
  reason?: string;
}

export interface JsonWebKeySet {
  keys: JWK[];
}

export interface AppDeps {
  db: DatabaseHandle;
  /**
   * PostgreSQL (VOUCH_DATABASE_URL): when present, every area whose stores are ported keeps its
   * state here instead of in `db` (RouteGroup.postgres says which areas are).
   */
  pg?: PostgresHandle;
  /** The data dir (keys, log signing key); the database may live elsewhere (tests: :memory:). */
  dataDir: string;
  config: Config;
  clock: Clock;
  logger: Logger;
  metrics: MetricsRegistry;
  /** Public keys for /.well-known/jwks.json: the service's and (later) issuers'. */
  jwks: () => JsonWebKeySet | Promise<JsonWebKeySet>;
  /** Circuit artifacts readiness, for /readyz. */
  artifacts: () => ArtifactsStatus | Promise<ArtifactsStatus>;
  /** The service's signing key, for areas that sign (receipts, reports). Absent in some tests. */
  serviceKey?: ServiceKey;
  /** Built from db/config/clock when absent. */
  authenticator?: Authenticator;
  /**
   * Where per-key and per-tenant request budgets live (default: in this process). `vouch serve`
   * shares them across processes in Redis (VOUCH_REDIS_URL) or PostgreSQL (rateLimit.store).
   */
  rateLimiters?: RateLimiterFactory;
  /**
   * Per-area service overrides by area name: when present, used instead of the area's own
   * `services(deps)` factory (tests inject fakes or pre-built services this way).
   */
  services?: Record<string, unknown>;
  /** Path of openapi.yaml (default: the repository's). */
  specPath?: string;
}

/** AppDeps after createApp filled in the defaults: what handlers receive. */
export interface ResolvedDeps extends AppDeps {
  authenticator: Authenticator;
  /** Heavy requests run here (202 Accepted + /v1/jobs/{id}). */
  jobs: JobQueue;
}
