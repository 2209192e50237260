/**
 * Points on BN254's G2 twist E'(Fp2): y² = x³ + b' that are NOT in the order-r subgroup, made
 * with ffjavascript's own Fp2 arithmetic (random x, y = sqrt(x³ + b'), no cofactor clearing).
 * The twist's group has order h·r with a large cofactor h, so such a point has a component of
 * order dividing h; a verifier that skipped the subgroup test would pair it anyway. Every point
 * returned here is checked to be on the twist and to satisfy [r]P != O — by scalar multiplication
 * in this file, not by the code under test.
 */
import { FIELD_MODULUS } from '../../../src/zk/field.js';
import { randomTwistPoint } from '../../support/twist.js';

export type G2Json = [[string, string], [string, string], [string, string]];

/** r in little-endian bytes, for ffjavascript's timesScalar. */
const R_LE = leBytes(FIELD_MODULUS, 32);

/** `count` random points of E'(Fp2) outside the order-r subgroup, in snarkjs affine JSON. */
export function wrongSubgroupPoints(curve: any, count: number): G2Json[] {
  const out: G2Json[] = [];
  while (out.length < count) {
    const p = randomTwistPoint(curve);
    assertOffSubgroup(curve, p);
    out.push(toJson(curve, p));
  }
  return out;
}

/**
 * B + T with T = [r]Q for a random twist point Q: T is a non-trivial point of order dividing the
 * cofactor, so B + T agrees with B "modulo the subgroup" — the classic small-subgroup mix.
 */
export function withTorsion(curve: any, b: G2Json, count: number): G2Json[] {
  const { G2 } = curve;
  const base = G2.fromObject(b.map((c) => c.map(BigInt)));
  const out: G2Json[] = [];
  for (const q of wrongSubgroupPoints(curve, count)) {
    const t = G2.timesScalar(G2.fromObject(q.map((c) => c.map(BigInt))), R_LE);
    if (G2.isZero(t)) throw new Error('torsion component vanished (retry)');
    const mixed = G2.add(base, t);
    assertOffSubgroup(curve, mixed);
    out.push(toJson(curve, mixed));
  }
  return out;
}

/** [r]P == O: subgroup membership by definition (a full 254-bit scalar multiplication). */
export function inSubgroup(curve: any, json: G2Json): boolean {
  const { G2 } = curve;
  return G2.isZero(G2.timesScalar(G2.fromObject(json.map((c) => c.map(BigInt))), R_LE));
}

function assertOffSubgroup(curve: any, p: Uint8Array): void {
  const { G2 } = curve;
  if (!G2.isValid(p) || G2.isZero(p)) throw new Error('constructed point is not on the twist');
  if (G2.isZero(G2.timesScalar(p, R_LE))) throw new Error('constructed point is in the subgroup (retry)');
}

function toJson(curve: any, p: Uint8Array): G2Json {
  const { G2 } = curve;
  return G2.toObject(G2.toAffine(p)).map((c: bigint[]) => c.map((x) => x.toString())) as G2Json;
}

function leBytes(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}
