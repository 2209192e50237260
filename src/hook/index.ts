export { createComplianceHook } from './create-hook.js';
export type { ComplianceHook, ComplianceHookOptions, CheckItem } from './create-hook.js';
export { HOOK_REJECTION_CODES, isHookRejectionCode } from './decision.js';
export type {
  Decision,
  Admitted,
  Rejected,
  OrderDecision,
  OrderAdmitted,
  HookRejectionCode,
  DecisionRecord,
  DecisionEscrow,
  DecisionLimit,
} from './decision.js';
export { SqliteNullifierStore, MemoryNullifierStore } from './nullifier-store.js';
export { checkStateless } from './check-stateless.js';
export type { StatelessCheckOptions, StatelessVerdict, LimitCheck } from './check-stateless.js';
export { verifyProofOffline, OFFLINE_CHECK_NAMES } from './verify-proof-offline.js';
export type {
  OfflineVerifyOptions,
  OfflineVerification,
  OfflineCheck,
  OfflineCheckName,
} from './verify-proof-offline.js';
export type { NullifierStore, NullifierClaim, ClaimResult, LimitStep } from './nullifier-store.js';
export { receiptSigner, ephemeralReceiptSigner, verifyReceipt, RECEIPT_TYP } from './receipts.js';
export type { ReceiptPayload, ReceiptSigner } from './receipts.js';
export { AdmissionQueue } from './admission-queue.js';
export type { AdmissionQueueOptions } from './admission-queue.js';
export { decisionRecorder, decisionsBetween } from './record-decisions.js';
export type { DecisionRecorderOptions } from './record-decisions.js';
export { complianceGate } from './gate.js';
export { requirementTable } from './requirements.js';
export type { MarketRequirement, Requirements, RequirementTable } from './requirements.js';
export type { ComplianceGateOptions, ComplianceGateEnv } from './gate.js';
export type { SessionStore, SharedSession, CommitOutcome } from './sessions.js';
