import type { CodeTable } from '../kinds.js';

/** Report bundles, selective disclosure and offline audit verification. */
export const auditCodes = {
  BUNDLE_MALFORMED: { kind: 'input', title: 'The report bundle does not have the expected shape' },
  BUNDLE_SIGNATURE_INVALID: { kind: 'verification', title: 'The bundle signature does not verify against the JWKS' },
  BUNDLE_RECORD_MISMATCH: { kind: 'verification', title: 'A record does not match the bundle commitment' },
  BUNDLE_AGGREGATE_MISMATCH: { kind: 'verification', title: 'The aggregates do not follow from the records' },
  BUNDLE_SIGNER_INVALID: { kind: 'usage', title: 'The bundle signing key cannot be used' },
  JWKS_INVALID: { kind: 'input', title: 'The JWKS document is malformed' },
  CONSISTENCY_PROOF_REQUIRED: { kind: 'input', title: 'A consistency proof is needed to compare these checkpoints' },
  AUDIT_VERIFICATION_FAILED: { kind: 'verification', title: 'At least one audit check failed' },
} as const satisfies CodeTable;
