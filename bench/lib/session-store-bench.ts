/**
 * postgres-session (issue 14 item 3: "PostgreSQL row locks or Redis atomic operations — measure
 * both and choose"): session orders counted per second through the shared session store the
 * service uses, PostgresSessionStore (one UPDATE … WHERE limits + the nonce INSERT, one statement,
 * durable commit), against the same atomic step as one Redis Lua script over a hash and a nonce
 * set — the alternative. `inFlight` orders outstanding over `sessions` sessions, interleaved
 * segment by segment.
 *
 * The Redis variant exists here only to be measured. src/hook/pg-session-store.ts says why the
 * service does not use it whatever the figures: Lua numbers are doubles (a notional in base units
 * passes 2^53 exactly where limits matter; the bench's values stay far below), and a Redis without
 * persistence resets every counter on restart — limits exceeded. The row prices that choice.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { openPostgres } from '../../src/db/pg-client.js';
import type { CommitOutcome, SharedSession } from '../../src/hook/sessions.js';
import { PostgresSessionStore } from '../../src/hook/pg-session-store.js';
import { closedLoopMs } from './open-loop.js';
import { median, round } from './stats.js';
import { interleave } from './suite.js';

/** KEYS[1] the session hash, KEYS[2] its nonce set; ARGV[1] nonce, ARGV[2] value. */
const COMMIT_LUA = `
local s = redis.call('HMGET', KEYS[1], 'revoked', 'orders', 'notional', 'max_orders', 'max_notional')
if not s[1] then return 'unknown' end
if s[1] ~= '0' then return 'revoked' end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 then return 'replayed' end
local orders = tonumber(s[2]) + 1
if orders > tonumber(s[4]) then return 'orders' end
local notional = tonumber(s[3]) + tonumber(ARGV[2])
if notional > tonumber(s[5]) then return 'notional' end
redis.call('HSET', KEYS[1], 'orders', orders, 'notional', notional)
redis.call('SADD', KEYS[2], ARGV[1])
return 'ok'`;

export interface SessionStoreFigures {
  orders: number;
  inFlight: number;
  sessions: number;
  pg: number;
  redis: number;
  pgSegments: number[];
  redisSegments: number[];
}

export async function benchSessionStores(o: {
  pgUrl: string;
  schema: string;
  redisUrl: string;
  orders: number;
  inFlight?: number;
  sessions?: number;
}): Promise<SessionStoreFigures> {
  const inFlight = o.inFlight ?? 32;
  const sessions = o.sessions ?? 16;
  const h = await openPostgres(o.pgUrl, { schema: o.schema, maxConnections: inFlight });
  const redis = new Redis(o.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  const prefix = `vouch-bench-session:${randomBytes(4).toString('hex')}`;
  try {
    await redis.connect();
    const sha = (await redis.script('LOAD', COMMIT_LUA)) as string;
    const pg = new PostgresSessionStore(h.db);
    const ids = Array.from({ length: sessions }, () => `sess_${randomBytes(8).toString('hex')}`);
    const limits = { maxOrders: 1_000_000_000, maxNotional: 10n ** 15n };
    for (const id of ids) {
      const s: SharedSession = {
        id,
        policyRef: 'bench@1.0.0',
        venue: 'bench',
        keyX: randomBytes(32).toString('base64url'),
        maxOrderValue: 10n ** 9n,
        openedAt: 0,
        expiresAt: 2 ** 31,
        ...limits,
      };
      await pg.open(s);
      await redis.hset(`${prefix}:${id}`, {
        revoked: '0',
        orders: '0',
        notional: '0',
        max_orders: String(limits.maxOrders),
        max_notional: limits.maxNotional.toString(),
      });
    }
    const redisCommit = async (id: string, nonce: string, value: bigint) =>
      (await redis.evalsha(
        sha,
        2,
        `${prefix}:${id}`,
        `${prefix}:${id}:nonces`,
        nonce,
        value.toString(),
      )) as CommitOutcome;
    const pgCommit = (id: string, nonce: string, value: bigint) => pg.commit(id, nonce, value);
    const segment = o.orders / 10;
    let serial = 0;
    const run = async (commit: (id: string, nonce: string, value: bigint) => Promise<CommitOutcome>) => {
      const ms = await closedLoopMs(segment, inFlight, async (i) => {
        const outcome = await commit(ids[i % sessions]!, `n${serial++}`, 1000n);
        if (outcome !== 'ok') throw new Error(`bench session order refused: ${outcome}`);
      });
      return (segment * 1000) / ms;
    };
    const { ours, baseline } = await interleave(
      10,
      () => run(pgCommit),
      () => run(redisCommit),
    );
    return {
      orders: o.orders,
      inFlight,
      sessions,
      pg: median(ours),
      redis: median(baseline),
      pgSegments: ours.map(round),
      redisSegments: baseline.map(round),
    };
  } finally {
    const keys = await redis.keys(`${prefix}:*`).catch(() => [] as string[]);
    if (keys.length > 0) await redis.del(...keys).catch(() => 0);
    redis.disconnect();
    await h.close();
  }
}
