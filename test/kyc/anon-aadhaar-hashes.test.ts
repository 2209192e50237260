import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { uidaiPubkeyHash } from '../../src/kyc/anon-aadhaar/pubkey-hash.js';
import { anonAadhaarSignalHash } from '../../src/kyc/anon-aadhaar/signal-hash.js';
import { fixtureText, loadProof } from './fixtures.js';

const testKeyProof = loadProof('proof-testkey-easxlit.json');
const prodKeyProof = loadProof('proof-prodkey-decentrasocial-signup.json');

describe('UIDAI public-key hash (the circuit pubkeyHash output)', () => {
  it('of the test public key equals the pubkeyHash in the real test-key proof', () => {
    expect(uidaiPubkeyHash(fixtureText('testPublicKey.pem')).toString()).toBe(testKeyProof.publicSignals[0]);
  });

  it('is the same from the test certificate as from the bare test public key', () => {
    expect(uidaiPubkeyHash(fixtureText('testCertificate.pem'))).toBe(uidaiPubkeyHash(fixtureText('testPublicKey.pem')));
  });

  it('of the UIDAI 2021 production certificate equals the pubkeyHash in the real production proofs', () => {
    expect(uidaiPubkeyHash(fixtureText('uidai_offline_publickey_26022021.pem')).toString()).toBe(
      prodKeyProof.publicSignals[0],
    );
  });

  it('differs for the older UIDAI certificate, which no fixture proof uses', () => {
    const old = uidaiPubkeyHash(fixtureText('uidai_prod_cdup.pem')).toString();
    expect(old).not.toBe(prodKeyProof.publicSignals[0]);
    expect(old).not.toBe(testKeyProof.publicSignals[0]);
  });

  it('refuses keys the circuit cannot have verified (not RSA-2048 with e = 65537)', () => {
    const ed = generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }) as string;
    const rsa3072 = generateKeyPairSync('rsa', { modulusLength: 3072 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    }) as string;
    const rsaE3 = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 3 }).publicKey.export({
      type: 'spki',
      format: 'pem',
    }) as string;
    for (const pem of [ed, rsa3072, rsaE3, 'not a pem']) {
      expect(() => uidaiPubkeyHash(pem)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    }
  });
});

describe('signal hash (binds a proof to a subject commitment)', () => {
  it("matches @anon-aadhaar/core's own hash() on small, large and field-sized values", async () => {
    const spec: string = '@anon-aadhaar/core';
    const core = (await import(spec)) as { hash(m: string): string };
    const values = [
      0n,
      1n,
      2n,
      255n,
      256n,
      2n ** 128n + 7n,
      21888242871839275222246405745257275088548364400416034343698204186575808495616n,
    ];
    for (const v of values) expect(anonAadhaarSignalHash(v).toString()).toBe(core.hash(v.toString()));
  });

  it('of signal 1 is the signalHash all three real proofs carry (their own signal)', () => {
    for (const proof of [testKeyProof, prodKeyProof])
      expect(anonAadhaarSignalHash(1n).toString()).toBe(proof.publicSignals[8]);
  });

  it('refuses values outside the field', () => {
    expect(() => anonAadhaarSignalHash(-1n)).toThrow(RangeError);
    expect(() =>
      anonAadhaarSignalHash(21888242871839275222246405745257275088548364400416034343698204186575808495617n),
    ).toThrow(RangeError);
  });
});
