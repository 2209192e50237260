/**
 * The production wiring of AppDeps for `vouch serve`: the SQLite database under the data dir, the
 * KEK and the service signing key, pino logs, a metrics registry, the JWKS and the artifact check.
 *
 * VOUCH_DATABASE_URL=postgres://… adds PostgreSQL (deps.pg): checked before anything is opened —
 * not a postgres:// URL: DATABASE_URL_INVALID; a mounted area not yet ported:
 * DATABASE_DIALECT_UNSUPPORTED naming the areas; the server not answering: DATABASE_UNAVAILABLE.
 * The SQLite file is still opened (the areas' synchronous seams take it) but holds nothing a
 * ported area writes. VOUCH_REDIS_URL (or config rateLimit.store) shares the request budgets
 * across processes (auth/rate-limiter.ts); a Redis that does not answer at start-up fails here
 * with RATE_LIMITER_UNAVAILABLE. Neither URL ever appears in an error or a log line.
 */
import type { Logger } from 'pino';
import {
  loadOrCreateServiceKey,
  processRateLimiters,
  resolveKek,
  servicePublicJwks,
  type Kek,
  type RateLimiterFactory,
} from '../../auth/index.js';
import { postgresRateLimiters } from '../../auth/pg-rate-limiter.js';
import { redisRateLimiters } from '../../auth/redis-rate-limiter.js';
import type { Config } from '../../config/index.js';
import { databasePath, openDatabase } from '../../db/client.js';
import { postgresSelection } from '../../db/database-env.js';
import { openPostgres, type PostgresHandle } from '../../db/pg-client.js';
import { VouchError, checkOptions } from '../../errors/index.js';
import { artifactsStatus } from '../../zk/index.js';
import { systemClock, type AppDeps, type ArtifactsStatus } from '../deps.js';
import { createLogger } from '../logger.js';
import { createMetricsRegistry, type MetricsRegistry } from '../metrics/registry.js';
import type { RouteGroup } from '../route.js';
import { ROUTE_GROUPS } from '../route-groups.js';
import { publishedIssuerJwks } from '../routes/issuer-shapes.js';
import { closeVenueServices } from '../services/venue.js';
import { assertPostgresAreas } from './check-dialect.js';
import { credentialStoreFor } from '../../credentials/open-store.js';

export interface BuildServiceOptions {
  config: Config;
  dataDir: string;
  /** Environment for VOUCH_KEK, VOUCH_DATABASE_URL, VOUCH_DATABASE_SCHEMA, VOUCH_REDIS_URL (default process.env). */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Default: artifactsStatus() from src/zk/artifacts/status.ts. */
  artifacts?: () => ArtifactsStatus | Promise<ArtifactsStatus>;
  /** The areas the app will mount, for the PostgreSQL dialect check (default: every area). */
  groups?: readonly RouteGroup[];
}

export interface ServiceDeps {
  deps: AppDeps;
  kek: Kek;
  databaseFile: string;
  /** `sqlite`, or `postgres` when VOUCH_DATABASE_URL selected PostgreSQL. */
  dialect: 'sqlite' | 'postgres';
  /** Where the request budgets live (see auth/rate-limiter.ts). */
  rateLimitStore: 'process' | 'redis' | 'postgres';
  /** Closes the databases and the Redis connection. */
  close(): Promise<void>;
}

/** Builds what the HTTP app needs from a data dir and configuration: database, keys, log, registries, policies and the verifier. */
export async function buildServiceDeps(options: BuildServiceOptions): Promise<ServiceDeps> {
  checkOptions('buildServiceDeps', options, {
    config: 'object',
    dataDir: 'string',
    env: 'object?',
    logger: 'object?',
    artifacts: 'function?',
    groups: 'object?',
  });
  const env = options.env ?? process.env;
  const selected = postgresSelection(env); // DATABASE_URL_INVALID / DATABASE_SCHEMA_INVALID before anything opens
  const wantsPg = selected !== undefined;
  if (wantsPg) assertPostgresAreas(options.groups ?? ROUTE_GROUPS);
  const metrics = createMetricsRegistry();
  const store = rateLimitStore(options.config, env, wantsPg);
  const redisUrl = env.VOUCH_REDIS_URL;
  const redis = store === 'redis' ? redisRateLimiters({ url: redisUrl ?? '' }) : undefined;
  let pg: PostgresHandle | undefined;
  try {
    if (selected) pg = await openServicePostgres(selected.url, selected.schema, metrics);
    await redis?.ready();
  } catch (err) {
    await redis?.close();
    await pg?.close();
    throw err;
  }
  const rateLimiters: RateLimiterFactory = redis
    ? redis.factory
    : store === 'postgres'
      ? postgresRateLimiters(pg!.db)
      : processRateLimiters;
  const kek = resolveKek({ dataDir: options.dataDir, envValue: env.VOUCH_KEK });
  const serviceKey = await loadOrCreateServiceKey({ dataDir: options.dataDir, kek });
  const jwks = { keys: servicePublicJwks(options.dataDir) };
  const databaseFile = databasePath(options.dataDir);
  const db = openDatabase({ path: databaseFile });
  const deps: AppDeps = {
    db,
    ...(pg ? { pg } : {}),
    rateLimiters,
    dataDir: options.dataDir,
    config: options.config,
    clock: systemClock,
    logger: options.logger ?? createLogger({ level: options.config.log.level }),
    metrics,
    // the service's key, then every issuer's snapshot-signing keys (read per request: rotations show at once)
    jwks: async () => ({
      keys: [
        ...jwks.keys,
        ...(await publishedIssuerJwks(credentialStoreFor(deps), Math.floor(systemClock.now() / 1000))),
      ],
    }),
    artifacts: options.artifacts ?? artifactsStatus,
    serviceKey,
  };
  return {
    deps,
    kek,
    databaseFile,
    dialect: pg ? 'postgres' : 'sqlite',
    rateLimitStore: store,
    async close() {
      // first the venues' open rejection-digest windows, while the database is still open
      await closeVenueServices(deps).catch((err: unknown) =>
        deps.logger.error({ err }, 'shutdown: a venue decision recorder could not write its window'),
      );
      db.close();
      await redis?.close();
      await pg?.close();
    },
  };
}

function rateLimitStore(
  config: Config,
  env: Record<string, string | undefined>,
  hasPg: boolean,
): ServiceDeps['rateLimitStore'] {
  const redisUrl = env.VOUCH_REDIS_URL;
  const hasRedis = redisUrl !== undefined && redisUrl !== '';
  const store = config.rateLimit.store;
  if (store === 'redis' && !hasRedis)
    throw new VouchError('CONFIG_INVALID', 'rateLimit.store is "redis" but VOUCH_REDIS_URL is not set');
  if (store === 'postgres' && !hasPg)
    throw new VouchError('CONFIG_INVALID', 'rateLimit.store is "postgres" but VOUCH_DATABASE_URL is not set');
  if (store === 'auto') return hasRedis ? 'redis' : 'process';
  return store;
}

/** PostgreSQL with the pool and query-latency figures in /metrics. */
async function openServicePostgres(
  url: string,
  schema: string | undefined,
  metrics: MetricsRegistry,
): Promise<PostgresHandle> {
  const latency = metrics.histogram(
    'vouch_db_query_duration_seconds',
    'PostgreSQL query latency (each statement, including BEGIN/COMMIT)',
    [],
    [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  );
  const pg = await openPostgres(url, {
    ...(schema ? { schema } : {}),
    observeQuery: (seconds) => latency.observe({}, seconds),
  });
  metrics.gauge('vouch_db_pool_connections', 'PostgreSQL connections this process holds', () => pg.pool.totalCount);
  metrics.gauge('vouch_db_pool_idle', 'PostgreSQL connections idle in the pool', () => pg.pool.idleCount);
  metrics.gauge('vouch_db_pool_waiting', 'Queries waiting for a PostgreSQL connection', () => pg.pool.waitingCount);
  return pg;
}
