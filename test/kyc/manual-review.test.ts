import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeAttributes } from '../../src/credentials/schema.js';
import { verifyManualEvidence } from '../../src/kyc/manual/verify-manual-review.js';

const SUBJECT = 99n;
const NOW = 1_750_000_000;
const EXAMPLE =
  '{"kycLevel": 3, "jurisdiction": "DE", "investorClass": "professional", "ageOver18": true, "tradeLimit": "1000000"}';
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function review(raw: string, seen: (k: string) => boolean = () => false) {
  return verifyManualEvidence(raw, {
    subject: SUBJECT,
    seen,
    now: () => new Date(NOW * 1000),
    reviewer: 'operator:alice',
  });
}

describe('manual review evidence', () => {
  it('turns the documented example into attributes and an approval record for the audit log', async () => {
    const r = await review(EXAMPLE);
    expect(r.attributes).toEqual({
      kycLevel: 3,
      jurisdiction: 276,
      investorClass: 'professional',
      ageOver18: true,
      tradeLimit: '1000000',
    });
    // The digest is over the canonical (sorted-key, RFC 8785-equivalent) form, written out here by hand.
    const canonical =
      '{"ageOver18":true,"investorClass":"professional","jurisdiction":276,"kycLevel":3,"tradeLimit":"1000000"}';
    expect(r.approval).toEqual({ reviewer: 'operator:alice', approvedAt: NOW, attributesDigest: sha256(canonical) });
    expect(r.evidence).toEqual({
      kind: 'manual',
      digest: sha256(EXAMPLE),
      replayKey: `manual:${SUBJECT}:${sha256(canonical)}`,
      subjectCommitment: '99',
    });
    expect(() =>
      encodeAttributes({
        subject: SUBJECT,
        credentialIndex: 2,
        issuedAt: NOW,
        expiresAt: NOW + 1,
        evidenceKind: 'manual',
        attributes: r.attributes,
      }),
    ).not.toThrow();
  });

  it('gives the same attributes digest whatever the key order in the file', async () => {
    const reordered =
      '{"tradeLimit":"1000000","ageOver18":true,"investorClass":"professional","jurisdiction":"DE","kycLevel":3}';
    const [a, b] = [await review(EXAMPLE), await review(reordered)];
    expect(b.approval.attributesDigest).toBe(a.approval.attributesDigest);
    expect(b.evidence.digest).not.toBe(a.evidence.digest);
  });

  it('accepts the optional birthYear and sanctionsScreenedAt', async () => {
    const raw = JSON.stringify({ ...JSON.parse(EXAMPLE), birthYear: 1980, sanctionsScreenedAt: NOW - 10 });
    expect((await review(raw)).attributes).toMatchObject({ birthYear: 1980, sanctionsScreenedAt: NOW - 10 });
  });

  const bad: [string, Record<string, unknown>][] = [
    ['an unknown field', { kycLevl: 2 }],
    ['a numeric tradeLimit', { tradeLimit: 1000000 }],
    ['a negative tradeLimit', { tradeLimit: '-1' }],
    ['a tradeLimit of 2^64', { tradeLimit: (2n ** 64n).toString() }],
    ['a lower-case jurisdiction', { jurisdiction: 'de' }],
    ['an unassigned jurisdiction', { jurisdiction: 'XX' }],
    ['a numeric jurisdiction', { jurisdiction: 276 }],
    ['kycLevel 4', { kycLevel: 4 }],
    ['an unknown investor class', { investorClass: 'vip' }],
    ['a missing ageOver18', { ageOver18: undefined }],
    ['a string ageOver18', { ageOver18: 'true' }],
    ['a sanctions screening in the future', { sanctionsScreenedAt: NOW + 1 }],
  ];
  for (const [what, change] of bad) {
    it(`refuses ${what} (EVIDENCE_MALFORMED)`, async () => {
      const raw = JSON.stringify({ ...JSON.parse(EXAMPLE), ...change });
      await expect(review(raw)).rejects.toMatchObject({ code: 'EVIDENCE_MALFORMED' });
    });
  }

  it('refuses non-JSON and arrays (EVIDENCE_MALFORMED)', async () => {
    await expect(review('kycLevel=3')).rejects.toMatchObject({ code: 'EVIDENCE_MALFORMED' });
    await expect(review('[]')).rejects.toMatchObject({ code: 'EVIDENCE_MALFORMED' });
  });

  it('refuses the same approval twice for the same holder (EVIDENCE_REPLAYED)', async () => {
    const used = new Set<string>();
    used.add((await review(EXAMPLE, (k) => used.has(k))).evidence.replayKey);
    await expect(review(EXAMPLE, (k) => used.has(k))).rejects.toMatchObject({ code: 'EVIDENCE_REPLAYED' });
  });

  it('requires a reviewer (programming error otherwise)', async () => {
    for (const reviewer of ['', '   ', 'a\nb', 'x'.repeat(257)]) {
      await expect(verifyManualEvidence(EXAMPLE, { subject: SUBJECT, seen: () => false, reviewer })).rejects.toThrow(
        TypeError,
      );
    }
  });
});
