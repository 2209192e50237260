/**
 * Checks on what the caller (the issuer service) passes in. Misuse here is a programming error,
 * so it throws TypeError/RangeError rather than a VouchError.
 */
import { FIELD_MODULUS } from '../../zk/index.js';
import { VouchError } from '../../errors/index.js';
import type { Clock, SeenFn } from '../types.js';

export function assertSubject(subject: unknown): asserts subject is bigint {
  if (typeof subject !== 'bigint') throw new TypeError('subject must be a bigint');
  if (subject < 0n || subject >= FIELD_MODULUS) throw new RangeError('subject must be a BN254 field element');
}

export function nowSeconds(now: Clock | undefined): number {
  const date = (now ?? (() => new Date()))();
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new TypeError('clock returned an invalid Date');
  return Math.floor(ms / 1000);
}

/** Throws EVIDENCE_REPLAYED when the store has already seen this key. */
export async function assertNotReplayed(seen: SeenFn, replayKey: string): Promise<void> {
  if (typeof seen !== 'function') throw new TypeError('seen must be a function');
  const used = await seen(replayKey);
  if (typeof used !== 'boolean') throw new TypeError('seen must return a boolean');
  // The key itself may identify a person within this issuer; it stays out of the message.
  if (used) throw new VouchError('EVIDENCE_REPLAYED', 'this evidence has already been used with this issuer');
}
