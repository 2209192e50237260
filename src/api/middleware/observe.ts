/**
 * Access log and request metrics, recorded after the response is decided (errors included).
 * Labels use the route pattern, never the concrete path, so ids in paths cannot explode the
 * metric cardinality or leak into metrics; unmatched requests share the label `unmatched`.
 */
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import type { Clock } from '../deps.js';
import type { AppEnv } from '../env.js';
import type { MetricsRegistry } from '../metrics/registry.js';

export interface ObserveOptions {
  logger: Logger;
  metrics: MetricsRegistry;
  clock: Clock;
}

export function observe(options: ObserveOptions): MiddlewareHandler<AppEnv> {
  const { logger, metrics } = options;
  const requests = metrics.counter('vouch_http_requests_total', 'HTTP requests by method, route pattern and status', [
    'method',
    'route',
    'status',
  ]);
  const latency = metrics.histogram(
    'vouch_http_request_duration_seconds',
    'HTTP request latency by method, route pattern and status',
    ['method', 'route', 'status'],
  );
  return async function observeMiddleware(c, next) {
    const start = performance.now();
    await next();
    const seconds = (performance.now() - start) / 1000;
    const labels = { method: c.req.method, route: c.get('routePattern') ?? 'unmatched', status: c.res.status };
    requests.inc(labels);
    latency.observe(labels, seconds);
    const principal = c.get('principal');
    const line = {
      requestId: c.get('requestId'),
      ...labels,
      ms: Math.round(seconds * 1e4) / 10,
      ...(principal ? { keyId: principal.keyId, tenant: principal.tenant } : {}),
    };
    if (c.res.status >= 500) logger.error(line, 'request failed');
    else logger.info(line, 'request');
  };
}
