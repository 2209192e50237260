/**
 * Identity escrow: the committee's threshold key (k of n, no trusted dealer), decryption shares
 * with proofs of correctness, and unmasking that only happens after the request is in the
 * transparency log. See format.ts for the ciphertext the circuit produces.
 */
export {
  ESCROW_CREDENTIAL_INDEX_BITS,
  ESCROW_ISSUER_INDEX_BITS,
  ESCROW_IDENTITY_BITS,
  ESCROW_IDENTITY_BOUND,
  encodeEscrowIdentity,
  decodeEscrowIdentity,
  parseEscrowPoint,
  escrowPointToJson,
  parseEscrowCiphertext,
  escrowCiphertextToJson,
  escrowCiphertextSignals,
  escrowCiphertextFromSignals,
  escrowCiphertextDigest,
} from './format.js';
export type {
  EscrowIdentity,
  EscrowPointJson,
  EscrowCiphertextJson,
  EscrowCiphertext,
  EscrowCommitteeJson,
} from './format.js';
export { encryptEscrowIdentity } from './encrypt.js';
export type { EncryptEscrowIdentityOptions } from './encrypt.js';
export {
  G as ESCROW_GENERATOR,
  SUBGROUP_ORDER as ESCROW_SUBGROUP_ORDER,
  pointFromAffine,
  affine,
  randomScalar,
} from './lib/curve.js';
export type { Point as EscrowPoint } from './lib/curve.js';
export { createMemberKeys, createCommittee, parseCommittee, MAX_COMMITTEE_MEMBERS } from './committee.js';
export type {
  MemberCard,
  MemberSecret,
  CommitteeDescription,
  Committee,
  CommitteeMember,
  CreateCommitteeOptions,
} from './committee.js';
export { createDealing } from './deal.js';
export { verifyDealings } from './verify-dealings.js';
export type { VerifyDealingsResult } from './verify-dealings.js';
export type { DealingJson, ComplaintJson } from './lib/dealing.js';
export { finalizeCommittee } from './finalize-committee.js';
export type { CommitteeKeyJson, FinalizeCommitteeOptions, FinalizeCommitteeResult } from './finalize-committee.js';
export { parseEscrowCommittee, escrowCommitteeToJson, assertCurrentCommitteeKey } from './committee-key.js';
export type { EscrowCommittee } from './committee-key.js';
export { createDecryptionShare, verifyDecryptionShare } from './decryption-share.js';
export type { DecryptionShareJson, CreateDecryptionShareOptions } from './decryption-share.js';
export { combineDecryptionShares } from './combine-shares.js';
export type { CombineSharesOptions, CombineSharesResult } from './combine-shares.js';
export { publishEscrowCommittee, currentEscrowCommittee } from './publish-committee.js';
export type { PublishEscrowCommitteeOptions, PublishedEscrowCommittee } from './publish-committee.js';
export { createUnmaskRequest, parseUnmaskRequest, unmaskRequestRef } from './unmask-request.js';
export type { UnmaskRequestPayload, UnmaskRequest, CreateUnmaskRequestOptions } from './unmask-request.js';
export { requestUnmasking, requestUnmaskingAsync } from './request-unmasking.js';
export type { LoggedUnmaskRequestFile } from './request-unmasking.js';
export { verifyLoggedRequest } from './verify-logged-request.js';
export type {
  LoggedUnmaskRequest,
  VerifyLoggedRequestOptions,
  VerifiedUnmaskRequest,
} from './verify-logged-request.js';
export { shareForLoggedRequest } from './share-for-request.js';
export type { ShareForRequestOptions } from './share-for-request.js';
export { combineForLoggedRequest, combineForLoggedRequestAsync, identityCommitment } from './combine-for-request.js';
export type { CombineForRequestOptions, UnmaskOutcome, UnmaskResultPayload } from './combine-for-request.js';
export { listUnmaskings } from './list-unmaskings.js';
export { auditUnmaskings } from './audit-unmaskings.js';
export type { AuditUnmaskingsOptions, AuditedUnmaskings } from './audit-unmaskings.js';
export type { LogEntryView, UnmaskingRecord, UnmaskingListing } from './list-unmaskings.js';
export { storeMemberSecret, loadMemberSecret, storeKeyShare, loadKeyShare } from './member-keys.js';
