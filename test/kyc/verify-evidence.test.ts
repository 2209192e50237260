import { afterAll, describe, expect, it } from 'vitest';
import { uidaiPubkeyHash } from '../../src/kyc/anon-aadhaar/pubkey-hash.js';
import { verifyEvidence, type EvidenceContext } from '../../src/kyc/verify-evidence.js';
import { createTestVendor, makeVendorAttestation, testVendorTrust } from '../../src/kyc/vendor/test-vendor.js';
import { releaseCurves } from '../../src/zk/curve.js';
import { fixtureText, loadProof } from './fixtures.js';

afterAll(releaseCurves);

const prod = loadProof('proof-prodkey-decentrasocial-login.json');
const vendor = await createTestVendor();
const AUD = 'vouch-issuer';

function ctx(subject: bigint, nowSeconds: number, extra: Partial<EvidenceContext> = {}): EvidenceContext {
  return { subject, seen: () => false, now: () => new Date(nowSeconds * 1000), ...extra };
}

describe('verifyEvidence dispatches by kind', () => {
  it('anon-aadhaar → the Anon Aadhaar verifier', async () => {
    const now = Number(prod.publicSignals[2]) + 60;
    const anonAadhaar = {
      trustedPubkeyHashes: [uidaiPubkeyHash(fixtureText('uidai_offline_publickey_26022021.pem'))],
      nullifierSeed: BigInt(prod.publicSignals[7]!),
      maxAgeSeconds: 3600,
    };
    const r = await verifyEvidence(
      'anon-aadhaar',
      JSON.stringify(prod.anonAadhaarProof),
      ctx(1n, now, { anonAadhaar }),
    );
    expect(r.evidence.kind).toBe('anon-aadhaar');
    expect(r.approval).toBeUndefined();
  });

  it('vendor-jws → the vendor verifier', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await makeVendorAttestation(vendor, { subject: 5n, audience: AUD, now });
    const r = await verifyEvidence('vendor-jws', token, ctx(5n, now, { vendors: [testVendorTrust(vendor, AUD)] }));
    expect(r.evidence.kind).toBe('vendor-jws');
  });

  it('manual → the manual-review adapter, with its approval record', async () => {
    const raw = '{"kycLevel":1,"jurisdiction":"FR","investorClass":"retail","ageOver18":true,"tradeLimit":"0"}';
    const r = await verifyEvidence('manual', raw, ctx(5n, 1_700_000_000, { reviewer: 'op-1' }));
    expect(r.evidence.kind).toBe('manual');
    expect(r.attributes.jurisdiction).toBe(250);
    expect(r.approval).toMatchObject({ reviewer: 'op-1', approvedAt: 1_700_000_000 });
  });

  it('refuses an unknown kind (INPUT_INVALID) and a kind the issuer has not configured (CONFIG_INVALID)', async () => {
    await expect(verifyEvidence('passport', '{}', ctx(1n, 0))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(verifyEvidence('__proto__', '{}', ctx(1n, 0))).rejects.toMatchObject({ code: 'INPUT_INVALID' });
    await expect(verifyEvidence('anon-aadhaar', '{}', ctx(1n, 0))).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(verifyEvidence('vendor-jws', 'a.b.c', ctx(1n, 0, { vendors: [] }))).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
    });
  });
});
