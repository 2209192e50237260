/**
 * Groth16 proofs in snarkjs JSON form, parsed strictly into curve points. Coordinates must be
 * canonical (< p), points affine (z = 1), on the curve and not the identity (BN254's G1 has
 * cofactor 1, so that puts A and C in the subgroup). B's membership in the order-r subgroup of the
 * twist is checked by verify/verifyBatch with the engine's endomorphism test (engine/wasm-g2.ts;
 * `inG2Subgroup` below is the definition it is tested against). Public signals must be canonical
 * (< r), and those the circuit range-checks must fit their bit width. These checks are what makes CVE-2023-33252-style aliasing impossible.
 */
import { VouchError } from '../errors/index.js';
import { BASE_MODULUS, FIELD_MODULUS, parseFieldElement } from './field.js';

export interface Groth16ProofJson {
  pi_a: string[];
  pi_b: string[][];
  pi_c: string[];
  protocol?: string;
  curve?: string;
}

export interface ParsedProof {
  /** Affine points in ffjavascript's internal (Montgomery) encoding. */
  a: Uint8Array;
  b: Uint8Array;
  c: Uint8Array;
}

const R_LE = leBytes(FIELD_MODULUS, 32);

/**
 * Public signals as canonical field elements (SIGNAL_NOT_CANONICAL otherwise), each then held to
 * its bit width where `bits` names one (SIGNAL_OUT_OF_RANGE otherwise): a circuit that range-checks
 * an input (Num2Bits) can never accept a larger one, so refusing it here costs no pairing and gives
 * the caller the reason instead of PROOF_INVALID. The one boundary check for verify, verifyBatch
 * and the hook.
 */
export function parsePublicSignals(
  signals: unknown,
  expected: number,
  bits: readonly (number | undefined)[] = [],
): bigint[] {
  if (!Array.isArray(signals) || signals.length !== expected) {
    throw new VouchError('PROOF_MALFORMED', `expected ${expected} public signals`);
  }
  const out = signals.map((s, i) => parseFieldElement(s, `public signal ${i}`));
  out.forEach((v, i) => {
    const b = bits[i];
    if (b !== undefined && v >> BigInt(b) !== 0n) {
      throw new VouchError('SIGNAL_OUT_OF_RANGE', `public signal ${i} must be below 2^${b}`, {
        details: { signal: i, bits: b },
      });
    }
  });
  return out;
}

export function parseProof(curve: any, json: unknown): ParsedProof {
  if (typeof json !== 'object' || json === null) throw new VouchError('PROOF_MALFORMED', 'proof must be an object');
  const p = json as Record<string, unknown>;
  if (p.protocol !== undefined && p.protocol !== 'groth16')
    throw new VouchError('PROOF_MALFORMED', 'proof protocol must be groth16');
  if (p.curve !== undefined && p.curve !== 'bn128')
    throw new VouchError('PROOF_MALFORMED', 'proof curve must be bn128');
  const a = g1(curve, p.pi_a, 'pi_a');
  const b = g2(curve, p.pi_b, 'pi_b');
  const c = g1(curve, p.pi_c, 'pi_c');
  return { a, b, c };
}

function coord(v: unknown, what: string): bigint {
  if (typeof v !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(v))
    throw new VouchError('PROOF_MALFORMED', `${what} must be a decimal string`);
  const x = BigInt(v);
  if (x >= BASE_MODULUS) throw new VouchError('POINT_INVALID', `${what} is not a canonical coordinate`);
  return x;
}

function g1(curve: any, v: unknown, what: string): Uint8Array {
  if (!Array.isArray(v) || v.length !== 3) throw new VouchError('PROOF_MALFORMED', `${what} must be [x, y, z]`);
  const [x, y, z] = [coord(v[0], what), coord(v[1], what), coord(v[2], what)];
  if (z !== 1n) throw new VouchError('POINT_INVALID', `${what} must be an affine, non-identity point`);
  const pt = curve.G1.fromObject([x, y, 1n]);
  if (!curve.G1.isValid(pt) || curve.G1.isZero(pt))
    throw new VouchError('POINT_INVALID', `${what} is not on the curve`);
  return pt;
}

function g2(curve: any, v: unknown, what: string): Uint8Array {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((e) => Array.isArray(e) && e.length === 2)) {
    throw new VouchError('PROOF_MALFORMED', `${what} must be [[x0, x1], [y0, y1], [z0, z1]]`);
  }
  const c = (v as unknown[][]).map((e) => [coord(e[0], what), coord(e[1], what)] as const);
  if (c[2]![0] !== 1n || c[2]![1] !== 0n)
    throw new VouchError('POINT_INVALID', `${what} must be an affine, non-identity point`);
  const pt = curve.G2.fromObject([
    [c[0]![0], c[0]![1]],
    [c[1]![0], c[1]![1]],
    [1n, 0n],
  ]);
  if (!curve.G2.isValid(pt) || curve.G2.isZero(pt))
    throw new VouchError('POINT_INVALID', `${what} is not on the twist curve`);
  return pt;
}

/**
 * [r]Q == O: the definition of subgroup membership (a 254-bit G2 scalar multiplication). Kept as
 * the reference the fast test is checked against; verification uses `g2InSubgroup`.
 */
export function inG2Subgroup(curve: any, q: Uint8Array): boolean {
  return curve.G2.isZero(curve.G2.timesScalar(q, R_LE));
}

function leBytes(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}
