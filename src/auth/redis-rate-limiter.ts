/**
 * Token buckets in Redis, shared by every service process that points VOUCH_REDIS_URL at the same
 * server. One Lua script per request refills and takes atomically (Redis runs a script alone), so
 * concurrent requests from any number of processes never overdraw a bucket. The bucket expires
 * once it would be full again, so Redis holds only recently active keys; Redis needs no
 * persistence (a restart refills every bucket, which is the safe direction for a rate limit).
 *
 * Time: the caller's clock (Unix ms) is passed in, so tests can freeze it; a bucket's time only
 * moves forward (`at = max(now, at)`), so a process whose clock lags cannot refill a bucket twice.
 *
 * Failure: no offline queue and a command timeout, so a Redis that is down or hangs answers at
 * once with RATE_LIMITER_UNAVAILABLE (503), and the client keeps reconnecting in the background.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { VouchError } from '../errors/index.js';
import { checkRateLimitSpec, refillMs, type RateLimiter, type RateLimiterFactory } from './rate-limiter.js';

/** Keys: vouch:rl:<budget>:<bucket>. */
const PREFIX = 'vouch:rl:';

// KEYS[1] bucket; ARGV capacity, perSecond, now (ms), n, ttl (ms), refund (1 = give n back).
// Returns {ok, tokens as text}. Numbers are passed and stored as text with full precision
// (Lua would print a Unix-ms time as 1.7e+12).
const SCRIPT = `
local cap = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local n = tonumber(ARGV[4])
local b = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(b[1])
local at = tonumber(b[2])
if tokens == nil or at == nil then
  if ARGV[6] == '1' then return {1, string.format('%.17g', cap)} end
  tokens = cap
  at = now
end
tokens = math.min(cap, tokens + math.max(0, now - at) / 1000 * rate)
local atText = ARGV[3]
if at > now then atText = b[2] end
local ok = 0
if ARGV[6] == '1' then
  tokens = math.min(cap, tokens + n)
  ok = 1
elseif tokens >= n then
  tokens = tokens - n
  ok = 1
end
local tokensText = string.format('%.17g', tokens)
redis.call('HSET', KEYS[1], 't', tokensText, 'at', atText)
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return {ok, tokensText}
`;

type BucketCommand = (key: string, ...args: string[]) => Promise<[number, string]>;

export interface RedisRateLimitersOptions {
  /** redis:// or rediss:// (VOUCH_REDIS_URL); never logged or echoed. */
  url: string;
  /** Milliseconds a command may take before the request is refused (default 1000). */
  commandTimeoutMs?: number;
}

export interface RedisRateLimiters {
  factory: RateLimiterFactory;
  /** Resolves once connected; RATE_LIMITER_UNAVAILABLE when Redis does not answer within `timeoutMs`. */
  ready(timeoutMs?: number): Promise<void>;
  /** True while connected (for /readyz). */
  connected(): boolean;
  close(): Promise<void>;
}

export function isRedisUrl(url: string): boolean {
  return /^rediss?:\/\//i.test(url);
}

export function redisRateLimiters(options: RedisRateLimitersOptions): RedisRateLimiters {
  if (!isRedisUrl(options.url))
    throw new VouchError('CONFIG_INVALID', 'VOUCH_REDIS_URL must be a redis:// or rediss:// URL');
  try {
    new URL(options.url);
  } catch {
    throw new VouchError('CONFIG_INVALID', 'VOUCH_REDIS_URL is not a well-formed URL');
  }
  const redisOptions: RedisOptions = {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: options.commandTimeoutMs ?? 1000,
    connectTimeout: 2000,
    // keep trying in the background; requests meanwhile are refused, not queued
    retryStrategy: (times) => Math.min(times * 100, 2000),
  };
  const client = new Redis(options.url, redisOptions);
  client.on('error', () => {}); // surfaced per request as RATE_LIMITER_UNAVAILABLE; never an unhandled 'error'
  client.defineCommand('vouchBucket', { numberOfKeys: 1, lua: SCRIPT });
  const bucket = (client as unknown as { vouchBucket: BucketCommand }).vouchBucket.bind(client);
  const unavailable = (err: unknown) =>
    new VouchError('RATE_LIMITER_UNAVAILABLE', 'the shared rate limiter (Redis) does not answer', { cause: err });
  let connecting: Promise<void> | undefined;
  const connect = () => (connecting ??= client.connect().catch(() => {}));

  const factory: RateLimiterFactory = (spec) => {
    checkRateLimitSpec(spec);
    const ttl = String(refillMs(spec) + 1000);
    const call = async (key: string, now: number, n: number, refund: boolean) => {
      void connect();
      try {
        const [ok, tokens] = await bucket(
          `${PREFIX}${spec.name}:${key}`,
          String(spec.capacity),
          String(spec.perSecond),
          String(Math.floor(now)),
          String(n),
          ttl,
          refund ? '1' : '0',
        );
        return { ok: ok === 1, tokens: Number(tokens) };
      } catch (err) {
        throw unavailable(err);
      }
    };
    const limiter: RateLimiter = {
      capacity: spec.capacity,
      async take(key, now, n = 1) {
        const r = await call(key, now, n, false);
        return {
          ok: r.ok,
          remaining: Math.floor(r.tokens),
          retryAfterMs: r.ok ? 0 : Math.ceil(((n - r.tokens) / spec.perSecond) * 1000),
        };
      },
      async refund(key, now, n = 1) {
        await call(key, now, n, true);
      },
    };
    return limiter;
  };

  return {
    factory,
    async ready(timeoutMs = 5000) {
      void connect();
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        try {
          if (client.status === 'ready' && (await client.ping()) === 'PONG') return;
        } catch {
          // not yet
        }
        if (Date.now() >= deadline)
          throw new VouchError('RATE_LIMITER_UNAVAILABLE', 'the shared rate limiter (Redis) does not answer');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    connected: () => client.status === 'ready',
    async close() {
      client.disconnect();
    },
  };
}
