/**
 * The verifier-chosen `scope` public input: the proof's nullifier is Poseidon(holderSecret, scope),
 * so one holder gets one nullifier per scope (the hook's replay key).
 *   per-trade:       Poseidon(tag, tradeHash) — one proof per trade (or per session commitment);
 *   per-venue-epoch: Poseidon(tag, H(venue), floor(time / epochSeconds)) — one per holder, venue
 *                    and epoch, for session mode.
 *   per-trade on an EVM gate: the keccak tradeHash itself, which the gate can compute.
 */
import { isCanonical, poseidon } from '../zk/index.js';
import type { CompiledPolicy } from './compile-policy.js';
import { DOMAIN_TAGS, stringToField } from './lib/field-encoding.js';
import type { CanonicalTrade } from './trade/canonical-trade.js';
import { identifier } from './trade/parse-trade.js';

/** What a scope is computed from; a session proof passes its session key commitment as tradeHash. */
export interface ScopeBinding {
  tradeHash: bigint;
  venue: string;
  /** Unix seconds. */
  time: number;
}

export function nullifierScope(policy: Pick<CompiledPolicy, 'scope'>, binding: CanonicalTrade | ScopeBinding): bigint {
  // EVM gates: the trade binding itself (domain-separated by its tag, chain and gate; see evm-binding.ts)
  if ('trade' in binding && binding.evm !== undefined && policy.scope.mode === 'per-trade') return binding.tradeHash;
  const b: ScopeBinding =
    'trade' in binding
      ? { tradeHash: binding.tradeHash, venue: binding.trade.venue, time: binding.trade.time }
      : binding;
  if (policy.scope.mode === 'per-trade') {
    if (typeof b.tradeHash !== 'bigint' || !isCanonical(b.tradeHash))
      throw new RangeError('tradeHash must be a field element');
    return poseidon([DOMAIN_TAGS.scopePerTrade, b.tradeHash]);
  }
  return poseidon([
    DOMAIN_TAGS.scopePerVenueEpoch,
    stringToField(identifier(b.venue, 'venue')),
    BigInt(scopeEpoch(policy, b.time)),
  ]);
}

/** floor(time / epochSeconds) under a per-venue-epoch policy (use it as the session key's epoch); RangeError per-trade. */
export function scopeEpoch(policy: Pick<CompiledPolicy, 'scope'>, time: number): number {
  if (policy.scope.mode !== 'per-venue-epoch') throw new RangeError('the policy has no epochs (per-trade scope)');
  if (!Number.isSafeInteger(time) || time < 0) throw new RangeError('time must be non-negative unix seconds');
  return Math.floor(time / policy.scope.epochSeconds);
}
