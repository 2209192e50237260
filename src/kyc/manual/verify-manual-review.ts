/**
 * Manual review: an operator has looked at documents outside Vouch and approves attributes by
 * name. The evidence is the approval itself, so the adapter validates it strictly and returns an
 * approval record ({ reviewer, approvedAt, attributesDigest }) for the audit log; the issuer
 * service stores that record, never the documents behind it.
 */
import type { KycAttributes } from '../../credentials/schema.js';
import { VouchError } from '../../errors/index.js';
import { assertNotReplayed, assertSubject, nowSeconds } from '../lib/context.js';
import { countryToNumeric } from '../lib/country.js';
import { parseDecimal } from '../lib/decimal.js';
import { decodeUtf8, evidenceBytes, parseJson, sha256Hex } from '../lib/evidence-bytes.js';
import type { EvidenceContextBase, VerifiedEvidence } from '../types.js';
import { manualEvidenceSchema } from './schema.js';

export interface ManualReviewContext extends EvidenceContextBase {
  /** Who approves: the authenticated operator's id (not their name or e-mail if avoidable). */
  reviewer: string;
}

export interface ManualApproval {
  reviewer: string;
  /** Unix seconds. */
  approvedAt: number;
  /** SHA-256 (hex) of `canonicalAttributes(attributes)`. */
  attributesDigest: string;
}

export interface VerifiedManualEvidence extends VerifiedEvidence {
  approval: ManualApproval;
}

export const MANUAL_EVIDENCE_MAX_BYTES = 4 * 1024;

export async function verifyManualEvidence(
  raw: string | Uint8Array,
  ctx: ManualReviewContext,
): Promise<VerifiedManualEvidence> {
  assertSubject(ctx.subject);
  if (typeof ctx.reviewer !== 'string' || !/^[^\p{Cc}]{1,256}$/u.test(ctx.reviewer) || ctx.reviewer.trim() === '') {
    throw new TypeError('reviewer must be a non-empty printable string of at most 256 characters');
  }
  const bytes = evidenceBytes(raw, MANUAL_EVIDENCE_MAX_BYTES);
  const parsed = manualEvidenceSchema.safeParse(parseJson(decodeUtf8(bytes)));
  if (!parsed.success) {
    const path = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new VouchError('EVIDENCE_MALFORMED', 'manual review attributes are invalid', { details: { path } });
  }
  const e = parsed.data;
  const now = nowSeconds(ctx.now);
  if (parseDecimal(e.tradeLimit) === undefined) {
    throw new VouchError('EVIDENCE_MALFORMED', 'tradeLimit must be below 2^64', { details: { path: 'tradeLimit' } });
  }
  if (e.sanctionsScreenedAt !== undefined && e.sanctionsScreenedAt > now) {
    throw new VouchError('EVIDENCE_MALFORMED', 'sanctionsScreenedAt is in the future', {
      details: { path: 'sanctionsScreenedAt' },
    });
  }
  const attributes: KycAttributes = {
    kycLevel: e.kycLevel,
    jurisdiction: countryToNumeric(e.jurisdiction, 'jurisdiction'),
    investorClass: e.investorClass,
    ageOver18: e.ageOver18,
    tradeLimit: e.tradeLimit,
    ...(e.birthYear === undefined ? {} : { birthYear: e.birthYear }),
    ...(e.sanctionsScreenedAt === undefined ? {} : { sanctionsScreenedAt: e.sanctionsScreenedAt }),
  };
  const attributesDigest = sha256Hex(canonicalAttributes(attributes));
  // The same approval cannot mint a second credential for the same holder.
  const replayKey = `manual:${ctx.subject}:${attributesDigest}`;
  await assertNotReplayed(ctx.seen, replayKey);
  return {
    attributes,
    evidence: { kind: 'manual', digest: sha256Hex(bytes), replayKey, subjectCommitment: ctx.subject.toString() },
    approval: { reviewer: ctx.reviewer, approvedAt: now, attributesDigest },
  };
}

/**
 * Attributes as JSON with keys sorted and `tradeLimit` as a decimal string. Every value is an
 * integer, boolean or ASCII string, so this equals its RFC 8785 (JCS) form.
 */
export function canonicalAttributes(attributes: KycAttributes): string {
  const entries = Object.entries({ ...attributes, tradeLimit: attributes.tradeLimit.toString() })
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(Object.fromEntries(entries));
}
