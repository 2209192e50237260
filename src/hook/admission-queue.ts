/**
 * Micro-batching admission: `submit()` parks an item until `maxItems` are waiting or `maxWaitMs`
 * has passed since the first one, then hands the whole batch to one batched verification. Under
 * light load an item waits at most `maxWaitMs`; under heavy load batches fill instantly and the
 * per-proof cost falls (one multi-pairing per batch). Beyond `maxPending` waiting items, submit
 * refuses with HOOK_OVERLOADED instead of letting latency grow without bound.
 *
 * Two batches are in flight by default: while one verifies on the worker threads, the next one's
 * checks (parsing, trade hashing, registry lookups) run on this thread instead of waiting, so the
 * workers are not left idle between batches (bench/suites/hook.ts measures the difference against
 * verifyBatch alone). Batches are independent: nullifier claims are atomic in the store.
 */
import { VouchError } from '../errors/index.js';

export interface AdmissionQueueOptions {
  maxItems?: number;
  maxWaitMs?: number;
  maxPending?: number;
  /** Batches in flight at once (default 2: one verifying while the next is checked). */
  concurrency?: number;
}

interface Waiting<I, R> {
  item: I;
  resolve(r: R): void;
  reject(e: unknown): void;
}

/** Collects items submitted one by one into micro-batches (by size or delay) and settles each item's promise with its own result. */
export class AdmissionQueue<I, R> {
  private readonly maxItems: number;
  private readonly maxWaitMs: number;
  private readonly maxPending: number;
  private readonly concurrency: number;
  private waiting: Waiting<I, R>[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = 0;
  private readonly inflight = new Set<Promise<void>>();

  constructor(
    private readonly handler: (items: I[]) => Promise<R[]>,
    o: AdmissionQueueOptions = {},
  ) {
    this.maxItems = o.maxItems ?? 32;
    this.maxWaitMs = o.maxWaitMs ?? 4;
    this.maxPending = o.maxPending ?? 10_000;
    this.concurrency = o.concurrency ?? 2;
    if (this.maxItems < 1 || this.maxWaitMs < 0 || this.concurrency < 1)
      throw new RangeError('invalid admission queue options');
  }

  get pending(): number {
    return this.waiting.length;
  }

  submit(item: I): Promise<R> {
    if (this.waiting.length >= this.maxPending)
      return Promise.reject(new VouchError('HOOK_OVERLOADED', 'the admission queue is full; retry later'));
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (
      this.running < this.concurrency &&
      (this.waiting.length >= this.maxItems ||
        (this.waiting.length > 0 && this.timer === undefined && this.maxWaitMs === 0))
    ) {
      this.flush();
    }
    if (this.waiting.length > 0 && this.timer === undefined && this.running < this.concurrency) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.waiting.length > 0 && this.running < this.concurrency) this.flush();
        else this.pump();
      }, this.maxWaitMs);
    }
  }

  private flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const batch = this.waiting.splice(0, this.maxItems);
    this.running += 1;
    const p = this.handler(batch.map((w) => w.item))
      .then(
        (results) => batch.forEach((w, i) => w.resolve(results[i]!)),
        (err) => batch.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        this.running -= 1;
        this.inflight.delete(p);
        this.pump();
      });
    this.inflight.add(p);
  }

  /** Flushes what is waiting and resolves when every batch has finished. */
  async close(): Promise<void> {
    while (this.waiting.length > 0 || this.inflight.size > 0) {
      if (this.waiting.length > 0 && this.running < this.concurrency) this.flush();
      await Promise.race([...this.inflight, new Promise((r) => setTimeout(r, 1))]);
    }
  }
}
