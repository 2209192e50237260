/**
 * Per-key and per-tenant request budgets behind one async face, so the budget can live in this
 * process (TokenBuckets, the default), in Redis (redis-rate-limiter.ts) or in PostgreSQL
 * (pg-rate-limiter.ts). The shared stores hold one bucket for every service process, so N
 * processes behind a load balancer admit a key's burst once, not N times.
 *
 * Which shared store: Redis, when VOUCH_REDIS_URL is set. One Lua script refills and takes in a
 * single round trip with nothing written to disk, and it keeps a write per request off the
 * database that holds the service's real state; bench/suites/postgres.ts measures it against the
 * PostgreSQL limiter (one UPSERT on an UNLOGGED table) in the same run. The PostgreSQL one is for
 * a deployment that runs no Redis (config rateLimit.store = "postgres").
 *
 * A shared store that does not answer refuses the request with 503 RATE_LIMITER_UNAVAILABLE: never
 * an open door (serving unlimited), never a crash.
 */
import { TokenBuckets, type TakeResult } from './token-bucket.js';

export interface RateLimiter {
  /** The burst (bucket capacity), for the RateLimit-Limit header. */
  readonly capacity: number;
  /** Take `n` tokens from `key`'s bucket if available. `now` is Unix milliseconds. */
  take(key: string, now: number, n?: number): Promise<TakeResult>;
  /** Give back `n` tokens taken earlier (never above capacity). */
  refund(key: string, now: number, n?: number): Promise<void>;
}

export interface RateLimitSpec {
  /** What the buckets count (`key`, `tenant`): keeps the two budgets apart in a shared store. */
  name: string;
  capacity: number;
  perSecond: number;
}

/** Makes one limiter per budget; AppDeps.rateLimiters (the default is processRateLimiters). */
export type RateLimiterFactory = (spec: RateLimitSpec) => RateLimiter;

/** Buckets in this process only (the embedded default: one process, nothing to share). */
export const processRateLimiters: RateLimiterFactory = ({ capacity, perSecond }) => {
  const buckets = new TokenBuckets({ capacity, perSecond });
  return {
    capacity,
    take: async (key, now, n) => buckets.take(key, now, n),
    refund: async (key, now, n) => buckets.refund(key, now, n),
  };
};

/** Checks a spec before a shared limiter is built on it (programmer misuse: RangeError). */
export function checkRateLimitSpec(spec: RateLimitSpec): void {
  if (!/^[a-z][a-z0-9-]{0,31}$/.test(spec.name)) throw new RangeError('name must be a short lower-case word');
  if (!(spec.capacity >= 1)) throw new RangeError('capacity must be >= 1');
  if (!(spec.perSecond > 0)) throw new RangeError('perSecond must be > 0');
}

/** Milliseconds until an empty bucket is full again: past that, an absent bucket is the same as a stored one. */
export function refillMs(spec: RateLimitSpec): number {
  return Math.ceil((spec.capacity / spec.perSecond) * 1000);
}
