/**
 * The HTTP app: hono, with every dependency injected (see AppDeps) and every area's routes mounted
 * from their declarations. Cross-cutting behaviour lives here once: request ids, access log and
 * metrics, security headers, problem+json errors. The browser app is served beside the API at /app/.
 */
import { Hono } from 'hono';
import { createAuthenticator, verifyApiKeyHash } from '../auth/index.js';
import { VouchError, checkOptions } from '../errors/index.js';
import type { AppDeps, ResolvedDeps } from './deps.js';
import type { AppEnv } from './env.js';
import { JobQueue } from './jobs/job-queue.js';
import { observe } from './middleware/observe.js';
import { requestId } from './middleware/request-id.js';
import { mountRoutes } from './mount-routes.js';
import { problemResponse, toVouchError } from './problem.js';
import { apiKeysOf } from './services/api-key-store.js';
import type { RouteGroup } from './route.js';
import { ROUTE_GROUPS } from './route-groups.js';
import { mountWebApp } from './web/mount-web-app.js';

export type VouchApp = Hono<AppEnv>;

/**
 * Creates the HTTP app (hono): every /v1 route, API-key auth, problem+json errors, the OpenAPI
 * document and docs. Serve it with startServer, or call it in-process with `app.request()`.
 *
 * @example
 * const { deps } = await buildServiceDeps({ dataDir: 'data', config: loadConfig() });
 * const app = createApp(deps);
 * const res = await app.request('/healthz');
 */
export function createApp(deps: AppDeps, groups: readonly RouteGroup[] = ROUTE_GROUPS): VouchApp {
  checkOptions('createApp', deps, {
    db: 'object',
    dataDir: 'string',
    config: 'object',
    clock: 'object',
    logger: 'object',
    metrics: 'object',
    jwks: 'function',
    artifacts: 'function',
  });
  const scryptRuns = deps.metrics.counter(
    'vouch_auth_verifications_total',
    'API key verifications that ran scrypt (cache misses)',
  );
  const resolved: ResolvedDeps = {
    ...deps,
    jobs: new JobQueue({ ...deps.config.jobs, now: () => deps.clock.now(), logger: deps.logger }),
    authenticator:
      deps.authenticator ??
      createAuthenticator({
        db: apiKeysOf(deps),
        now: () => deps.clock.now(),
        cacheTtlMs: deps.config.auth.cacheTtlMs,
        cacheMaxEntries: deps.config.auth.cacheMaxEntries,
        failureBurst: deps.config.rateLimit.authFailureBurst,
        failurePerSecond: deps.config.rateLimit.authFailurePerSecond,
        maxConcurrentVerifications: deps.config.auth.maxConcurrentVerifications,
        maxQueuedVerifications: deps.config.auth.maxQueuedVerifications,
        verify: (key, stored) => {
          scryptRuns.inc();
          return verifyApiKeyHash(key, stored);
        },
      }),
  };
  const { logger } = resolved;
  const app = new Hono<AppEnv>();

  app.use('*', requestId());
  app.use('*', observe({ logger, metrics: resolved.metrics, clock: resolved.clock }));
  app.use('*', async function securityHeaders(c, next) {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'no-referrer');
    if (!c.res.headers.has('Cache-Control')) c.res.headers.set('Cache-Control', 'no-store');
  });

  mountRoutes(app, groups, resolved);
  mountWebApp(app); // the browser app at /app/ (static files, its own CSP)

  app.notFound((c) => problemResponse(c, new VouchError('NOT_FOUND', 'no route matches this method and path')));
  app.onError((err, c) => {
    const error = toVouchError(err);
    if (error.kind === 'internal') {
      logger.error({ err: error.cause ?? error, requestId: c.get('requestId'), code: error.code }, 'internal error');
    } else {
      logger.debug({ requestId: c.get('requestId'), code: error.code }, 'request refused');
    }
    return problemResponse(c, error);
  });
  return app;
}
