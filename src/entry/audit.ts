/**
 * `vouch/audit`: what an auditor runs offline — verify a signed report bundle or a disclosure
 * (JWS, record commitments, recomputed aggregates, log inclusion), and the transparency log's
 * proofs and signed checkpoints against a pinned verifier key. No database, no network.
 */
export { verifyBundle, parseBundle } from '../reporting/audit/index.js';
export type {
  VerifyBundleOptions,
  ConsistencyProofInput,
  AuditCheck,
  AuditCheckName,
  AuditSkip,
  BundleVerification,
} from '../reporting/audit/index.js';
export type { ReportBundle, BundleBody, BundleRecord } from '../reporting/bundle/index.js';
export { verifyInclusion, rootFromInclusionProof } from '../log/index.js';
export type { VerifyInclusionInput } from '../log/index.js';
export { verifyConsistency } from '../log/index.js';
export type { VerifyConsistencyInput } from '../log/index.js';
export { verifyCheckpoint } from '../log/index.js';
export type { VerifyCheckpointOptions, VerifiedCheckpoint } from '../log/index.js';
export { parseCheckpointText, formatCheckpointText } from '../log/index.js';
export type { Checkpoint } from '../log/index.js';
export { openNote } from '../log/index.js';
export { parseVerifierKey } from '../log/index.js';
export type { NoteVerifier } from '../log/index.js';
export { inclusionProofFromJson, consistencyProofFromJson } from '../log/index.js';
export type { InclusionProofJson, ConsistencyProofJson } from '../log/index.js';
export { hashLeaf, hashChildren } from '../log/index.js';
export { canonicalJson } from '../log/index.js';
// Identity escrow: every unmasking request in the log and its outcome (pure; no decryption).
export { listUnmaskings } from '../escrow/list-unmaskings.js';
export type { LogEntryView, UnmaskingRecord, UnmaskingListing } from '../escrow/list-unmaskings.js';
export { auditUnmaskings } from '../escrow/audit-unmaskings.js';
export type { AuditUnmaskingsOptions, AuditedUnmaskings } from '../escrow/audit-unmaskings.js';
