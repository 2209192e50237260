/**
 * `vouch serve`: the HTTP API on the embedded SQLite database (or PostgreSQL: VOUCH_DATABASE_URL). Prints where it listens and which data
 * dir it uses. Dev-ceremony circuit artifacts (told by their verifying key) stop a production start
 * with DEV_ARTIFACTS_REFUSED before anything listens; development mode (`--dev`, VOUCH_ENV) accepts
 * them and says so loudly. On SIGTERM/SIGINT it stops accepting, drains in-flight requests and
 * closes the database.
 */
import type { Command } from 'commander';
import { createApp, DEV_ARTIFACTS_WARNING, buildServiceDeps, startServer } from '../../api/index.js';
import { loadConfig } from '../../config/index.js';
import { VouchError } from '../../errors/index.js';
import { emit, globalOptions, type Registrar } from '../context.js';

interface ServeOptions {
  port?: string;
  host?: string;
  config?: string;
  dev?: boolean;
}

export const registerServe: Registrar = (program) => {
  program
    .command('serve')
    .description('run the HTTP API (health, readiness, metrics, docs at /docs, the v1 routes)')
    .option('--port <port>', 'TCP port (env PORT, default 8080; 0 picks a free port)')
    .option('--host <address>', 'address to bind (env VOUCH_HOST, default 127.0.0.1)')
    .option('--config <file>', 'JSON config file (env VOUCH_CONFIG); every key in docs/OPERATIONS.md#configuration')
    .option(
      '--dev',
      "development mode (env VOUCH_ENV=development): accept the dev ceremony's artifacts, under which anyone can forge proofs",
    )
    .action(async (o: ServeOptions, cmd: Command) => {
      const opts = globalOptions(cmd);
      const config = loadConfig({
        ...(o.config ? { file: o.config } : {}),
        overrides: {
          'server.port': o.port === undefined ? undefined : Number(o.port),
          'server.host': o.host,
          'server.mode': o.dev ? 'development' : undefined,
        },
      });
      const development = config.server.mode === 'development';
      const service = await buildServiceDeps({ config, dataDir: opts.dataDir });
      const { logger } = service.deps;
      let server;
      let artifacts;
      try {
        artifacts = await service.deps.artifacts();
        if (artifacts.present && artifacts.dev && !development) {
          throw new VouchError(
            'DEV_ARTIFACTS_REFUSED',
            'the circuit artifacts come from the dev ceremony (told by their verifying key), whose randomness is public: anyone could forge proofs. Set VOUCH_ARTIFACTS_MANIFEST to a production build, or run with --dev / VOUCH_ENV=development for development only',
          );
        }
        server = await startServer({
          app: createApp(service.deps),
          host: config.server.host,
          port: config.server.port,
          shutdownTimeoutMs: config.server.shutdownTimeoutMs,
        });
      } catch (err) {
        await service.close();
        throw err;
      }
      // Listen for the stop signals before anything slow, so an early SIGTERM still drains and closes.
      const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
        const on = (s: NodeJS.Signals) => () => resolve(s);
        process.once('SIGTERM', on('SIGTERM'));
        process.once('SIGINT', on('SIGINT'));
      });
      const devArtifacts = artifacts.present && artifacts.dev;
      emit(
        opts,
        {
          url: server.url,
          mode: config.server.mode,
          dataDir: opts.dataDir,
          database: service.dialect === 'postgres' ? 'postgres' : service.databaseFile,
          rateLimits: service.rateLimitStore,
          kek: service.kek.source,
          artifactsPresent: artifacts.present,
          devArtifacts,
        },
        [
          `vouch listening on ${server.url}  (docs: ${server.url}/docs)${development ? '  [DEVELOPMENT MODE]' : ''}`,
          `data dir ${opts.dataDir}`,
          ...(service.dialect === 'postgres' ? ['database: PostgreSQL (VOUCH_DATABASE_URL)'] : []),
          ...(service.rateLimitStore !== 'process' ? [`rate limits shared in ${service.rateLimitStore}`] : []),
          service.kek.source === 'file'
            ? `key-encryption key: ${service.kek.path} (set VOUCH_KEK to keep it off disk)`
            : 'key-encryption key: VOUCH_KEK',
        ].join('\n'),
      );
      if (development)
        process.stderr.write(
          'DEVELOPMENT MODE (--dev / VOUCH_ENV=development): dev ceremony artifacts are accepted; /readyz reports "mode": "development". Never route production traffic here.\n',
        );
      if (devArtifacts) {
        process.stderr.write(`\n!!! WARNING ${DEV_ARTIFACTS_WARNING}\n\n`);
        logger.warn({ devArtifacts: true }, DEV_ARTIFACTS_WARNING);
      }
      if (!artifacts.present) {
        process.stderr.write(
          `NOT READY: circuit artifacts are missing (${artifacts.reason ?? 'not built'}); /readyz answers 503 until \`vouch circuits build\` has run\n`,
        );
      }
      logger.info({ url: server.url, mode: config.server.mode, dataDir: opts.dataDir, devArtifacts }, 'listening');

      const signal = await stopSignal;
      logger.info({ signal, inFlight: server.inFlight() }, 'shutting down: draining in-flight requests');
      const { drained } = await server.close();
      await service.close();
      logger.info({ drained }, 'stopped');
      logger.flush();
    });
};
