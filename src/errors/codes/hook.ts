import type { CodeTable } from '../kinds.js';

/** The hook's stable rejection codes (a decision carries one; none means admitted). */
export const hookCodes = {
  POLICY_UNKNOWN: { kind: 'not_found', title: 'The proof names a policy this venue does not enforce' },
  POLICY_NOT_REQUIRED: {
    kind: 'verification',
    title: 'The venue requires another policy for this market (the venue chooses, not the prover)',
  },
  POLICY_HASH_MISMATCH: { kind: 'verification', title: 'The proof was made for a different version of the policy' },
  ISSUER_SET_UNKNOWN: { kind: 'verification', title: 'The proof’s issuer-set root is not one this venue trusts' },
  ISSUER_SET_STALE: { kind: 'verification', title: 'The proof’s issuer-set root was replaced too long ago' },
  CLOCK_SKEW: { kind: 'verification', title: 'The proof’s time is too far from the venue’s clock' },
  TRADE_TIME_SKEW: { kind: 'verification', title: 'The trade’s time is too far from the venue’s clock' },
  TRADE_MISMATCH: { kind: 'verification', title: 'The proof is bound to a different trade' },
  MARKET_NOT_ALLOWED: { kind: 'verification', title: 'The policy does not cover this market' },
  NULLIFIER_REPLAYED: { kind: 'conflict', title: 'This proof’s nullifier was already used in its scope' },
  SESSION_NOT_ALLOWED: { kind: 'verification', title: 'The policy does not allow session mode' },
  SESSION_UNKNOWN: { kind: 'not_found', title: 'No such session' },
  SESSION_EXPIRED: { kind: 'verification', title: 'The session has expired' },
  SESSION_REVOKED: { kind: 'verification', title: 'The session was revoked' },
  SESSION_SIGNATURE_INVALID: { kind: 'verification', title: 'The order is not signed by the session key' },
  SESSION_LIMIT_EXCEEDED: { kind: 'verification', title: 'The order exceeds the session’s limits' },
  SESSION_ORDER_REPLAYED: { kind: 'conflict', title: 'This order was already submitted in the session' },
  RECEIPT_INVALID: { kind: 'verification', title: 'The receipt does not verify' },
  LIMIT_STATE_STALE: {
    kind: 'conflict',
    title:
      'The proof’s running-total commitment is not the one the venue holds for its period (another trade moved it): prove again',
  },
  LIMIT_PRIOR_MISSING: {
    kind: 'input',
    title:
      'The cumulative-limit proof extends a running total: a stateless check needs the prior commitment the venue holds (from its receipt)',
  },
  LIMIT_PRIOR_MISMATCH: {
    kind: 'verification',
    title: 'The cumulative-limit proof extends another running-total commitment than the prior commitment given',
  },
  ESCROW_KEY_MISMATCH: {
    kind: 'verification',
    title: 'The proof’s escrow key is not the registry’s current escrow committee key',
  },
  ESCROW_COMMITTEE_UNKNOWN: {
    kind: 'unavailable',
    title: 'The policy requires identity escrow but the registry publishes no escrow committee',
  },
  EVM_REVERTED: {
    kind: 'verification',
    title: 'The gate contract reverted for a reason it does not name as a Vouch code',
  },
  EVM_RPC_FAILED: { kind: 'unavailable', title: 'The EVM node did not complete the call' },
  HOOK_OVERLOADED: { kind: 'unavailable', title: 'The admission queue is full' },
} as const satisfies CodeTable;
