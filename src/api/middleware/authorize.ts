/**
 * Authentication and authorisation for one route: Bearer API key → principal (401 AUTH_REQUIRED /
 * AUTH_INVALID; failed attempts are budgeted per client address, see Authenticator), role admitted
 * by the route (403 FORBIDDEN, naming the roles that may call it in the detail and `details.allowedRoles`), then the key's and its tenant's rate limits (429 RATE_LIMITED with
 * Retry-After; the tenant's budget is shared by all its keys, so minting keys buys no extra rate).
 * Order matters: an unauthenticated caller learns nothing about the route's roles, and a refused
 * role does not consume rate-limit tokens.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Authenticator, RateLimiter, Role } from '../../auth/index.js';
import { VouchError } from '../../errors/index.js';
import type { Clock } from '../deps.js';
import type { AppEnv } from '../env.js';
import type { Counter } from '../metrics/registry.js';

export interface AuthorizeOptions {
  roles: readonly Role[];
  authenticator: Authenticator;
  /** Per-key buckets (in this process, or shared by every process: see auth/rate-limiter.ts). */
  limiter: RateLimiter;
  /** Per-tenant buckets, shared by every key of the tenant. */
  tenantLimiter: RateLimiter;
  /** The client's address, which failed authentications are budgeted by. */
  clientAddress: (c: Context<AppEnv>) => string;
  clock: Clock;
  /** Counts refusals by reason. */
  refusals: Counter;
}

export function authorize(options: AuthorizeOptions): MiddlewareHandler<AppEnv> {
  if (options.roles.length === 0) throw new TypeError('a protected route must admit at least one role');
  const admitted = new Set<string>(options.roles);
  return async function authorizeMiddleware(c, next) {
    const header = c.req.header('Authorization');
    if (header === undefined || header.trim() === '') {
      options.refusals.inc({ reason: 'missing' });
      throw new VouchError('AUTH_REQUIRED', 'send an API key as "Authorization: Bearer <key>"');
    }
    const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
    if (!m) {
      options.refusals.inc({ reason: 'malformed' });
      throw new VouchError('AUTH_INVALID', 'the Authorization header must be "Bearer <key>"');
    }
    let principal;
    try {
      principal = await options.authenticator.authenticate(m[1]!, options.clientAddress(c));
    } catch (err) {
      options.refusals.inc({
        reason: err instanceof VouchError && err.code === 'RATE_LIMITED' ? 'failure_budget' : 'invalid',
      });
      throw err;
    }
    c.set('principal', principal);
    if (!admitted.has(principal.role)) {
      options.refusals.inc({ reason: 'forbidden' });
      throw new VouchError(
        'FORBIDDEN',
        `role ${principal.role} may not call this operation; it admits: ${options.roles.join(', ')}`,
        {
          details: { role: principal.role, allowedRoles: [...options.roles] },
        },
      );
    }
    const now = options.clock.now();
    // a shared limiter that does not answer throws RATE_LIMITER_UNAVAILABLE (503): refused, never served unlimited
    const taken = await limited(options, () => options.limiter.take(principal.keyId, now));
    c.header('RateLimit-Limit', String(options.limiter.capacity));
    c.header('RateLimit-Remaining', String(taken.remaining));
    if (!taken.ok) {
      options.refusals.inc({ reason: 'rate_limited' });
      throw new VouchError('RATE_LIMITED', 'this key has exceeded its request rate', {
        details: { retryAfterMs: taken.retryAfterMs },
      });
    }
    const tenant = await limited(options, () => options.tenantLimiter.take(principal.tenant, now));
    if (!tenant.ok) {
      await options.limiter.refund(principal.keyId, now).catch(() => {}); // best effort: the refusal stands either way
      options.refusals.inc({ reason: 'tenant_rate_limited' });
      throw new VouchError('RATE_LIMITED', "this key's tenant has exceeded its request rate", {
        details: { retryAfterMs: tenant.retryAfterMs },
      });
    }
    await next();
  };
}

async function limited<T>(options: AuthorizeOptions, take: () => Promise<T>): Promise<T> {
  try {
    return await take();
  } catch (err) {
    options.refusals.inc({ reason: 'limiter_unavailable' });
    throw err;
  }
}
