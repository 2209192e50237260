import { generateKeyPair, SignJWT, exportJWK, base64url } from 'jose';
import { describe, expect, it } from 'vitest';
import { encodeAttributes } from '../../src/credentials/schema.js';
import { sha256Hex } from '../../src/kyc/lib/evidence-bytes.js';
import {
  createTestVendor,
  makeVendorAttestation,
  testVendorTrust,
  type TestVendor,
  type VendorAttestationInput,
} from '../../src/kyc/vendor/test-vendor.js';
import { parseVendorJwks, type VendorTrust } from '../../src/kyc/vendor/trust.js';
import { verifyVendorAttestation } from '../../src/kyc/vendor/verify-vendor-attestation.js';
import { rejectionOf } from './fixtures.js';

const AUD = 'did:web:issuer.vouch.example';
const SUBJECT = 7380947412083257046839612183212456102734893845678301234567890123456789n;
const NOW = 1_750_000_000;
const clock =
  (t = NOW) =>
  () =>
    new Date(t * 1000);
const never = () => false;

const ed = await createTestVendor({ alg: 'EdDSA', kid: 'ed-1' });
const es = await createTestVendor({ alg: 'ES256', kid: 'es-1', issuer: 'https://es-vendor.example' });

function trust(v: TestVendor, extra: Partial<VendorTrust> = {}): VendorTrust {
  return { ...testVendorTrust(v, AUD), ...extra };
}

function check(
  token: string,
  opts: { vendors?: VendorTrust[]; now?: number; subject?: bigint; seen?: (k: string) => boolean } = {},
) {
  return verifyVendorAttestation(token, {
    subject: opts.subject ?? SUBJECT,
    seen: opts.seen ?? never,
    now: clock(opts.now),
    vendors: opts.vendors ?? [trust(ed), trust(es)],
  });
}

const sign = (v: TestVendor, extra: Partial<VendorAttestationInput> = {}) =>
  makeVendorAttestation(v, { subject: SUBJECT, audience: AUD, now: NOW, ...extra });

describe('vendor attestation: accepted', () => {
  it('verifies an Ed25519 (EdDSA) attestation and maps its claims to kyc-v1 attributes', async () => {
    const token = await sign(ed, {
      jti: 'a-1',
      country: 'DE',
      kycLevel: 3,
      investorClass: 'professional',
      tradeLimit: '25000000',
      sanctionsScreenedAt: NOW - 86_400,
    });
    const seenKeys: string[] = [];
    const r = await check(token, { seen: (k) => (seenKeys.push(k), false) });
    expect(r.attributes).toEqual({
      kycLevel: 3,
      jurisdiction: 276,
      investorClass: 'professional',
      ageOver18: true,
      sanctionsScreenedAt: NOW - 86_400,
      tradeLimit: '25000000',
    });
    expect(r.evidence).toEqual({
      kind: 'vendor-jws',
      digest: sha256Hex(token),
      replayKey: `vendor-jws:${encodeURIComponent(ed.issuer)}:a-1`,
      subjectCommitment: SUBJECT.toString(),
    });
    expect(seenKeys).toEqual([r.evidence.replayKey]);
    expect(() =>
      encodeAttributes({
        subject: SUBJECT,
        credentialIndex: 1,
        issuedAt: NOW,
        expiresAt: NOW + 1,
        evidenceKind: 'vendor-jws',
        attributes: r.attributes,
      }),
    ).not.toThrow();
  });

  it('verifies a P-256 (ES256) attestation from a second trusted vendor, chosen by iss', async () => {
    const r = await check(
      await sign(es, { country: 'IN', investorClass: 'retail', ageOver18: false, extraClaims: { birth_year: 1990 } }),
    );
    expect(r.attributes).toMatchObject({
      jurisdiction: 356,
      investorClass: 'retail',
      ageOver18: false,
      birthYear: 1990,
    });
  });

  it('maps countries with the maintained ISO table, leading zeros included (AF = 4, US = 840)', async () => {
    expect((await check(await sign(ed, { country: 'AF' }))).attributes.jurisdiction).toBe(4);
    expect((await check(await sign(ed, { country: 'US' }))).attributes.jurisdiction).toBe(840);
  });

  it('treats an absent age_over_18 as false', async () => {
    const r = await check(await sign(ed, { extraClaims: { age_over_18: undefined } }));
    expect(r.attributes.ageOver18).toBe(false);
  });

  it('accepts a token with a trailing newline, as read from a file', async () => {
    await expect(check((await sign(ed)) + '\n')).resolves.toBeDefined();
  });
});

describe('vendor attestation: time', () => {
  it('accepts an expired token within the clock tolerance and refuses it after (EVIDENCE_STALE)', async () => {
    const token = await sign(ed, { ttlSeconds: 600 });
    await expect(check(token, { now: NOW + 600 + 59 })).resolves.toBeDefined();
    await expect(check(token, { now: NOW + 600 + 60 })).rejects.toMatchObject({ code: 'EVIDENCE_STALE' });
  });

  it('refuses a token issued longer ago than the maximum age even if not expired (EVIDENCE_STALE)', async () => {
    const token = await sign(ed, { ttlSeconds: 86_400 });
    await expect(check(token, { now: NOW + 3600 + 60 })).resolves.toBeDefined();
    await expect(check(token, { now: NOW + 3600 + 61 })).rejects.toMatchObject({ code: 'EVIDENCE_STALE' });
  });

  it('refuses a token issued in the future, or not yet valid (EVIDENCE_NOT_YET_VALID)', async () => {
    await expect(check(await sign(ed, { now: NOW + 120 }))).rejects.toMatchObject({ code: 'EVIDENCE_NOT_YET_VALID' });
    await expect(check(await sign(ed, { extraClaims: { nbf: NOW + 120 } }))).rejects.toMatchObject({
      code: 'EVIDENCE_NOT_YET_VALID',
    });
  });

  it('refuses a sanctions screening dated in the future (EVIDENCE_MALFORMED)', async () => {
    await expect(check(await sign(ed, { sanctionsScreenedAt: NOW + 3600 }))).rejects.toMatchObject({
      code: 'EVIDENCE_MALFORMED',
    });
  });
});

describe('vendor attestation: signature, keys and algorithms', () => {
  it('refuses a token whose signature was altered (EVIDENCE_SIGNATURE_INVALID)', async () => {
    const [h, p, s] = (await sign(ed)).split('.') as [string, string, string];
    const sig = base64url.decode(s);
    sig[0]! ^= 1;
    await expect(check(`${h}.${p}.${base64url.encode(sig)}`)).rejects.toMatchObject({
      code: 'EVIDENCE_SIGNATURE_INVALID',
    });
  });

  it('refuses a token whose claims were altered after signing (EVIDENCE_SIGNATURE_INVALID)', async () => {
    const [h, p, s] = (await sign(ed, { tradeLimit: '100' })).split('.') as [string, string, string];
    const claims = JSON.parse(new TextDecoder().decode(base64url.decode(p))) as Record<string, unknown>;
    claims.trade_limit = '100000000000';
    await expect(check(`${h}.${base64url.encode(JSON.stringify(claims))}.${s}`)).rejects.toMatchObject({
      code: 'EVIDENCE_SIGNATURE_INVALID',
    });
  });

  it('refuses a token signed by another key that claims the vendor kid (EVIDENCE_SIGNATURE_INVALID)', async () => {
    const impostor = await createTestVendor({ alg: 'EdDSA', kid: 'ed-1', issuer: ed.issuer });
    await expect(check(await sign(impostor))).rejects.toMatchObject({ code: 'EVIDENCE_SIGNATURE_INVALID' });
  });

  it('refuses a token from an issuer that is not trusted (ISSUER_KEY_UNTRUSTED)', async () => {
    const other = await createTestVendor({ issuer: 'https://unknown.example' });
    await expect(check(await sign(other))).rejects.toMatchObject({ code: 'ISSUER_KEY_UNTRUSTED' });
  });

  it('refuses a token naming a kid the vendor does not publish (ISSUER_KEY_UNTRUSTED)', async () => {
    await expect(check(await sign(ed, { header: { kid: 'ed-2' } }))).rejects.toMatchObject({
      code: 'ISSUER_KEY_UNTRUSTED',
    });
  });

  it('refuses an algorithm outside the vendor allow-list (ISSUER_KEY_UNTRUSTED)', async () => {
    await expect(check(await sign(ed), { vendors: [trust(ed, { algorithms: ['ES256'] })] })).rejects.toMatchObject({
      code: 'ISSUER_KEY_UNTRUSTED',
    });
    // HS256 with a guessable secret must never be accepted, whatever the JWKS holds.
    const hs = await new SignJWT({
      iss: ed.issuer,
      sub: SUBJECT.toString(),
      aud: AUD,
      iat: NOW,
      exp: NOW + 60,
      jti: 'h',
    })
      .setProtectedHeader({ alg: 'HS256', kid: 'ed-1', typ: 'kyc-attestation+jwt' })
      .sign(new TextEncoder().encode('0123456789abcdef0123456789abcdef'));
    await expect(check(hs)).rejects.toMatchObject({ code: 'ISSUER_KEY_UNTRUSTED' });
  });

  it('refuses an unsigned (alg none) token and a token without kid (EVIDENCE_MALFORMED)', async () => {
    const enc = (o: unknown) => base64url.encode(JSON.stringify(o));
    const none = `${enc({ alg: 'none', typ: 'kyc-attestation+jwt' })}.${enc({ iss: ed.issuer, sub: SUBJECT.toString() })}.`;
    await expect(check(none)).rejects.toMatchObject({ code: 'EVIDENCE_MALFORMED' });
    const noKid = await new SignJWT({
      iss: ed.issuer,
      sub: SUBJECT.toString(),
      aud: AUD,
      iat: NOW,
      exp: NOW + 60,
      jti: 'k',
    })
      .setProtectedHeader({ alg: 'EdDSA', typ: 'kyc-attestation+jwt' })
      .sign(ed.privateKey);
    await expect(check(noKid)).rejects.toMatchObject({ code: 'EVIDENCE_MALFORMED' });
  });

  it('refuses a vendor JWT of another type (typ) (EVIDENCE_MALFORMED)', async () => {
    await expect(check(await sign(ed, { header: { typ: 'JWT' } }))).rejects.toMatchObject({
      code: 'EVIDENCE_MALFORMED',
    });
  });
});

describe('vendor attestation: binding and replay', () => {
  it('refuses an attestation for another subject commitment (EVIDENCE_NOT_BOUND)', async () => {
    await expect(check(await sign(ed), { subject: SUBJECT + 1n })).rejects.toMatchObject({
      code: 'EVIDENCE_NOT_BOUND',
    });
  });

  it('refuses an attestation minted for another audience (EVIDENCE_NOT_BOUND)', async () => {
    await expect(check(await sign(ed, { audience: 'did:web:other-issuer.example' }))).rejects.toMatchObject({
      code: 'EVIDENCE_NOT_BOUND',
    });
  });

  it('refuses a jti this issuer has already used (EVIDENCE_REPLAYED)', async () => {
    const used = new Set<string>();
    const seen = (k: string) => used.has(k);
    const token = await sign(ed, { jti: 'once' });
    used.add((await check(token, { seen })).evidence.replayKey);
    await expect(check(token, { seen })).rejects.toMatchObject({ code: 'EVIDENCE_REPLAYED' });
    // Same jti from another vendor is a different key.
    await expect(check(await sign(es, { jti: 'once' }), { seen })).resolves.toBeDefined();
  });

  it('percent-encodes iss and jti so distinct pairs never share a replay key', async () => {
    const colon = await createTestVendor({ issuer: 'https://a.example:8443' });
    const r = await check(await sign(colon, { jti: 'x:y' }), { vendors: [trust(colon)] });
    expect(r.evidence.replayKey).toBe('vendor-jws:https%3A%2F%2Fa.example%3A8443:x%3Ay');
  });
});

describe('vendor attestation: claims', () => {
  const bad: [string, Record<string, unknown>][] = [
    ['an unknown claim', { extra: 1 }],
    ['a lower-case country', { country: 'de' }],
    ['an unassigned country', { country: 'ZZ' }],
    ['a fractional trade limit', { trade_limit: '1.5' }],
    ['a numeric trade limit', { trade_limit: 1000 }],
    ['a trade limit of 2^64', { trade_limit: (2n ** 64n).toString() }],
    ['kyc_level 4', { kyc_level: 4 }],
    ['an unknown investor class', { investor_class: 'vip' }],
    ['a missing jti', { jti: undefined }],
    ['a missing sanctions_screened_at', { sanctions_screened_at: undefined }],
    ['a sub that is not a field element', { sub: '0x1234' }],
    ['a missing exp', { exp: undefined }],
  ];
  for (const [what, extraClaims] of bad) {
    it(`refuses ${what} (EVIDENCE_MALFORMED)`, async () => {
      await expect(check(await sign(ed, { extraClaims }))).rejects.toMatchObject({ code: 'EVIDENCE_MALFORMED' });
    });
  }

  it('refuses text that is not a compact JWS, and oversized input', async () => {
    await expect(check('hello')).rejects.toMatchObject({ code: 'EVIDENCE_MALFORMED' });
    await expect(check('a.b.c')).rejects.toMatchObject({ code: 'EVIDENCE_MALFORMED' });
    await expect(check('a'.repeat(16 * 1024 + 1))).rejects.toMatchObject({ code: 'INPUT_TOO_LARGE' });
  });

  it('never echoes the token or its claims in an error message', async () => {
    const token = await sign(ed, { jti: 'secret-jti-123' });
    for (const err of [
      await rejectionOf(check(token, { subject: 1n })),
      await rejectionOf(check(token, { now: NOW + 10_000 })),
      await rejectionOf(check(token, { seen: () => true })),
    ]) {
      expect(err).toBeInstanceOf(Error);
      expect(err.message).not.toContain('secret-jti-123');
      expect(err.message).not.toContain(token.split('.')[1]!.slice(0, 20));
      expect(err.message).not.toContain(SUBJECT.toString());
    }
  });
});

describe('vendor JWKS file', () => {
  it('accepts the public JWKS a test vendor publishes', () => {
    expect(parseVendorJwks(JSON.stringify(ed.jwks)).keys).toHaveLength(1);
  });

  it('refuses private keys, duplicate or missing kids, other key types and empty sets (CONFIG_INVALID)', async () => {
    const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const priv = { ...(await exportJWK(privateKey)), kid: 'p' };
    const rsa = { ...(await exportJWK((await generateKeyPair('RS256', { extractable: true })).publicKey)), kid: 'r' };
    const pub = ed.jwks.keys[0]!;
    const { kid: _kid, ...noKid } = pub;
    for (const jwks of [{ keys: [priv] }, { keys: [pub, pub] }, { keys: [noKid] }, { keys: [rsa] }, { keys: [] }, {}]) {
      expect(() => parseVendorJwks(JSON.stringify(jwks))).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    }
    expect(() => parseVendorJwks('not json')).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
