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
export { verifyInclusion, rootFromInclusionProof } from '../log/verify-inclusion.js';
export type { VerifyInclusionInput } from '../log/verify-inclusion.js';
export { verifyConsistency } from '../log/verify-consistency.js';
export type { VerifyConsistencyInput } from '../log/verify-consistency.js';
export { verifyCheckpoint } from '../log/checkpoint/verify-checkpoint.js';
export type { VerifyCheckpointOptions, VerifiedCheckpoint } from '../log/checkpoint/verify-checkpoint.js';
export { parseCheckpointText, formatCheckpointText } from '../log/checkpoint/checkpoint-text.js';
export type { Checkpoint } from '../log/checkpoint/checkpoint-text.js';
export { openNote } from '../log/signed-note/open-note.js';
export { parseVerifierKey } from '../log/signed-note/verifier-key.js';
export type { NoteVerifier } from '../log/signed-note/verifier-key.js';
export { inclusionProofFromJson, consistencyProofFromJson } from '../log/proof-json.js';
export type { InclusionProofJson, ConsistencyProofJson } from '../log/proof-json.js';
export { hashLeaf, hashChildren } from '../log/hash.js';
export { canonicalJson } from '../log/canonical-json.js';
// Identity escrow: every unmasking request in the log and its outcome (pure; no decryption).
export { listUnmaskings } from '../escrow/list-unmaskings.js';
export type { LogEntryView, UnmaskingRecord, UnmaskingListing } from '../escrow/list-unmaskings.js';
