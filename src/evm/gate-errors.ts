/**
 * The gates' custom errors (VouchGate's and VouchAccountableGate's) and the Vouch codes they stand
 * for: each is named after the off-chain hook's code (ProofInvalid = PROOF_INVALID), so a venue
 * handles a refusal the same way whether the TypeScript hook or the contract made it.
 * BatchItemRejected carries the item's index and the selector of one of the others.
 */
import { toFunctionSelector } from 'viem';
import type { VouchErrorCode } from '../errors/index.js';

export const GATE_ERROR_CODES = {
  ProofInvalid: 'PROOF_INVALID',
  ProofMalformed: 'PROOF_MALFORMED',
  PointInvalid: 'POINT_INVALID',
  SignalNotCanonical: 'SIGNAL_NOT_CANONICAL',
  SignalOutOfRange: 'SIGNAL_OUT_OF_RANGE',
  NullifierReplayed: 'NULLIFIER_REPLAYED',
  IssuerSetUnknown: 'ISSUER_SET_UNKNOWN',
  IssuerSetStale: 'ISSUER_SET_STALE',
  PolicyUnknown: 'POLICY_UNKNOWN',
  ClockSkew: 'CLOCK_SKEW',
  TradeMismatch: 'TRADE_MISMATCH',
  TradeInvalid: 'TRADE_INVALID',
  Unauthorized: 'FORBIDDEN',
  // VouchAccountableGate's own
  TradeTimeSkew: 'TRADE_TIME_SKEW',
  EscrowCommitteeUnknown: 'ESCROW_COMMITTEE_UNKNOWN',
  EscrowKeyMismatch: 'ESCROW_KEY_MISMATCH',
  LimitStateStale: 'LIMIT_STATE_STALE',
  // the gate holds no period scope for the trade's period yet (its admin posts them ahead): retry later
  PeriodScopeUnknown: 'UNAVAILABLE',
} as const satisfies Record<string, VouchErrorCode>;

export type GateErrorName = keyof typeof GATE_ERROR_CODES;

const BY_SELECTOR = new Map(
  Object.keys(GATE_ERROR_CODES).map((n) => [toFunctionSelector(`${n}()`), n as GateErrorName]),
);

/** The Vouch code of a decoded gate error (BatchItemRejected: of its inner reason), with the batch index if any. */
export function gateErrorCode(
  name: string,
  args: readonly unknown[] = [],
): { code: VouchErrorCode; index?: number } | undefined {
  if (name === 'BatchItemRejected') {
    const inner = BY_SELECTOR.get(String(args[1]) as `0x${string}`);
    return inner ? { code: GATE_ERROR_CODES[inner], index: Number(args[0]) } : undefined;
  }
  return name in GATE_ERROR_CODES ? { code: GATE_ERROR_CODES[name as GateErrorName] } : undefined;
}
