/**
 * `vouch/hook`: the embedded compliance hook a venue runs in its own process — admission (single,
 * batched, micro-batched, sessions), the stateless check a regulator runs (`checkStateless`),
 * replay protection (nullifier stores), signed receipts, decision recording, the
 * `complianceGate()` middleware, and what it needs to load its policies, issuer registry and
 * database. Never loads the circuit compiler, the prover (snarkjs), the KYC adapters, the CLI or
 * the HTTP server; `complianceGate` uses hono's types only, and `pg` loads only when a PostgreSQL
 * database is opened (a SQLite or memory hook never loads it).
 */
export { createComplianceHook } from '../hook/index.js';
export type { ComplianceHook, ComplianceHookOptions, CheckItem } from '../hook/index.js';
export { HOOK_REJECTION_CODES, isHookRejectionCode } from '../hook/index.js';
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
} from '../hook/index.js';
export { SqliteNullifierStore, MemoryNullifierStore } from '../hook/index.js';
export { checkStateless } from '../hook/index.js';
export type { StatelessCheckOptions, StatelessVerdict, LimitCheck } from '../hook/index.js';
export type { NullifierStore, NullifierClaim, ClaimResult, LimitStep } from '../hook/index.js';
export { receiptSigner, ephemeralReceiptSigner, verifyReceipt, RECEIPT_TYP } from '../hook/index.js';
export type { ReceiptPayload, ReceiptSigner } from '../hook/index.js';
export { PostgresNullifierStore } from '../hook/pg-nullifier-store.js';
export type { PostgresNullifierStoreOptions } from '../hook/pg-nullifier-store.js';
export { PostgresSessionStore } from '../hook/pg-session-store.js';
export type { SessionStore, SharedSession, CommitOutcome } from '../hook/index.js';
export { postgresDecisionRecorder } from '../hook/pg-record-decisions.js';
export type { PostgresDecisionRecorderOptions } from '../hook/pg-record-decisions.js';
export { openHookStores } from '../hook/open-hook-stores.js';
export type { OpenHookStoresOptions, HookStores } from '../hook/open-hook-stores.js';
export { openPostgres } from '../db/pg-client.js';
export type { OpenPostgresOptions, PostgresHandle, VouchPgDb } from '../db/pg-client.js';
export { PostgresTransparencyLog } from '../log/pg-transparency-log.js';
export { AdmissionQueue } from '../hook/index.js';
export type { AdmissionQueueOptions } from '../hook/index.js';
export { decisionRecorder, decisionsBetween } from '../hook/index.js';
export type { DecisionRecorderOptions } from '../hook/index.js';
export { complianceGate } from '../hook/index.js';
export type { ComplianceGateOptions, ComplianceGateEnv } from '../hook/index.js';
export { openDatabase, databasePath } from '../db/client.js';
export type { DatabaseHandle, OpenDatabaseOptions, VouchDb } from '../db/client.js';
export { loadPolicy, loadPolicies, compilePolicy, parseTrade } from '../policy/index.js';
export type { CompiledPolicy, PolicyDocument, Trade } from '../policy/index.js';
// Straight from the files, not credentials/index.ts: that also carries issuance, which loads the KYC adapters.
export { loadRegistryFile, loadRegistrySets, loadRegistryEscrowCommittee } from '../credentials/registry-file.js';
export type { EscrowCommittee } from '../escrow/index.js';
export type { RegistryFile } from '../credentials/registry-file.js';
export { IssuerRegistry } from '../credentials/registry.js';
export type { RegistryOptions } from '../credentials/registry.js';
export { parseProofFile } from '../prover/proof-file.js';
export type { ProofFile } from '../prover/proof-file.js';
export { policyVerifier, verifierFor } from '../zk/index.js';
export type { PolicyVerifier } from '../zk/index.js';
export { releaseCurves } from '../zk/index.js';
