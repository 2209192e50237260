import type { CodeTable } from '../kinds.js';

/**
 * Codes for rejected KYC evidence (src/kyc). Each names the one check that failed, so an operator
 * can tell a forged proof from a stale one without seeing the evidence itself.
 */
export const kycCodes = {
  EVIDENCE_MALFORMED: { kind: 'input', title: 'The evidence is not well-formed' },
  EVIDENCE_SIGNATURE_INVALID: { kind: 'verification', title: 'The evidence signature or proof does not verify' },
  EVIDENCE_NOT_BOUND: { kind: 'verification', title: 'The evidence is not bound to this holder or this issuer' },
  EVIDENCE_STALE: { kind: 'verification', title: 'The evidence is older than allowed or has expired' },
  EVIDENCE_NOT_YET_VALID: { kind: 'verification', title: 'The evidence is dated in the future' },
  EVIDENCE_SEED_MISMATCH: {
    kind: 'verification',
    title: 'The proof was made for another application (nullifier seed)',
  },
  EVIDENCE_REPLAYED: { kind: 'conflict', title: 'The evidence has already been used' },
  ISSUER_KEY_UNTRUSTED: {
    kind: 'verification',
    title: 'The evidence is signed by a key or algorithm that is not trusted',
  },
} as const satisfies CodeTable;
