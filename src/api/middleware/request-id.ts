/**
 * Request ids: keeps a caller's X-Request-Id when it is short and plain (letters, digits, `-_=.`),
 * else generates a UUID; sets it on every response, error responses included.
 */
import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';

export interface RequestIdOptions {
  header?: string;
  maxLength?: number;
}

export function requestId(options: RequestIdOptions = {}): MiddlewareHandler<AppEnv> {
  const header = options.header ?? 'X-Request-Id';
  const maxLength = options.maxLength ?? 128;
  if (!Number.isInteger(maxLength) || maxLength < 8) throw new RangeError('maxLength must be an integer >= 8');
  return async function requestIdMiddleware(c, next) {
    const offered = c.req.header(header);
    const id = offered && offered.length <= maxLength && /^[\w.=-]+$/.test(offered) ? offered : randomUUID();
    c.set('requestId', id);
    await next();
    c.res.headers.set(header, id);
  };
}
