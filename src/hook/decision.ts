/**
 * What the hook answers for each trade (or session, or session order): a union a caller can
 * narrow on `allowed` — an admission carries its nullifier and signed receipt, a refusal its
 * code from the hook's own list (HookRejectionCode) and a reason — so no field needs a `!`.
 */
import type { VouchErrorCode } from '../errors/index.js';

/** An admission's identity escrow: the ciphertext its proof carries and the committee it is for. */
export interface DecisionEscrow {
  committeeId: string;
  epoch: number;
  c1: { x: string; y: string };
  c2: { x: string; y: string };
}

/** An admission's step of a cumulative limit: the period's commitment moved from old to new. */
export interface DecisionLimit {
  /** The venue's period scope (policy, venue, period): the holder recognises its own period nullifier by it. */
  periodScope: string;
  periodNullifier: string;
  oldCommitment: string;
  newCommitment: string;
  /** The trade's value (hundredths), so the holder can rebuild its running total from receipts. */
  tradeValue: string;
}

/**
 * Every code a refusal can carry: the hook's own checks, what the proof, its signals and the trade
 * can fail with on the way in, and INTERNAL / UNAVAILABLE when checking failed on the hook's side
 * (any other error becomes INTERNAL). A venue's `switch (d.code)` over these is exhaustive.
 */
export const HOOK_REJECTION_CODES = [
  'PROOF_MALFORMED',
  'PROOF_INVALID',
  'POINT_INVALID',
  'SIGNAL_NOT_CANONICAL',
  'SIGNAL_OUT_OF_RANGE',
  'TRADE_INVALID',
  'POLICY_UNKNOWN',
  'POLICY_NOT_REQUIRED',
  'POLICY_HASH_MISMATCH',
  'ISSUER_SET_UNKNOWN',
  'ISSUER_SET_STALE',
  'CLOCK_SKEW',
  'TRADE_TIME_SKEW',
  'TRADE_MISMATCH',
  'MARKET_NOT_ALLOWED',
  'NULLIFIER_REPLAYED',
  // accountable policies: the escrow key the venue supplies, the running total it holds
  'ESCROW_KEY_MISMATCH',
  'ESCROW_COMMITTEE_UNKNOWN',
  'LIMIT_STATE_STALE',
  'SESSION_NOT_ALLOWED',
  'SESSION_UNKNOWN',
  'SESSION_EXPIRED',
  'SESSION_REVOKED',
  'SESSION_SIGNATURE_INVALID',
  'SESSION_LIMIT_EXCEEDED',
  'SESSION_ORDER_REPLAYED',
  // the hook's own fault (a failing store or signer, a bug): the item is refused, fail closed
  'UNAVAILABLE',
  'DATABASE_UNAVAILABLE',
  'INTERNAL',
] as const satisfies readonly VouchErrorCode[];

export type HookRejectionCode = (typeof HOOK_REJECTION_CODES)[number];

const REJECTION_CODES: ReadonlySet<string> = new Set(HOOK_REJECTION_CODES);

/** True for a code the hook can reject with (HOOK_REJECTION_CODES), so a `switch` over it is exhaustive. */
export function isHookRejectionCode(code: unknown): code is HookRejectionCode {
  return typeof code === 'string' && REJECTION_CODES.has(code);
}

/** A trade admitted, or a session opened: its nullifier is spent and the receipt signs the decision. */
export interface Admitted {
  allowed: true;
  /** The policy the proof is under (`id@version`). */
  policy: string;
  /** The policies the venue requires for the trade's market (any one of them); the receipt names them too. */
  required?: string[];
  policyId: string;
  policyHash: string;
  nullifier: string;
  tradeHash: string;
  /** Present when a session proof opened a session. */
  sessionId?: string;
  /** Present under an escrow-required policy (stored with the decision; the receipt carries it too). */
  escrow?: DecisionEscrow;
  /** Present under a policy with a cumulative limit (the receipt carries it too). */
  limit?: DecisionLimit;
  /** Compact JWS by the hook's key. */
  receipt: string;
  /** Only a refusal has a code and a reason (absent here, so `d.code` reads on any decision). */
  code?: undefined;
  reason?: undefined;
}

/** Refused: nothing changed. What the hook learned before refusing is included, never a secret. */
export interface Rejected {
  allowed: false;
  code: HookRejectionCode;
  /** Human-readable reason, never secret. */
  reason: string;
  /** The policy the proof is under (`id@version`), when the hook got that far. */
  policy?: string;
  /** The policies the venue requires for the trade's market (any one of them). */
  required?: string[];
  policyId?: string;
  policyHash?: string;
  nullifier?: string;
  tradeHash?: string;
  sessionId?: string;
  /** Compact JWS by the hook's key (absent for session orders; see sessions.ts). */
  receipt?: string;
}

/** The answer for a trade or a session proof. */
export type Decision = Admitted | Rejected;

/** An order inside an open session, admitted on its signature alone: no proof, no receipt. */
export interface OrderAdmitted {
  allowed: true;
  sessionId: string;
  policyId: string;
  policyHash: string;
  code?: undefined;
  reason?: undefined;
}

/** The answer for one session order. */
export type OrderDecision = OrderAdmitted | Rejected;

/** Everything the hook learned about a decision, for receipts, logs and reports. */
export interface DecisionRecord {
  at: number;
  policyRef: string;
  decision: Decision;
  /** Already persisted with its nullifier claim (a store with `recordsDecisions`); recorders skip it. */
  stored?: boolean;
}
