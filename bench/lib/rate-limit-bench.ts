/**
 * The shared rate limiters measured against each other in one run (issue 14): takes per second
 * through the PostgreSQL limiter (one UPSERT on the UNLOGGED rate_limit_buckets) and through the
 * Redis one (one Lua script), with `inFlight` takes outstanding over 64 keys, interleaved segment
 * by segment. The service uses Redis when VOUCH_REDIS_URL is set; the suite's row checks that
 * choice (Redis / PostgreSQL >= 1).
 */
import { randomBytes } from 'node:crypto';
import type { RateLimiter } from '../../src/auth/index.js';
import { postgresRateLimiters } from '../../src/auth/pg-rate-limiter.js';
import { redisRateLimiters } from '../../src/auth/redis-rate-limiter.js';
import { openPostgres } from '../../src/db/pg-client.js';
import { closedLoopMs } from './open-loop.js';
import { median, round } from './stats.js';
import { interleave } from './suite.js';

export interface RateLimitFigures {
  takes: number;
  inFlight: number;
  pg: number;
  redis: number;
  pgSegments: number[];
  redisSegments: number[];
}

export async function benchRateLimiters(o: {
  pgUrl: string;
  schema: string;
  redisUrl: string;
  takes: number;
  inFlight?: number;
}): Promise<RateLimitFigures> {
  const inFlight = o.inFlight ?? 16;
  const h = await openPostgres(o.pgUrl, { schema: o.schema, maxConnections: inFlight });
  const redis = redisRateLimiters({ url: o.redisUrl });
  try {
    await redis.ready();
    const name = `bench${randomBytes(3).toString('hex')}`;
    // a budget no take exhausts: every take writes (the refill-and-take path, not the refusal one)
    const spec = { name, capacity: 1e12, perSecond: 1e9 };
    const pgLimiter = postgresRateLimiters(h.db)(spec);
    const redisLimiter = redis.factory(spec);
    const segment = o.takes / 10;
    const run = async (l: RateLimiter) =>
      (segment * 1000) / (await closedLoopMs(segment, inFlight, (i) => l.take(`key-${i % 64}`, Date.now())));
    const { ours, baseline } = await interleave(
      10,
      () => run(pgLimiter),
      () => run(redisLimiter),
    );
    return {
      takes: o.takes,
      inFlight,
      pg: median(ours),
      redis: median(baseline),
      pgSegments: ours.map(round),
      redisSegments: baseline.map(round),
    };
  } finally {
    await redis.close();
    await h.close();
  }
}
