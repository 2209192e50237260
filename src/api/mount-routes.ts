/**
 * Mounts declared routes on the app. Per route, in order: record the route pattern, authenticate +
 * authorise + rate-limit (unless public), bound the body size and item counts, validate params/query/body, run the
 * handler, check the JSON result against the declared response schema. A result that fails its own
 * schema is a server bug: logged (paths only) and answered 500, never sent half-right.
 */
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { processRateLimiters } from '../auth/index.js';
import { VouchError } from '../errors/index.js';
import type { ResolvedDeps } from './deps.js';
import type { AppEnv } from './env.js';
import { authorize } from './middleware/authorize.js';
import { clientAddress } from './middleware/client-address.js';
import { readJsonBody, validateInput } from './middleware/read-input.js';
import { Accepted, toHonoPath, type RouteDef, type RouteGroup } from './route.js';

export function mountRoutes(app: Hono<AppEnv>, groups: readonly RouteGroup[], deps: ResolvedDeps): void {
  const { config, clock, metrics, logger } = deps;
  const limiters = deps.rateLimiters ?? processRateLimiters;
  const limiter = limiters({ name: 'key', capacity: config.rateLimit.burst, perSecond: config.rateLimit.perSecond });
  const tenantLimiter = limiters({
    name: 'tenant',
    capacity: config.rateLimit.tenantBurst,
    perSecond: config.rateLimit.tenantPerSecond,
  });
  const address = clientAddress({ trustProxy: config.server.trustProxy });
  const refusals = metrics.counter(
    'vouch_auth_refusals_total',
    'Requests refused by authentication, authorisation or rate limit, by reason',
    ['reason'],
  );
  const seenOps = new Set<string>();
  const seenPaths = new Set<string>();

  for (const group of groups) {
    const overrides = deps.services ?? {};
    const services = Object.hasOwn(overrides, group.area) ? overrides[group.area] : group.services(deps);
    for (const route of group.routes) {
      const where = `${route.method.toUpperCase()} ${route.path}`;
      if (seenOps.has(route.operationId)) throw new TypeError(`duplicate operationId ${route.operationId}`);
      if (seenPaths.has(where)) throw new TypeError(`duplicate route ${where}`);
      seenOps.add(route.operationId);
      seenPaths.add(where);

      const chain: MiddlewareHandler<AppEnv>[] = [
        async function routePattern(c, next) {
          c.set('routePattern', route.path);
          await next();
        },
      ];
      if (route.roles !== 'public') {
        chain.push(
          authorize({
            roles: route.roles,
            authenticator: deps.authenticator,
            limiter,
            tenantLimiter,
            clientAddress: address,
            clock,
            refusals,
          }),
        );
      }
      if (route.body) {
        const maxSize = route.bodyLimit ?? config.limits.bodyBytes;
        chain.push(
          bodyLimit({
            maxSize,
            onError: () => {
              throw new VouchError('INPUT_TOO_LARGE', `request body exceeds ${maxSize} bytes`, {
                details: { limitBytes: maxSize },
              });
            },
          }),
        );
      }
      const final: MiddlewareHandler<AppEnv> = async (c) => {
        const result = await route.handler({
          params: route.params
            ? validateInput(route.params, c.req.param() as Record<string, string>, 'path')
            : undefined,
          query: route.query ? validateInput(route.query, c.req.query(), 'query') : undefined,
          body: route.body
            ? validateInput(route.body, checkItemCounts(route, await readJsonBody(c, route.textBodies), config), 'body')
            : undefined,
          auth: c.get('principal'),
          services,
          deps,
          requestId: c.get('requestId'),
          c,
        });
        return respond(c, route, result, logger);
      };
      app.on(route.method.toUpperCase(), [toHonoPath(route.path)], ...chain, final);
    }
  }
}

/** Refuses a body with more items than a route allows, counting only (no per-item work). */
function checkItemCounts(route: RouteDef, body: unknown, config: ResolvedDeps['config']): unknown {
  if (!route.itemLimits || body === null || typeof body !== 'object') return body;
  for (const { field, items, limit } of route.itemLimits) {
    const value = (body as Record<string, unknown>)[field];
    const count = Array.isArray(value) ? value.length : typeof value === 'string' ? lineCount(value) : 0;
    const max = limit(config);
    if (count > max) {
      throw new VouchError('INPUT_TOO_LARGE', `${field} holds more than ${max} ${items}; split the request`, {
        details: { pointer: `/body/${field}`, limit: max, count },
      });
    }
  }
  return body;
}

/** Lines of a text (a trailing newline ends the last line, it does not start another). */
export function lineCount(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n += 1;
  return text.length > 0 && !text.endsWith('\n') ? n + 1 : n;
}

function respond(c: Context<AppEnv>, route: RouteDef, result: unknown, logger: ResolvedDeps['logger']): Response {
  if (result instanceof Accepted) {
    c.header('Location', result.location);
    return c.json(result.body, 202);
  }
  if ('schema' in route.response) {
    const out = route.response.schema.safeParse(result);
    if (!out.success) {
      logger.error(
        {
          operationId: route.operationId,
          issues: out.error.issues.map((i) => ({ path: i.path.join('/'), code: i.code })),
        },
        'handler result does not match its response schema',
      );
      throw new VouchError('INTERNAL', 'internal error');
    }
    return c.json(out.data as object, route.response.status ?? 200);
  }
  if (!(result instanceof Response)) {
    logger.error({ operationId: route.operationId }, 'raw route handler did not return a Response');
    throw new VouchError('INTERNAL', 'internal error');
  }
  return result;
}
