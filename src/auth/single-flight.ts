/**
 * Per-key serialisation of scrypt verifications, with sharing of identical attempts, under one
 * process-wide concurrency budget.
 *
 * - Lanes: at most one verification per key id runs at a time. Attempts with the same presented
 *   secret (same SHA-256) join the one already queued or running and share its result; attempts
 *   with different secrets wait their turn. Guessing at one key id therefore costs one scrypt at a
 *   time, never a burst of parallel ones.
 * - Budget: at most `maxConcurrent` verifications run at once across every key id (scrypt uses
 *   libuv's thread pool, which file I/O and zlib share; the default leaves half of it free), and at
 *   most `maxQueued` wait for a slot: past that the attempt is refused with RATE_LIMITED rather
 *   than queued without bound.
 * Never holds a key or secret: lanes are keyed by key id, attempts by the digest of the key.
 */
import { VouchError } from '../errors/index.js';

export interface VerificationGateOptions {
  maxConcurrent: number;
  maxQueued: number;
}

interface Lane {
  /** Settles when the last verification queued on this lane has finished. */
  tail: Promise<unknown>;
  /** Attempts queued or running on this lane, by key digest. */
  attempts: Map<string, Promise<boolean>>;
}

export class VerificationGate {
  private readonly lanes = new Map<string, Lane>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;

  constructor(private readonly options: VerificationGateOptions) {
    if (!(Number.isInteger(options.maxConcurrent) && options.maxConcurrent >= 1))
      throw new RangeError('maxConcurrent must be an integer >= 1');
    if (!(Number.isInteger(options.maxQueued) && options.maxQueued >= 0))
      throw new RangeError('maxQueued must be an integer >= 0');
  }

  /**
   * Runs `verify` for (`laneKey`, `digest`) once: a concurrent call with the same pair gets the same
   * promise; a call with another digest on the same lane starts after the lane's current work.
   * `verify` receives nothing: it closes over what it needs, and may consult caches again when it
   * finally runs (an earlier attempt on the lane may have answered it).
   */
  run(laneKey: string, digest: string, verify: () => Promise<boolean>): Promise<boolean> {
    let lane = this.lanes.get(laneKey);
    const shared = lane?.attempts.get(digest);
    if (shared) return shared;
    if (!lane) {
      lane = { tail: Promise.resolve(), attempts: new Map() };
      this.lanes.set(laneKey, lane);
    }
    const current = lane;
    const attempt = current.tail.then(() => this.withSlot(verify));
    current.attempts.set(digest, attempt);
    current.tail = attempt.catch(() => undefined);
    const done = () => {
      current.attempts.delete(digest);
      if (current.attempts.size === 0 && this.lanes.get(laneKey) === current) this.lanes.delete(laneKey);
    };
    attempt.then(done, done);
    return attempt;
  }

  /** The attempt already queued or running for (`laneKey`, `digest`), if any. */
  pending(laneKey: string, digest: string): Promise<boolean> | undefined {
    return this.lanes.get(laneKey)?.attempts.get(digest);
  }

  /** Verifications running now, and waiting for a slot (for metrics and tests). */
  get load(): { running: number; waiting: number; lanes: number } {
    return { running: this.running, waiting: this.waiting.length, lanes: this.lanes.size };
  }

  private async withSlot<T>(fn: () => Promise<T>): Promise<T> {
    if (this.running >= this.options.maxConcurrent) {
      if (this.waiting.length >= this.options.maxQueued) {
        throw new VouchError('RATE_LIMITED', 'too many authentications are in progress; retry shortly', {
          details: { retryAfterMs: 1000 },
        });
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      // hand the slot straight to the next waiter (running stays the same), or free it
      if (next) next();
      else this.running -= 1;
    }
  }
}
