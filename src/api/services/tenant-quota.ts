/**
 * Per-tenant quotas on what an admin creates through the API (API keys, issuers). Creating either
 * is async (scrypt, key generation), so count-then-create would let concurrent requests overshoot:
 * creations of one kind for one tenant run one at a time in this process, the count taken inside.
 * Several processes sharing a database can each overshoot by at most their own in-flight request.
 */
import { VouchError } from '../../errors/index.js';

export interface TenantQuota {
  /**
   * Runs `create` when `count()` (taken after earlier creations of the same kind and tenant have
   * finished) is below `limit`; otherwise QUOTA_EXCEEDED.
   */
  within<T>(
    tenant: string,
    what: string,
    limit: number,
    count: () => number | Promise<number>,
    create: () => Promise<T>,
  ): Promise<T>;
}

export function createTenantQuota(): TenantQuota {
  const tails = new Map<string, Promise<unknown>>();
  return {
    within(tenant, what, limit, count, create) {
      const key = `${what}\u0000${tenant}`;
      const run = (tails.get(key) ?? Promise.resolve()).then(async () => {
        const held = await count();
        if (held >= limit) {
          throw new VouchError('QUOTA_EXCEEDED', `the tenant already holds ${held} ${what} (quota ${limit})`, {
            details: { what, limit },
          });
        }
        return create();
      });
      const tail = run.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return run;
    },
  };
}
