/**
 * Transparency log (RFC 6962 / RFC 9162 Merkle log, C2SP signed-note checkpoints).
 *
 * Other modules record things through `LogAppender` (implemented by `TransparencyLog`):
 *
 *   log.appendEntry(kind, payload) → { index, leafHash }
 *   log.appendEntries([{ kind, payload }, …]) → [{ index, leafHash }, …]   (one transaction)
 *
 * kinds: 'hook-decision' (a hook's admission: policy and receipt digest), 'rejection-digest' (a
 * window of a venue's refusals: counts per policy and code, Merkle root of their receipts), 'status-snapshot' (an issuer status root / issuer-set root), 'report-commitment' (a report
 * bundle's body digest and record commitment), 'escrow-committee' (an escrow committee's public key,
 * threshold and members' verification keys), 'unmask-request' / 'unmask-result' (an unmasking
 * request and the digest of its outcome; see src/escrow/unmask-request.ts). Payloads are JSON objects of public data only —
 * commitments, digests, codes; never personal data — at most 64 KiB encoded.
 *
 * Leaf bytes: the UTF-8 canonical JSON of `{"kind":…,"payload":…}` (keys sorted by UTF-16 code
 * units, no whitespace, JSON.stringify strings/numbers — RFC 8785 compatible). Leaf hash:
 * SHA-256(0x00 || bytes); node hash: SHA-256(0x01 || left || right).
 *
 * Verification is offline and pure: verifyInclusion, verifyConsistency (RFC 9162 §2.1.3.2,
 * §2.1.4.2), verifyCheckpoint (signed note + tlog-checkpoint against a pinned verifier key).
 */
export { TransparencyLog } from './transparency-log.js';
export type {
  LogAppender,
  OpenLogOptions,
  InclusionProof,
  ConsistencyProof,
  SignedCheckpoint,
  LogEntry,
} from './transparency-log.js';
export type { AppendedEntry } from './append-entries.js';
export { asAnyLog, entriesUpTo, type AnyTransparencyLog } from './any-log.js';
// openDataDirLog (src/log/open-data-dir-log.ts) opens the SQLite database: it is not re-exported
// here, so verifiers and provers that read logs never load the database driver.
export { LOG_ENTRY_KINDS, MAX_ENTRY_BYTES, encodeEntry, entryLeafHash, isLogEntryKind } from './entry.js';
export type { LogEntryKind, LogEntryInput, EncodedEntry } from './entry.js';
export { canonicalJson, canonicalJsonBytes } from './canonical-json.js';
export type { JsonValue } from './canonical-json.js';
export { HASH_SIZE, EMPTY_ROOT, hashLeaf, hashChildren, sha256, equalBytes } from './hash.js';
export { MemoryMerkleTree } from './memory-tree.js';
export { verifyInclusion, rootFromInclusionProof } from './verify-inclusion.js';
export type { VerifyInclusionInput } from './verify-inclusion.js';
export { verifyConsistency } from './verify-consistency.js';
export { verifyLogIntegrity } from './verify-log-integrity.js';
export type { LogIntegrityOptions, LogIntegrityResult } from './verify-log-integrity.js';
export type { VerifyConsistencyInput } from './verify-consistency.js';
export {
  inclusionProofToJson,
  inclusionProofFromJson,
  consistencyProofToJson,
  consistencyProofFromJson,
  hashList,
} from './proof-json.js';
export type { InclusionProofJson, ConsistencyProofJson } from './proof-json.js';
export { encodeBase64, decodeBase64, decodeHash } from './lib/base64.js';
export { formatCheckpointText, parseCheckpointText } from './checkpoint/checkpoint-text.js';
export type { Checkpoint } from './checkpoint/checkpoint-text.js';
export { verifyCheckpoint } from './checkpoint/verify-checkpoint.js';
export type { VerifyCheckpointOptions, VerifiedCheckpoint } from './checkpoint/verify-checkpoint.js';
export { openNote } from './signed-note/open-note.js';
export type { OpenedNote, NoteSignatureRef } from './signed-note/open-note.js';
export { signNote } from './signed-note/sign-note.js';
export { ed25519Signer, formatSignerKey, parseSignerKey, generateSignerSeed } from './signed-note/signer-key.js';
export type { NoteSigner } from './signed-note/signer-key.js';
export {
  parseVerifierKey,
  formatVerifierKey,
  ed25519Verifier,
  noteKeyId,
  isValidKeyName,
} from './signed-note/verifier-key.js';
export type { NoteVerifier } from './signed-note/verifier-key.js';
export { loadOrCreateLogSigner, logKeyPath, DEFAULT_LOG_ORIGIN } from './log-key.js';
export type { LogKeyOptions } from './log-key.js';
