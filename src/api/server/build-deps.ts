/**
 * The production wiring of AppDeps for `vouch serve`: the SQLite database under the data dir, the
 * KEK and the service signing key, pino logs, a metrics registry, the JWKS and the artifact check.
 */
import type { Logger } from 'pino';
import { loadOrCreateServiceKey, resolveKek, servicePublicJwks, type Kek } from '../../auth/index.js';
import type { Config } from '../../config/index.js';
import { databasePath, openDatabase } from '../../db/client.js';
import { checkOptions } from '../../errors/index.js';
import { artifactsStatus } from '../../zk/artifacts/status.js';
import { systemClock, type AppDeps, type ArtifactsStatus } from '../deps.js';
import { createLogger } from '../logger.js';
import { createMetricsRegistry } from '../metrics/registry.js';
import { publishedIssuerJwks } from '../routes/issuer-shapes.js';
import { credentialStoreFor } from '../../credentials/open-store.js';

export interface BuildServiceOptions {
  config: Config;
  dataDir: string;
  /** Environment for VOUCH_KEK (default process.env). */
  env?: Record<string, string | undefined>;
  logger?: Logger;
  /** Default: artifactsStatus() from src/zk/artifacts/status.ts. */
  artifacts?: () => ArtifactsStatus | Promise<ArtifactsStatus>;
}

export interface ServiceDeps {
  deps: AppDeps;
  kek: Kek;
  databaseFile: string;
  /** Closes the database. */
  close(): void;
}

export async function buildServiceDeps(options: BuildServiceOptions): Promise<ServiceDeps> {
  checkOptions('buildServiceDeps', options, {
    config: 'object',
    dataDir: 'string',
    env: 'object?',
    logger: 'object?',
    artifacts: 'function?',
  });
  const env = options.env ?? process.env;
  const kek = resolveKek({ dataDir: options.dataDir, envValue: env.VOUCH_KEK });
  const serviceKey = await loadOrCreateServiceKey({ dataDir: options.dataDir, kek });
  const jwks = { keys: servicePublicJwks(options.dataDir) };
  const databaseFile = databasePath(options.dataDir);
  const db = openDatabase({ path: databaseFile });
  const deps: AppDeps = {
    db,
    dataDir: options.dataDir,
    config: options.config,
    clock: systemClock,
    logger: options.logger ?? createLogger({ level: options.config.log.level }),
    metrics: createMetricsRegistry(),
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
  return { deps, kek, databaseFile, close: () => db.close() };
}
