/**
 * `vouch/hook`: the embedded compliance hook a venue runs in its own process — admission (single,
 * batched, micro-batched, sessions), replay protection (nullifier stores), signed receipts,
 * decision recording, the `complianceGate()` middleware, and what it needs to load its policies,
 * issuer registry and database. Never loads the circuit compiler, the prover (snarkjs), the KYC
 * adapters, the CLI or the HTTP server; `complianceGate` uses hono's types only.
 */
export { createComplianceHook } from '../hook/create-hook.js';
export type { ComplianceHook, ComplianceHookOptions, CheckItem } from '../hook/create-hook.js';
export { HOOK_REJECTION_CODES, isHookRejectionCode } from '../hook/decision.js';
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
} from '../hook/decision.js';
export { SqliteNullifierStore, MemoryNullifierStore } from '../hook/nullifier-store.js';
export type { NullifierStore, NullifierClaim, ClaimResult, LimitStep } from '../hook/nullifier-store.js';
export { receiptSigner, ephemeralReceiptSigner, verifyReceipt, RECEIPT_TYP } from '../hook/receipts.js';
export type { ReceiptPayload, ReceiptSigner } from '../hook/receipts.js';
export { PostgresNullifierStore } from '../hook/pg-nullifier-store.js';
export type { PostgresNullifierStoreOptions } from '../hook/pg-nullifier-store.js';
export { PostgresSessionStore } from '../hook/pg-session-store.js';
export type { SessionStore, SharedSession, CommitOutcome } from '../hook/sessions.js';
export { postgresDecisionRecorder } from '../hook/pg-record-decisions.js';
export type { PostgresDecisionRecorderOptions } from '../hook/pg-record-decisions.js';
export { openHookStores } from '../hook/open-hook-stores.js';
export type { OpenHookStoresOptions, HookStores } from '../hook/open-hook-stores.js';
export { openPostgres } from '../db/pg-client.js';
export type { OpenPostgresOptions, PostgresHandle, VouchPgDb } from '../db/pg-client.js';
export { PostgresTransparencyLog } from '../log/pg-transparency-log.js';
export { AdmissionQueue } from '../hook/admission-queue.js';
export type { AdmissionQueueOptions } from '../hook/admission-queue.js';
export { decisionRecorder, decisionsBetween } from '../hook/record-decisions.js';
export type { DecisionRecorderOptions } from '../hook/record-decisions.js';
export { complianceGate } from '../hook/gate.js';
export type { ComplianceGateOptions, ComplianceGateEnv } from '../hook/gate.js';
export { openDatabase, databasePath } from '../db/client.js';
export type { DatabaseHandle, OpenDatabaseOptions, VouchDb } from '../db/client.js';
export { loadPolicy, loadPolicies, compilePolicy, parseTrade } from '../policy/index.js';
export type { CompiledPolicy, PolicyDocument, Trade } from '../policy/index.js';
// Straight from the files, not credentials/index.ts: that also carries issuance, which loads the KYC adapters.
export { loadRegistryFile, loadRegistrySets, loadRegistryEscrowCommittee } from '../credentials/registry-file.js';
export type { EscrowCommittee } from '../escrow/committee-key.js';
export type { RegistryFile } from '../credentials/registry-file.js';
export { IssuerRegistry } from '../credentials/registry.js';
export type { RegistryOptions } from '../credentials/registry.js';
export { parseProofFile } from '../prover/proof-file.js';
export type { ProofFile } from '../prover/proof-file.js';
export { policyVerifier, verifierFor } from '../zk/verifier.js';
export type { PolicyVerifier } from '../zk/verifier.js';
export { releaseCurves } from '../zk/curve.js';
