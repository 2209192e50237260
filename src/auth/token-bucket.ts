/**
 * Token buckets keyed by a string (an API key id, a tenant, a client address): `capacity` tokens, refilled at `perSecond`.
 * Memory is bounded: past `maxKeys`, buckets that have refilled to full (indistinguishable from
 * absent ones) are dropped first, then the oldest.
 */
export interface TokenBucketOptions {
  capacity: number;
  perSecond: number;
  maxKeys?: number;
}

export interface TakeResult {
  ok: boolean;
  /** Whole tokens left after this call. */
  remaining: number;
  /** When refused: milliseconds until one token is available. */
  retryAfterMs: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class TokenBuckets {
  readonly capacity: number;
  readonly perSecond: number;
  private readonly maxKeys: number;
  private readonly buckets = new Map<string, Bucket>();

  constructor(options: TokenBucketOptions) {
    if (!(options.capacity >= 1)) throw new RangeError('capacity must be >= 1');
    if (!(options.perSecond > 0)) throw new RangeError('perSecond must be > 0');
    this.capacity = options.capacity;
    this.perSecond = options.perSecond;
    this.maxKeys = options.maxKeys ?? 100_000;
  }

  /** Tokens available now, without taking any. */
  available(key: string, now: number): number {
    return this.refill(key, now).tokens;
  }

  /** Take `n` tokens if available. */
  take(key: string, now: number, n = 1): TakeResult {
    const bucket = this.refill(key, now);
    if (bucket.tokens >= n) {
      bucket.tokens -= n;
      this.store(key, bucket);
      return { ok: true, remaining: Math.floor(bucket.tokens), retryAfterMs: 0 };
    }
    this.store(key, bucket);
    return {
      ok: false,
      remaining: Math.floor(bucket.tokens),
      retryAfterMs: Math.ceil(((n - bucket.tokens) / this.perSecond) * 1000),
    };
  }

  /** Give back `n` tokens taken earlier (never above capacity): a reservation that was not needed. */
  refund(key: string, now: number, n = 1): void {
    if (!this.buckets.has(key)) return;
    const bucket = this.refill(key, now);
    bucket.tokens = Math.min(this.capacity, bucket.tokens + n);
    this.store(key, bucket);
  }

  private refill(key: string, now: number): Bucket {
    const b = this.buckets.get(key);
    if (!b) return { tokens: this.capacity, at: now };
    const elapsed = Math.max(0, now - b.at) / 1000;
    return { tokens: Math.min(this.capacity, b.tokens + elapsed * this.perSecond), at: Math.max(now, b.at) };
  }

  private store(key: string, bucket: Bucket): void {
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    if (this.buckets.size <= this.maxKeys) return;
    for (const [k, b] of this.buckets) {
      if (this.buckets.size <= this.maxKeys) return;
      if (this.refill(k, bucket.at).tokens >= this.capacity) this.buckets.delete(k);
    }
    while (this.buckets.size > this.maxKeys) this.buckets.delete(this.buckets.keys().next().value as string);
  }
}
