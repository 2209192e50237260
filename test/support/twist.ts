/**
 * Points of BN254's G2 twist E'(Fp2): y² = x³ + b' built with ffjavascript's own Fp2 arithmetic,
 * with no cofactor clearing — the raw material for every "wrong subgroup" test. #E'(Fp2) = r·h with
 * h = 2p − r square-free; G2_COFACTOR_PRIMES is its factorisation (checked in g2-subgroup.test.ts).
 */
import { BASE_MODULUS, FIELD_MODULUS } from '../../src/zk/field.js';

export const G2_COFACTOR = 2n * BASE_MODULUS - FIELD_MODULUS;
export const G2_COFACTOR_PRIMES = [
  10069n,
  5864401n,
  1875725156269n,
  197620364512881247228717050342013327560683201906968909n,
];

function randomBelow(m: bigint): bigint {
  return globalThis.crypto.getRandomValues(new Uint8Array(48)).reduce((v, x) => (v << 8n) | BigInt(x), 0n) % m;
}

/** A uniformly random point of E'(Fp2) (random x until x³ + b' is a square), affine, no cofactor clearing. */
export function randomTwistPoint(curve: any): Uint8Array {
  const { G2 } = curve;
  const F2 = G2.F;
  for (;;) {
    const x = F2.fromObject([randomBelow(BASE_MODULUS), randomBelow(BASE_MODULUS)]);
    const rhs = F2.add(F2.mul(F2.square(x), x), G2.b);
    if (!F2.isSquare(rhs)) continue;
    const pt = new Uint8Array(2 * F2.n8);
    pt.set(x);
    pt.set(F2.sqrt(rhs), F2.n8);
    return pt;
  }
}

/** A non-identity point of prime order l, for l a prime dividing the cofactor (Jacobian). */
export function torsionPoint(curve: any, l: bigint): Uint8Array {
  for (;;) {
    const t = curve.G2.timesScalar(randomTwistPoint(curve), (FIELD_MODULUS * G2_COFACTOR) / l);
    if (!curve.G2.isZero(t)) return t;
  }
}
