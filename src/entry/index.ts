/**
 * `vouch`: what every role shares — the error class and its codes, and the types of the files
 * and decisions that pass between holder, venue and auditor. Loads no dependency: a caller that
 * only needs to `switch (err.code)` pays for nothing else.
 */
export { VouchError, isVouchError, ArgumentError, CODES, HTTP_STATUS, EXIT_STATUS } from '../errors/index.js';
export type { VouchErrorCode, VouchErrorOptions, ErrorKind, CodeInfo, CodeTable } from '../errors/index.js';
export type {
  Decision,
  Admitted,
  Rejected,
  OrderDecision,
  OrderAdmitted,
  HookRejectionCode,
  DecisionRecord,
} from '../hook/index.js';
export type { ReceiptPayload } from '../hook/index.js';
export type { ProofFile } from '../prover/index.js';
export type { Groth16ProofJson } from '../zk/index.js';
export type {
  CompiledPolicy,
  PolicyDocument,
  PolicyPredicate,
  PolicyAttribute,
  PolicyOperator,
  PolicyValue,
  Trade,
} from '../policy/index.js';
export type { CredentialFile, HolderFile, RegistryFile, RegistryMember } from '../credentials/index.js';
export type { ReportBundle, BundleRecord } from '../reporting/bundle/index.js';
export type { BundleVerification, AuditCheck, AuditCheckName, AuditSkip } from '../reporting/audit/index.js';
