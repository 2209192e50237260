/**
 * The fast G2 subgroup test (eprint 2022/348 endomorphism test, engine/wasm-g2.ts), in both its
 * forms (from Q alone, and scaled by 3 from [3x+1]Q as the batch uses it), against the definition
 * [r]Q == O (proof.ts inG2Subgroup), on honest points, on random twist points with no cofactor
 * clearing, and on points with a component of every prime order dividing the cofactor.
 *
 * Why the last family makes this a proof and not only a sample: E'(Fp2) has order r * h with h
 * square-free and prime to r (checked below), so it is cyclic and every subgroup is a product of
 * prime-order parts. The test's kernel is a subgroup containing G2; it is exactly G2 if and only if
 * it contains no point of order l for any prime l | h, which is what the torsion cases check.
 */
import { buildBn128 } from 'ffjavascript';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIELD_MODULUS as R, BASE_MODULUS as P } from '../../src/zk/field.js';
import { Engine } from '../../src/zk/engine/engine.js';
import { g2InSubgroup } from '../../src/zk/engine/g2-subgroup.js';
import { F2_BYTES, G2_JAC_BYTES } from '../../src/zk/engine/layout.js';
import { BN_SEED } from '../../src/zk/engine/wasm-g2.js';
import { inG2Subgroup } from '../../src/zk/proof.js';
import { G2_COFACTOR, G2_COFACTOR_PRIMES, randomTwistPoint } from '../support/twist.js';

/** #E'(Fp2) = r * h, h = 2p - r, and the factorisation of h (each factor checked below). */
const H = G2_COFACTOR;
const H_PRIMES = G2_COFACTOR_PRIMES;

let curve: any;
let engine: Engine;

beforeAll(async () => {
  curve = await buildBn128(true); // single-threaded: no worker pool to shut down
  engine = new Engine();
});

function randomScalar(bits = 256): bigint {
  const b = globalThis.crypto.getRandomValues(new Uint8Array(bits / 8));
  return b.reduce((v, x) => (v << 8n) | BigInt(x), 0n);
}

const affine = (q: Uint8Array): Uint8Array => curve.G2.toAffine(q);

/** vouch_g2InSubgroupFromY, given [3x+1]Q computed independently (ffjavascript). */
function fromY(q: Uint8Array): boolean {
  const y = affine(curve.G2.timesScalar(q, 3n * BN_SEED + 1n));
  return engine.scratch(() => {
    const [pq, py] = [engine.alloc(G2_JAC_BYTES), engine.alloc(G2_JAC_BYTES)];
    engine.set(pq, q);
    engine.x.f2m_one(pq + 2 * F2_BYTES);
    engine.set(py, curve.G2.toJacobian(y));
    return engine.x.vouch_g2InSubgroupFromY(pq, py) === 1;
  });
}
const honestPoint = (): Uint8Array => affine(curve.G2.timesScalar(curve.G2.g, randomScalar() % R));

function isProbablePrime(n: bigint): boolean {
  const modPow = (b: bigint, e: bigint): bigint => {
    let r = 1n;
    for (b %= n; e > 0n; e >>= 1n, b = (b * b) % n) if (e & 1n) r = (r * b) % n;
    return r;
  };
  let d = n - 1n;
  let s = 0;
  while ((d & 1n) === 0n) [d, s] = [d >> 1n, s + 1];
  for (const a of [2n, 3n, 5n, 7n, 11n, 13n, 17n, 19n, 23n, 29n, 31n, 37n]) {
    if (a % n === 0n) continue;
    let x = modPow(a, d);
    if (x === 1n || x === n - 1n) continue;
    let composite = true;
    for (let i = 1; i < s && composite; i++) if ((x = (x * x) % n) === n - 1n) composite = false;
    if (composite) return false;
  }
  return true;
}

describe('G2 subgroup membership: fast endomorphism test vs [r]Q == O', () => {
  it('h = 2p - r is the product of four distinct primes, none of them r or 3', () => {
    expect(H_PRIMES.reduce((a, b) => a * b, 1n)).toBe(H);
    expect(H % 3n).not.toBe(0n); // [3] is invertible on E'(Fp2): the 3x-scaled test has the same kernel
    expect(R % 3n).not.toBe(0n);
    for (const l of H_PRIMES) expect(isProbablePrime(l)).toBe(true);
    expect(new Set(H_PRIMES).size).toBe(4);
    expect(H % R).not.toBe(0n);
  });

  it('accepts the generator and 40 random multiples of it, as the definition does', () => {
    const points = [affine(curve.G2.g), ...Array.from({ length: 40 }, honestPoint)];
    for (const q of points) {
      expect(inG2Subgroup(curve, q)).toBe(true);
      expect(g2InSubgroup(engine, q)).toBe(true);
      expect(fromY(q)).toBe(true);
    }
  });

  it('refuses 120 random twist points, as the definition does; each is on the curve and has order dividing r * h', () => {
    for (let i = 0; i < 120; i++) {
      const q = randomTwistPoint(curve);
      expect(curve.G2.isValid(q)).toBe(true);
      expect(curve.G2.isZero(curve.G2.timesScalar(q, R * H))).toBe(true);
      expect(inG2Subgroup(curve, q)).toBe(false);
      expect(g2InSubgroup(engine, q)).toBe(false);
      expect(fromY(q)).toBe(false);
    }
  });

  for (const l of H_PRIMES) {
    it(`refuses a point of order ${l}, and an honest point plus it`, () => {
      let t: Uint8Array;
      do t = curve.G2.timesScalar(randomTwistPoint(curve), (R * H) / l);
      while (curve.G2.isZero(t));
      expect(curve.G2.isZero(curve.G2.timesScalar(t, l))).toBe(true);
      for (const q of [affine(t), affine(curve.G2.add(honestPoint(), t))]) {
        expect(inG2Subgroup(curve, q)).toBe(false);
        expect(g2InSubgroup(engine, q)).toBe(false);
        expect(fromY(q)).toBe(false);
      }
    });
  }
});
