import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveAnonAadhaarArtifacts } from '../../src/kyc/anon-aadhaar/artifacts.js';
import { anonAadhaarProverArgs, proveAnonAadhaar } from '../../src/kyc/anon-aadhaar/prove.js';
import { pubkeyHashFromModulus, uidaiPubkeyHash } from '../../src/kyc/anon-aadhaar/pubkey-hash.js';
import { anonAadhaarSignalHash } from '../../src/kyc/anon-aadhaar/signal-hash.js';
import { verifyAnonAadhaarEvidence } from '../../src/kyc/anon-aadhaar/verify-anon-aadhaar.js';
import { indianStateSubdivision } from '../../src/kyc/anon-aadhaar/states.js';
import { releaseCurves } from '../../src/zk/curve.js';
import { fixtureText } from './fixtures.js';

const testQr = JSON.parse(fixtureText('test.json')) as { testQRData: string; State: string };
const certificatePem = fixtureText('testCertificate.pem');
const SUBJECT = 12345678901234567890123456789n;
const SEED = 42n;
const dirs: string[] = [];

afterAll(async () => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  await releaseCurves();
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'vouch-kyc-'));
  dirs.push(d);
  return d;
}

describe('Anon Aadhaar proving inputs (holder side, no artifacts needed)', () => {
  it('binds the circuit inputs of a real test QR to the subject commitment and the issuer app id', async () => {
    const args = await anonAadhaarProverArgs({
      qrData: testQr.testQRData,
      certificatePem,
      subject: SUBJECT,
      nullifierSeed: SEED,
    });
    expect(args.signalHash?.value).toBe(anonAadhaarSignalHash(SUBJECT).toString());
    expect(args.nullifierSeed?.value).toBe(SEED.toString());
    // The SDK's 17 limbs of the key, reassembled, hash to what the issuer trusts for this certificate.
    const limbs = args.pubKey?.value as string[];
    expect(limbs).toHaveLength(17);
    const modulus = limbs.reduceRight((acc, limb) => (acc << 121n) + BigInt(limb), 0n);
    expect(pubkeyHashFromModulus(modulus)).toBe(uidaiPubkeyHash(certificatePem));
  });

  it('refuses unreadable QR data as input, not as a crash', async () => {
    await expect(
      anonAadhaarProverArgs({ qrData: '12345', certificatePem, subject: SUBJECT, nullifierSeed: SEED }),
    ).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});

describe('Anon Aadhaar proving artifacts (ANON_AADHAAR_ARTIFACTS_DIR)', () => {
  it('reports ARTIFACT_MISSING when no directory is configured or files are absent', () => {
    expect(() => resolveAnonAadhaarArtifacts(undefined)).toThrow(expect.objectContaining({ code: 'ARTIFACT_MISSING' }));
    expect(() => resolveAnonAadhaarArtifacts(tempDir())).toThrow(expect.objectContaining({ code: 'ARTIFACT_MISSING' }));
  });

  it('accepts a directory whose vkey.json is the key this issuer verifies with, and refuses one whose key differs', () => {
    const dir = tempDir();
    // Placeholders: only the layout and the vkey consistency check are exercised here, not proving.
    writeFileSync(join(dir, 'aadhaar-verifier.wasm'), '');
    writeFileSync(join(dir, 'circuit_final.zkey'), '');
    const vkey = JSON.parse(fixtureText('vkey.v2.from-Verifier.sol.json')) as { IC: string[][] };
    writeFileSync(join(dir, 'vkey.json'), JSON.stringify(vkey));
    expect(resolveAnonAadhaarArtifacts(dir)).toEqual({
      wasm: join(dir, 'aadhaar-verifier.wasm'),
      zkey: join(dir, 'circuit_final.zkey'),
    });
    vkey.IC[1]![0] = '1';
    writeFileSync(join(dir, 'vkey.json'), JSON.stringify(vkey));
    expect(() => resolveAnonAadhaarArtifacts(dir)).toThrow(expect.objectContaining({ code: 'ARTIFACT_HASH_MISMATCH' }));
  });

  it.skipIf(Boolean(process.env.ANON_AADHAAR_ARTIFACTS_DIR))(
    'proveAnonAadhaar refuses to run without the artifacts',
    async () => {
      await expect(
        proveAnonAadhaar({ qrData: testQr.testQRData, certificatePem, subject: SUBJECT, nullifierSeed: SEED }),
      ).rejects.toMatchObject({ code: 'ARTIFACT_MISSING' });
    },
  );

  // Runs only where the official ~600 MB artifacts are installed; not exercised in this repository's CI.
  it.runIf(Boolean(process.env.ANON_AADHAAR_ARTIFACTS_DIR))(
    'proves the test QR bound to a subject and the issuer accepts it',
    async () => {
      const raw = await proveAnonAadhaar({
        qrData: testQr.testQRData,
        certificatePem,
        subject: SUBJECT,
        nullifierSeed: SEED,
        reveal: ['revealAgeAbove18', 'revealState'],
      });
      const timestamp = Number((JSON.parse(raw) as { timestamp: string }).timestamp);
      const result = await verifyAnonAadhaarEvidence(raw, {
        subject: SUBJECT,
        seen: () => false,
        now: () => new Date((timestamp + 60) * 1000),
        config: { trustedPubkeyHashes: [uidaiPubkeyHash(certificatePem)], nullifierSeed: SEED, maxAgeSeconds: 3600 },
      });
      expect(result.attributes).toMatchObject({
        jurisdiction: 356,
        ageOver18: true,
        subdivision: indianStateSubdivision(testQr.State),
      });
    },
    1_800_000,
  );
});
