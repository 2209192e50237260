/**
 * One entry point for the issuer service: verify evidence of a given kind against the holder's
 * subject commitment and the issuer's trust configuration. It only dispatches; every check lives
 * in the kind's adapter.
 */
import { EVIDENCE_KINDS, type EvidenceKind } from '../credentials/schema.js';
import { VouchError } from '../errors/index.js';
import type { AnonAadhaarConfig } from './anon-aadhaar/config.js';
import { verifyAnonAadhaarEvidence } from './anon-aadhaar/verify-anon-aadhaar.js';
import { verifyManualEvidence, type ManualApproval } from './manual/verify-manual-review.js';
import type { EvidenceContextBase, VerifiedEvidence } from './types.js';
import type { VendorTrust } from './vendor/trust.js';
import { verifyVendorAttestation } from './vendor/verify-vendor-attestation.js';

export interface EvidenceContext extends EvidenceContextBase {
  /** Required for 'anon-aadhaar'. */
  anonAadhaar?: AnonAadhaarConfig;
  /** Required (non-empty) for 'vendor-jws'. */
  vendors?: readonly VendorTrust[];
  /** Required for 'manual': the approving operator. */
  reviewer?: string;
}

export interface EvidenceResult extends VerifiedEvidence {
  /** Present for 'manual' only: the record to audit-log. */
  approval?: ManualApproval;
}

export function isEvidenceKind(kind: unknown): kind is EvidenceKind {
  return typeof kind === 'string' && Object.hasOwn(EVIDENCE_KINDS, kind);
}

export async function verifyEvidence(
  kind: string,
  raw: string | Uint8Array,
  ctx: EvidenceContext,
): Promise<EvidenceResult> {
  if (!isEvidenceKind(kind)) {
    throw new VouchError('INPUT_INVALID', 'unknown evidence kind', { details: { kinds: Object.keys(EVIDENCE_KINDS) } });
  }
  switch (kind) {
    case 'anon-aadhaar':
      if (!ctx.anonAadhaar)
        throw new VouchError('CONFIG_INVALID', 'Anon Aadhaar evidence is not configured for this issuer');
      return verifyAnonAadhaarEvidence(raw, { ...ctx, config: ctx.anonAadhaar });
    case 'vendor-jws':
      if (!ctx.vendors || ctx.vendors.length === 0) {
        throw new VouchError('CONFIG_INVALID', 'no KYC vendor is configured for this issuer');
      }
      return verifyVendorAttestation(raw, { ...ctx, vendors: ctx.vendors });
    case 'manual':
      if (ctx.reviewer === undefined) throw new TypeError('manual evidence needs the approving reviewer');
      return verifyManualEvidence(raw, { ...ctx, reviewer: ctx.reviewer });
  }
}
