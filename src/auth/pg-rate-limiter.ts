/**
 * Token buckets in PostgreSQL (rate_limit_buckets), for a deployment that runs no Redis: every
 * service process on the database shares them. One `INSERT … ON CONFLICT DO UPDATE` per request
 * refills and takes: the conflicting row is locked for the statement, and every SET expression
 * reads the row as it was, so concurrent takes from any process queue on the row and never
 * overdraw it (READ COMMITTED autocommit is enough: one statement, one row). The table is
 * UNLOGGED (migration 0003_auth): no WAL per request, not copied to replicas, emptied after a
 * crash — every bucket full again, the safe direction for a rate limit.
 *
 * Rows of idle keys stay (one short row per key that ever called); a bucket older than its refill
 * time is indistinguishable from an absent one, so they may be deleted at any time.
 */
import { sql } from 'drizzle-orm';
import { guarded, type VouchPgDb } from '../db/pg-client.js';
import { VouchError, isVouchError } from '../errors/index.js';
import { checkRateLimitSpec, type RateLimiterFactory } from './rate-limiter.js';

export function postgresRateLimiters(db: VouchPgDb): RateLimiterFactory {
  const run = async (query: ReturnType<typeof sql>) => {
    try {
      return await guarded(() => db.execute<{ ok: boolean; tokens: number }>(query));
    } catch (err) {
      if (isVouchError(err) && err.code === 'DATABASE_UNAVAILABLE')
        throw new VouchError('RATE_LIMITER_UNAVAILABLE', 'the shared rate limiter (PostgreSQL) does not answer', {
          cause: err,
        });
      throw err;
    }
  };
  return (spec) => {
    checkRateLimitSpec(spec);
    const { capacity: cap, perSecond: rate } = spec;
    const prefix = `${spec.name}:`;
    // the refilled level of the stored row at `now`
    const level = (now: number) =>
      sql`LEAST(${cap}::float8, b.tokens + GREATEST(0, ${now}::bigint - b.at) / 1000.0 * ${rate}::float8)`;
    return {
      capacity: cap,
      async take(key, now, n = 1) {
        now = Math.floor(now);
        const r = await run(sql`
          INSERT INTO rate_limit_buckets AS b (key, tokens, at, ok)
          VALUES (${prefix + key}, CASE WHEN ${cap}::float8 >= ${n} THEN ${cap}::float8 - ${n} ELSE ${cap}::float8 END,
                  ${now}::bigint, ${cap}::float8 >= ${n})
          ON CONFLICT (key) DO UPDATE SET
            tokens = CASE WHEN ${level(now)} >= ${n} THEN ${level(now)} - ${n} ELSE ${level(now)} END,
            at = GREATEST(${now}::bigint, b.at),
            ok = ${level(now)} >= ${n}
          RETURNING ok, tokens`);
        const row = r.rows[0]!;
        const tokens = Number(row.tokens);
        return {
          ok: row.ok,
          remaining: Math.floor(tokens),
          retryAfterMs: row.ok ? 0 : Math.ceil(((n - tokens) / rate) * 1000),
        };
      },
      async refund(key, now, n = 1) {
        now = Math.floor(now);
        await run(sql`
          UPDATE rate_limit_buckets AS b
          SET tokens = LEAST(${cap}::float8, ${level(now)} + ${n}), at = GREATEST(${now}::bigint, b.at)
          WHERE key = ${prefix + key}`);
      },
    };
  };
}
