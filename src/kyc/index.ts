export { verifyEvidence, isEvidenceKind } from './verify-evidence.js';
export type { EvidenceContext, EvidenceResult } from './verify-evidence.js';
export type { EvidenceRecord, VerifiedEvidence, EvidenceContextBase, SeenFn, Clock } from './types.js';

export { verifyAnonAadhaarEvidence, ANON_AADHAAR_MAX_BYTES } from './anon-aadhaar/verify-anon-aadhaar.js';
export type { AnonAadhaarContext } from './anon-aadhaar/verify-anon-aadhaar.js';
export {
  anonAadhaarConfigFromEnv,
  DEFAULT_MAX_AGE_SECONDS as ANON_AADHAAR_DEFAULT_MAX_AGE_SECONDS,
} from './anon-aadhaar/config.js';
export type { AnonAadhaarConfig } from './anon-aadhaar/config.js';
export { verifyAnonAadhaarProof } from './anon-aadhaar/verify-proof.js';
export { parseAnonAadhaarProof, ANON_AADHAAR_SIGNALS } from './anon-aadhaar/parse-proof.js';
export type { ParsedAnonAadhaarProof, Groth16ProofJson, AnonAadhaarSignal } from './anon-aadhaar/parse-proof.js';
export { uidaiPubkeyHash, pubkeyHashFromModulus } from './anon-aadhaar/pubkey-hash.js';
export { anonAadhaarSignalHash } from './anon-aadhaar/signal-hash.js';
export {
  anonAadhaarVerificationKey,
  verificationKeyFromSolidity,
  ANON_AADHAAR_VERIFIER_SOL_SHA256,
} from './anon-aadhaar/verification-key.js';
export type { Groth16VerificationKey } from './anon-aadhaar/verification-key.js';
export { resolveAnonAadhaarArtifacts, ANON_AADHAAR_ARTIFACT_FILES } from './anon-aadhaar/artifacts.js';
export type { AnonAadhaarArtifacts } from './anon-aadhaar/artifacts.js';
export { proveAnonAadhaar, anonAadhaarProverArgs } from './anon-aadhaar/prove.js';
export type { AnonAadhaarProveOptions, RevealField } from './anon-aadhaar/prove.js';
export { indianStateSubdivision } from './anon-aadhaar/states.js';
export { encodeSubdivision, decodeSubdivision } from './lib/subdivision.js';

export { verifyVendorAttestation, VENDOR_ATTESTATION_MAX_BYTES } from './vendor/verify-vendor-attestation.js';
export type { VendorContext } from './vendor/verify-vendor-attestation.js';
export {
  parseVendorJwks,
  readVendorJwks,
  vendorTrustFromEnv,
  VENDOR_ALGORITHMS,
  VENDOR_ATTESTATION_TYP,
} from './vendor/trust.js';
export type { VendorTrust, VendorAlgorithm } from './vendor/trust.js';

export { verifyManualEvidence, canonicalAttributes, MANUAL_EVIDENCE_MAX_BYTES } from './manual/verify-manual-review.js';
export type { ManualReviewContext, ManualApproval, VerifiedManualEvidence } from './manual/verify-manual-review.js';
