// Every entry point, type-checked under strict as a consumer sees it (test/package/consumer.test.ts).
import { CODES, isVouchError, VouchError, type Decision, type ProofFile, type VouchErrorCode } from 'vouch';
import { complianceGate, createComplianceHook, MemoryNullifierStore, type ComplianceHook } from 'vouch/hook';
import { proveTrade, parseHolderFile, type ProveTradeOptions } from 'vouch/prover';
import { verifierFor, verifyReceipt, type PolicyVerifier } from 'vouch/verifier';
import { verifyBundle, verifyInclusion, type BundleVerification } from 'vouch/audit';
import { createApp, startServer, type StartServerOptions } from 'vouch/server';

export function describeDecision(d: Decision): string {
  return d.allowed ? `admitted ${d.nullifier ?? ''}` : `refused ${d.code ?? ''}`;
}

export function codeOf(err: unknown): VouchErrorCode | undefined {
  return isVouchError(err) ? err.code : undefined;
}

export const surface = {
  CODES, VouchError, complianceGate, createComplianceHook, MemoryNullifierStore, proveTrade, parseHolderFile,
  verifierFor, verifyReceipt, verifyBundle, verifyInclusion, createApp, startServer,
};

export type Surface = [ComplianceHook, ProveTradeOptions, PolicyVerifier, BundleVerification, StartServerOptions, ProofFile];
