/**
 * BabyJubJub for the escrow: circomlib's twisted Edwards curve over BN254's scalar field
 * (a = 168700, d = 168696), generator G = Base8, prime subgroup order l. Arithmetic is noble's
 * (extended coordinates, complete formulas, constant-time `multiply` for secrets).
 *
 * Every point that arrives from outside goes through `pointFromAffine`, which refuses anything not
 * on the curve, not in the prime-order subgroup, or the identity: a small-order component would let
 * a dishonest member or requester learn a secret scalar modulo the cofactor, and the identity would
 * make a ciphertext or a share carry no information. Scalars are reduced mod l, never mod p.
 */
import { babyjubjub } from '@noble/curves/misc.js';
import { VouchError } from '../../errors/index.js';

export const Point = babyjubjub.Point;
export type Point = ReturnType<typeof babyjubjub.Point.fromAffine>;

/** l, the order of Base8's subgroup; every escrow scalar lives mod l. */
export const SUBGROUP_ORDER: bigint = babyjubjub.Point.Fn.ORDER;
/** p, the field the coordinates live in (BN254's scalar field, the circuit's field). */
export const COORDINATE_MODULUS: bigint = babyjubjub.Point.Fp.ORDER;

/** G = Base8 (circomlib's generator of the prime-order subgroup). */
export const G: Point = Point.BASE;

export function modL(x: bigint): bigint {
  const r = x % SUBGROUP_ORDER;
  return r < 0n ? r + SUBGROUP_ORDER : r;
}

/** k·P for any k (reduced mod l; 0 gives the identity). Constant-time in k for k ≠ 0. */
export function mul(p: Point, k: bigint): Point {
  const s = modL(k);
  return s === 0n ? Point.ZERO : p.multiply(s);
}

/** k·G, with noble's precomputed table for the base point. */
export function mulG(k: bigint): Point {
  return mul(G, k);
}

/** A uniformly random non-zero scalar mod l (512 bits from the CSPRNG reduced mod l: bias < 2^-250). */
export function randomScalar(): bigint {
  for (;;) {
    const bytes = new Uint8Array(64);
    globalThis.crypto.getRandomValues(bytes);
    let v = 0n;
    for (const b of bytes) v = (v << 8n) | BigInt(b);
    const s = v % SUBGROUP_ORDER;
    if (s !== 0n) return s;
  }
}

/**
 * An untrusted affine point, checked: coordinates canonical (< p), on the curve, in the
 * prime-order subgroup (l·P = 0), not the identity. Throws ESCROW_POINT_INVALID naming `what`.
 */
export function pointFromAffine(x: bigint, y: bigint, what: string): Point {
  if (x < 0n || y < 0n || x >= COORDINATE_MODULUS || y >= COORDINATE_MODULUS)
    invalid(what, 'has a coordinate outside the field');
  if (x === 0n && y === 1n) invalid(what, 'is the identity');
  let p: Point;
  try {
    p = Point.fromAffine({ x, y });
    p.assertValidity();
  } catch {
    invalid(what, 'is not on BabyJubJub');
  }
  if (p.is0()) invalid(what, 'is the identity');
  if (!p.isTorsionFree()) invalid(what, 'is not in the prime-order subgroup');
  return p;
}

/** [x, y] of a point, affine. */
export function affine(p: Point): { x: bigint; y: bigint } {
  return p.toAffine();
}

function invalid(what: string, why: string): never {
  throw new VouchError('ESCROW_POINT_INVALID', `${what} ${why}`, { details: { field: what } });
}
