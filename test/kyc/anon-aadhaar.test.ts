import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAttributes } from '../../src/credentials/schema.js';
import type { AnonAadhaarConfig } from '../../src/kyc/anon-aadhaar/config.js';
import { parseAnonAadhaarProof } from '../../src/kyc/anon-aadhaar/parse-proof.js';
import { uidaiPubkeyHash } from '../../src/kyc/anon-aadhaar/pubkey-hash.js';
import { verifyAnonAadhaarEvidence } from '../../src/kyc/anon-aadhaar/verify-anon-aadhaar.js';
import { verifyAnonAadhaarProof } from '../../src/kyc/anon-aadhaar/verify-proof.js';
import { sha256Hex } from '../../src/kyc/lib/evidence-bytes.js';
import { releaseCurves } from '../../src/zk/curve.js';
import { BASE_MODULUS, FIELD_MODULUS } from '../../src/zk/field.js';
import { cloneProof, fixtureText, loadProof, PROOF_FILES, rejectionOf, type ProofFixture } from './fixtures.js';

const TEST_KEY = uidaiPubkeyHash(fixtureText('testPublicKey.pem'));
const UIDAI_2021 = uidaiPubkeyHash(fixtureText('uidai_offline_publickey_26022021.pem'));
const MAX_AGE = 86_400;
/** All three real proofs were made with the SDK's default signal, "1". */
const OWN_SUBJECT = 1n;
const never = () => false;

const testKeyProof = loadProof('proof-testkey-easxlit.json');
const prodProof = loadProof('proof-prodkey-decentrasocial-signup.json');

function config(f: ProofFixture, overrides: Partial<AnonAadhaarConfig> = {}): AnonAadhaarConfig {
  return {
    trustedPubkeyHashes: [TEST_KEY, UIDAI_2021],
    nullifierSeed: BigInt(f.publicSignals[7]!),
    maxAgeSeconds: MAX_AGE,
    ...overrides,
  };
}

/** One hour after the QR was signed: well inside the window. */
function clockFor(f: ProofFixture, offsetSeconds = 3600) {
  return () => new Date((Number(f.publicSignals[2]) + offsetSeconds) * 1000);
}

function verify(
  f: ProofFixture,
  proof: unknown = f.anonAadhaarProof,
  overrides: {
    subject?: bigint;
    config?: Partial<AnonAadhaarConfig>;
    offset?: number;
    seen?: (k: string) => boolean;
  } = {},
) {
  return verifyAnonAadhaarEvidence(JSON.stringify(proof), {
    subject: overrides.subject ?? OWN_SUBJECT,
    seen: overrides.seen ?? never,
    now: clockFor(f, overrides.offset),
    config: config(f, overrides.config),
  });
}

const add = (v: string, m: bigint) => ((BigInt(v) + 1n) % m).toString();

afterAll(releaseCurves);

describe('Anon Aadhaar evidence: the three real proofs', () => {
  for (const file of PROOF_FILES) {
    it(`accepts ${file} under its own signal, seed and a frozen clock`, async () => {
      const f = loadProof(file);
      const seenKeys: string[] = [];
      const raw = JSON.stringify(f.anonAadhaarProof);
      const result = await verifyAnonAadhaarEvidence(raw, {
        subject: OWN_SUBJECT,
        seen: (k) => (seenKeys.push(k), false),
        now: clockFor(f),
        config: config(f),
      });
      const [, nullifier, , ageAbove18, , , , seed] = f.publicSignals;
      expect(result.attributes).toEqual({
        kycLevel: 1,
        jurisdiction: 356,
        investorClass: 'none',
        ageOver18: ageAbove18 === '1',
        tradeLimit: '0',
      });
      expect(result.evidence).toEqual({
        kind: 'anon-aadhaar',
        digest: sha256Hex(raw),
        replayKey: `anon-aadhaar:${seed}:${nullifier}`,
        subjectCommitment: '1',
      });
      expect(seenKeys).toEqual([result.evidence.replayKey]);
      // The attributes are ones the credential schema can sign.
      expect(() =>
        encodeAttributes({
          subject: 1n,
          credentialIndex: 0,
          issuedAt: 1,
          expiresAt: 2,
          evidenceKind: 'anon-aadhaar',
          attributes: result.attributes,
        }),
      ).not.toThrow();
    });
  }

  it('maps the production proofs (ageAbove18 revealed) to ageOver18 = true and the test-key one to false', async () => {
    expect((await verify(prodProof)).attributes.ageOver18).toBe(true);
    expect((await verify(testKeyProof)).attributes.ageOver18).toBe(false);
  });

  it('applies configured defaults for what Aadhaar cannot establish', async () => {
    const r = await verify(prodProof, undefined, {
      config: { defaults: { investorClass: 'retail', tradeLimit: '50000' } },
    });
    expect(r.attributes).toMatchObject({ investorClass: 'retail', tradeLimit: '50000' });
  });

  it('accepts the SDK wrappers: an AnonAadhaarCore PCD and its serialized form', async () => {
    const pcd = { type: 'anon-aadhaar', id: 'x', claim: { signalHash: 'ignored' }, proof: prodProof.anonAadhaarProof };
    await expect(verify(prodProof, pcd)).resolves.toBeDefined();
    await expect(verify(prodProof, { type: 'anon-aadhaar', pcd: JSON.stringify(pcd) })).resolves.toBeDefined();
  });
});

describe('Anon Aadhaar evidence: refusals', () => {
  it('refuses a proof whose nullifier this issuer has seen (one credential per Aadhaar per issuer)', async () => {
    const used = new Set<string>();
    const seen = (k: string) => used.has(k);
    const first = await verify(prodProof, undefined, { seen });
    used.add(first.evidence.replayKey);
    await expect(verify(prodProof, undefined, { seen })).rejects.toMatchObject({ code: 'EVIDENCE_REPLAYED' });
  });

  it('refuses a proof bound to another subject commitment (EVIDENCE_NOT_BOUND)', async () => {
    await expect(verify(prodProof, undefined, { subject: 2n })).rejects.toMatchObject({ code: 'EVIDENCE_NOT_BOUND' });
  });

  it("refuses a proof made for another app's nullifier seed (EVIDENCE_SEED_MISMATCH)", async () => {
    const seed = BigInt(prodProof.publicSignals[7]!) + 1n;
    await expect(verify(prodProof, undefined, { config: { nullifierSeed: seed } })).rejects.toMatchObject({
      code: 'EVIDENCE_SEED_MISMATCH',
    });
  });

  it('accepts a QR exactly at the maximum age and refuses it one second later (EVIDENCE_STALE)', async () => {
    await expect(verify(prodProof, undefined, { offset: MAX_AGE })).resolves.toBeDefined();
    await expect(verify(prodProof, undefined, { offset: MAX_AGE + 1 })).rejects.toMatchObject({
      code: 'EVIDENCE_STALE',
    });
  });

  it('refuses a QR timestamp beyond the clock-skew tolerance in the future (EVIDENCE_NOT_YET_VALID)', async () => {
    await expect(verify(prodProof, undefined, { offset: -300 })).resolves.toBeDefined();
    await expect(verify(prodProof, undefined, { offset: -301 })).rejects.toMatchObject({
      code: 'EVIDENCE_NOT_YET_VALID',
    });
  });

  it('refuses a production-key proof when only the test key is trusted, and vice versa (ISSUER_KEY_UNTRUSTED)', async () => {
    await expect(verify(prodProof, undefined, { config: { trustedPubkeyHashes: [TEST_KEY] } })).rejects.toMatchObject({
      code: 'ISSUER_KEY_UNTRUSTED',
    });
    await expect(
      verify(testKeyProof, undefined, { config: { trustedPubkeyHashes: [UIDAI_2021] } }),
    ).rejects.toMatchObject({
      code: 'ISSUER_KEY_UNTRUSTED',
    });
    const olderUidai = uidaiPubkeyHash(fixtureText('uidai_prod_cdup.pem'));
    await expect(verify(prodProof, undefined, { config: { trustedPubkeyHashes: [olderUidai] } })).rejects.toMatchObject(
      {
        code: 'ISSUER_KEY_UNTRUSTED',
      },
    );
  });

  // Each tampered public signal, with the issuer's expectations moved to match it, so that only
  // the Groth16 proof stands between the forgery and a credential.
  const signalTampers: { name: string; index: number; adjust?: (v: bigint) => Partial<AnonAadhaarConfig> }[] = [
    { name: 'pubkeyHash', index: 0, adjust: (v) => ({ trustedPubkeyHashes: [v] }) },
    { name: 'nullifier', index: 1 },
    { name: 'timestamp', index: 2 },
    { name: 'ageAbove18', index: 3 },
    { name: 'gender', index: 4 },
    { name: 'pincode', index: 5 },
    { name: 'state', index: 6 },
    { name: 'nullifierSeed', index: 7, adjust: (v) => ({ nullifierSeed: v }) },
  ];
  for (const t of signalTampers) {
    it(`refuses a real proof with its ${t.name} changed (EVIDENCE_SIGNATURE_INVALID)`, async () => {
      const p = cloneProof(prodProof);
      const old = p[t.name] as string;
      const v = t.name === 'ageAbove18' ? (old === '1' ? '0' : '1') : add(old, FIELD_MODULUS);
      p[t.name] = v;
      await expect(verify(prodProof, p, { config: t.adjust?.(BigInt(v)) ?? {} })).rejects.toMatchObject({
        code: 'EVIDENCE_SIGNATURE_INVALID',
      });
    });
  }

  it('the Groth16 check itself fails for every changed public signal, signalHash included', async () => {
    const { proof, publicSignals } = parseAnonAadhaarProof(JSON.stringify(prodProof.anonAadhaarProof));
    expect(await verifyAnonAadhaarProof(proof, publicSignals)).toBe(true);
    for (let i = 0; i < publicSignals.length; i++) {
      const tampered = [...publicSignals];
      tampered[i] = add(tampered[i]!, FIELD_MODULUS);
      expect(await verifyAnonAadhaarProof(proof, tampered), `signal ${i}`).toBe(false);
    }
  });

  const coordinates: [string, (p: ProofFixture['anonAadhaarProof']['groth16Proof']) => string[], number][] = [
    ['pi_a.x', (g) => g.pi_a, 0],
    ['pi_a.y', (g) => g.pi_a, 1],
    ['pi_b.x.c0', (g) => g.pi_b[0]!, 0],
    ['pi_b.x.c1', (g) => g.pi_b[0]!, 1],
    ['pi_b.y.c0', (g) => g.pi_b[1]!, 0],
    ['pi_b.y.c1', (g) => g.pi_b[1]!, 1],
    ['pi_c.x', (g) => g.pi_c, 0],
    ['pi_c.y', (g) => g.pi_c, 1],
  ];
  for (const [name, pick, i] of coordinates) {
    it(`refuses a real proof with coordinate ${name} changed (EVIDENCE_SIGNATURE_INVALID)`, async () => {
      const p = cloneProof(prodProof);
      const arr = pick(p.groth16Proof);
      arr[i] = add(arr[i]!, BASE_MODULUS);
      await expect(verify(prodProof, p)).rejects.toMatchObject({ code: 'EVIDENCE_SIGNATURE_INVALID' });
    });
  }

  it('refuses a proof whose A is replaced by -A, a valid curve point (EVIDENCE_SIGNATURE_INVALID)', async () => {
    const p = cloneProof(prodProof);
    p.groth16Proof.pi_a[1] = (BASE_MODULUS - BigInt(p.groth16Proof.pi_a[1]!)).toString();
    await expect(verify(prodProof, p)).rejects.toMatchObject({ code: 'EVIDENCE_SIGNATURE_INVALID' });
  });

  it('refuses a proof from one real app presented with another real proof’s points (EVIDENCE_SIGNATURE_INVALID)', async () => {
    const login = loadProof('proof-prodkey-decentrasocial-login.json');
    const p = cloneProof(prodProof);
    p.groth16Proof = structuredClone(login.anonAadhaarProof.groth16Proof);
    await expect(verify(prodProof, p)).rejects.toMatchObject({ code: 'EVIDENCE_SIGNATURE_INVALID' });
  });

  const malformed: [string, (p: Record<string, any>) => unknown][] = [
    ['a missing public signal', (p) => (delete p.nullifier, p)],
    ['an unknown field', (p) => ({ ...p, extra: '1' })],
    ['a signal not below the field modulus', (p) => ({ ...p, nullifier: FIELD_MODULUS.toString() })],
    ['a signal with a leading zero', (p) => ({ ...p, timestamp: '0' + p.timestamp })],
    ['a numeric (not string) signal', (p) => ({ ...p, gender: 0 })],
    ['a coordinate not below the base-field modulus', (p) => ((p.groth16Proof.pi_c[0] = BASE_MODULUS.toString()), p)],
    ['a projective point (z != 1)', (p) => ((p.groth16Proof.pi_a[2] = '2'), p)],
    ['another proof system', (p) => ((p.groth16Proof.protocol = 'plonk'), p)],
    ['ageAbove18 = 2', (p) => ({ ...p, ageAbove18: '2' })],
    ['an empty object', () => ({})],
  ];
  for (const [what, mutate] of malformed) {
    it(`refuses evidence with ${what} (EVIDENCE_MALFORMED)`, async () => {
      await expect(verify(prodProof, mutate(cloneProof(prodProof)))).rejects.toMatchObject({
        code: 'EVIDENCE_MALFORMED',
      });
    });
  }

  it('refuses text that is not JSON, and bytes that are not UTF-8 (EVIDENCE_MALFORMED)', async () => {
    const ctx = { subject: 1n, seen: never, now: clockFor(prodProof), config: config(prodProof) };
    await expect(verifyAnonAadhaarEvidence('{"groth16Proof"', ctx)).rejects.toMatchObject({
      code: 'EVIDENCE_MALFORMED',
    });
    await expect(verifyAnonAadhaarEvidence(new Uint8Array([0xff, 0xfe]), ctx)).rejects.toMatchObject({
      code: 'EVIDENCE_MALFORMED',
    });
  });

  it('refuses oversized evidence before parsing it (INPUT_TOO_LARGE)', async () => {
    const ctx = { subject: 1n, seen: never, now: clockFor(prodProof), config: config(prodProof) };
    await expect(verifyAnonAadhaarEvidence(' '.repeat(64 * 1024 + 1), ctx)).rejects.toMatchObject({
      code: 'INPUT_TOO_LARGE',
    });
  });

  it('never puts the proof, nullifier or subject in an error message', async () => {
    const err = await rejectionOf(verify(prodProof, undefined, { subject: 2n }));
    expect(err.message).not.toContain(prodProof.publicSignals[1]);
    const replayed = await rejectionOf(verify(prodProof, undefined, { seen: () => true }));
    expect(replayed).toMatchObject({ code: 'EVIDENCE_REPLAYED' });
    expect(replayed.message).not.toContain(prodProof.publicSignals[1]);
  });

  it('treats a bad caller context as a programming error (TypeError/RangeError)', async () => {
    await expect(verify(prodProof, undefined, { subject: -1n })).rejects.toThrow(RangeError);
    await expect(verify(prodProof, undefined, { config: { maxAgeSeconds: 0 } })).rejects.toThrow(RangeError);
  });
});
