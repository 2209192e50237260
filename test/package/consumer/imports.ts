// Every entry point, type-checked under strict as a consumer sees it (test/package/consumer.test.ts).
import {
  CODES,
  isVouchError,
  VouchError,
  type Decision,
  type HookRejectionCode,
  type ProofFile,
  type VouchErrorCode,
} from 'vouch';
import {
  checkStateless,
  complianceGate,
  createComplianceHook,
  MemoryNullifierStore,
  type ComplianceHook,
  type StatelessVerdict,
} from 'vouch/hook';
import { proveTrade, parseHolderFile, type ProveTradeOptions } from 'vouch/prover';
import { verifierFor, verifyReceipt, type PolicyVerifier } from 'vouch/verifier';
import { verifyBundle, verifyInclusion, type BundleVerification } from 'vouch/audit';
import { createApp, startServer, type StartServerOptions } from 'vouch/server';

export function describeDecision(d: Decision): string {
  return d.allowed ? `admitted ${d.nullifier} (${d.receipt.length} byte receipt)` : `refused ${d.code}: ${d.reason}`;
}

/** Exhaustive over the hook's own codes: adding one without handling it fails to compile. */
export function retryable(code: HookRejectionCode): boolean {
  switch (code) {
    case 'CLOCK_SKEW':
    case 'TRADE_TIME_SKEW':
    case 'ISSUER_SET_STALE':
    case 'ISSUER_SET_UNKNOWN':
      return true;
    case 'UNAVAILABLE':
    case 'DATABASE_UNAVAILABLE':
    case 'INTERNAL':
      return true;
    // prove again: from the period's current running total, or to the registry's current committee key
    case 'LIMIT_STATE_STALE':
    case 'ESCROW_KEY_MISMATCH':
    case 'ESCROW_COMMITTEE_UNKNOWN':
      return true;
    case 'PROOF_MALFORMED':
    case 'PROOF_INVALID':
    case 'POINT_INVALID':
    case 'SIGNAL_NOT_CANONICAL':
    case 'SIGNAL_OUT_OF_RANGE':
    case 'TRADE_INVALID':
    case 'POLICY_UNKNOWN':
    case 'POLICY_NOT_REQUIRED':
    case 'POLICY_HASH_MISMATCH':
    case 'TRADE_MISMATCH':
    case 'MARKET_NOT_ALLOWED':
    case 'NULLIFIER_REPLAYED':
    case 'SESSION_NOT_ALLOWED':
    case 'SESSION_UNKNOWN':
    case 'SESSION_EXPIRED':
    case 'SESSION_REVOKED':
    case 'SESSION_SIGNATURE_INVALID':
    case 'SESSION_LIMIT_EXCEEDED':
    case 'SESSION_ORDER_REPLAYED':
      return false;
    default: {
      const unhandled: never = code;
      return unhandled;
    }
  }
}

export function codeOf(err: unknown): VouchErrorCode | undefined {
  return isVouchError(err) ? err.code : undefined;
}

export const surface = {
  CODES,
  VouchError,
  checkStateless,
  complianceGate,
  createComplianceHook,
  MemoryNullifierStore,
  proveTrade,
  parseHolderFile,
  verifierFor,
  verifyReceipt,
  verifyBundle,
  verifyInclusion,
  createApp,
  startServer,
};

export type Surface = [
  ComplianceHook,
  StatelessVerdict,
  ProveTradeOptions,
  PolicyVerifier,
  BundleVerification,
  StartServerOptions,
  ProofFile,
];
