/**
 * EdDSA-Poseidon: the fast fixed-base signer is compatible with circomlibjs/zk-kit (same public
 * keys, signatures their verifier accepts, and — in policy-circuit.test.ts — the circuit accepts).
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { mulBase8 } from '../../src/zk/babyjub-fixed-base.js';
import {
  babyJubPublicKey,
  randomBabyJubPrivateKey,
  randomFieldElement,
  signPoseidon,
  verifyPoseidon,
} from '../../src/zk/index.js';

const req = createRequire(import.meta.url);
const zk = req('@zk-kit/eddsa-poseidon') as typeof import('@zk-kit/eddsa-poseidon');
const bj = req('@zk-kit/baby-jubjub') as typeof import('@zk-kit/baby-jubjub');

describe('EdDSA-Poseidon on BabyJubJub', () => {
  it('computes k·Base8 like the reference double-and-add, for edge and random scalars', () => {
    const ks = [
      0n,
      1n,
      2n,
      15n,
      16n,
      17n,
      BigInt(bj.subOrder) - 1n,
      BigInt(bj.subOrder),
      ...Array.from({ length: 20 }, () => randomFieldElement()),
    ];
    for (const k of ks) {
      const ref = bj.mulPointEscalar(bj.Base8, k);
      expect(mulBase8(k)).toEqual([BigInt(ref[0]), BigInt(ref[1])]);
    }
  });

  it('derives the same public key as zk-kit (circomlibjs) for the same private key', () => {
    for (let i = 0; i < 5; i++) {
      const k = randomBabyJubPrivateKey();
      const ref = zk.derivePublicKey(Buffer.from(k));
      expect(babyJubPublicKey(k)).toEqual({ x: BigInt(ref[0]), y: BigInt(ref[1]) });
    }
  });

  it('signs so that zk-kit’s verifier accepts, and refuses a changed message, S or key', () => {
    for (let i = 0; i < 5; i++) {
      const k = randomBabyJubPrivateKey();
      const pub = babyJubPublicKey(k);
      const m = randomFieldElement();
      const sig = signPoseidon(k, m);
      expect(zk.verifySignature(m, { R8: [sig.R8.x, sig.R8.y], S: sig.S }, [pub.x, pub.y])).toBe(true);
      expect(verifyPoseidon(pub, m, sig)).toBe(true);
      expect(verifyPoseidon(pub, m + 1n, sig)).toBe(false);
      expect(verifyPoseidon(pub, m, { ...sig, S: sig.S + 1n })).toBe(false);
      expect(verifyPoseidon(babyJubPublicKey(randomBabyJubPrivateKey()), m, sig)).toBe(false);
    }
  });

  it('is deterministic per key and message, and uses a different nonce per message', () => {
    const k = randomBabyJubPrivateKey();
    expect(signPoseidon(k, 5n)).toEqual(signPoseidon(k, 5n));
    expect(signPoseidon(k, 5n).R8).not.toEqual(signPoseidon(k, 6n).R8);
  });
});
