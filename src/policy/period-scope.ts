/**
 * The verifier-chosen `periodScope` public input of a cumulative limit: the proof's period
 * nullifier is Poseidon(holderSecret, periodScope), one pseudonym per holder, policy, venue and
 * period, under which the venue keeps the running-total commitment.
 *   periodScope = Poseidon(tag "vouch.scope.period.v1", H(policy id), H(venue), period)
 *   period      = UTC year * 12 + month index (calendar-month), or the UTC year (calendar-year)
 * The tag keeps it apart from every trade and epoch scope, so a period nullifier is never a trade
 * nullifier. Versions of one policy share the period (a new version does not reset the total).
 */
import { poseidon } from '../zk/index.js';
import type { CompiledPolicy } from './compile-policy.js';
import { DOMAIN_TAGS, stringToField } from './lib/field-encoding.js';
import { identifier } from './trade/parse-trade.js';

/** The period index of `time` (unix seconds) under the policy's cumulative limit; RangeError without one. */
export function limitPeriod(policy: Pick<CompiledPolicy, 'cumulativeLimit'>, time: number): number {
  if (!policy.cumulativeLimit) throw new RangeError('the policy sets no cumulative limit');
  if (!Number.isSafeInteger(time) || time < 0) throw new RangeError('time must be non-negative unix seconds');
  const d = new Date(time * 1000);
  return policy.cumulativeLimit.period === 'calendar-month'
    ? d.getUTCFullYear() * 12 + d.getUTCMonth()
    : d.getUTCFullYear();
}

export function periodScope(
  policy: Pick<CompiledPolicy, 'id' | 'cumulativeLimit'>,
  venue: string,
  time: number,
): bigint {
  return poseidon([
    DOMAIN_TAGS.scopePeriod,
    stringToField(policy.id),
    stringToField(identifier(venue, 'venue')),
    BigInt(limitPeriod(policy, time)),
  ]);
}
