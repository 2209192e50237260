/**
 * Structural parsing of a snarkjs proof and its public signals into EVM words, and the G1
 * arithmetic that precomputes a gate's verifying-key terms — shared by both gates' calldata.
 * Structural only (decimal strings below 2^256, affine points with z = 1): whether a point is on
 * the curve or a signal is below r is the gate's decision, so hostile input reaches it.
 */
import { bn254 } from '@noble/curves/bn254.js';
import { VouchError, type VouchErrorCode } from '../../errors/index.js';
import type { VerifyingKeyJson } from '../../zk/index.js';

const WORD = 1n << 256n;
const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

export type Affine = { x: bigint; y: bigint };

/** The public signals as words; PROOF_MALFORMED unless there are exactly `count`. */
export function signalWords(v: unknown, count: number, what: string): bigint[] {
  if (!Array.isArray(v) || v.length !== count) throw malformed(`${what} has ${count} public signals`);
  return v.map((x) => word(x, 'SIGNAL_NOT_CANONICAL', 'a public signal'));
}

/** pi_a, pi_b, pi_c → A.x, A.y, B (EIP-197 order: x.c1, x.c0, y.c1, y.c0), C.x, C.y. */
export function proofWords(proof: unknown): [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint] {
  const p = proof as { pi_a?: unknown; pi_b?: unknown; pi_c?: unknown; protocol?: unknown; curve?: unknown } | null;
  if (p === null || typeof p !== 'object') throw malformed('the proof must be an object');
  if (p.protocol !== undefined && p.protocol !== 'groth16') throw malformed('proof protocol must be groth16');
  if (p.curve !== undefined && p.curve !== 'bn128') throw malformed('proof curve must be bn128');
  const a = g1(p.pi_a, 'pi_a');
  const b = g2(p.pi_b);
  const c = g1(p.pi_c, 'pi_c');
  return [a[0], a[1], b[0], b[1], b[2], b[3], c[0], c[1]];
}

function g1(v: unknown, what: string): [bigint, bigint] {
  if (!Array.isArray(v) || v.length !== 3) throw malformed(`${what} must be [x, y, z]`);
  const [x, y, z] = v.map((c) => word(c, 'PROOF_MALFORMED', what));
  if (z !== 1n) throw new VouchError('POINT_INVALID', `${what} must be an affine point (z = 1)`);
  return [x!, y!];
}

/** snarkjs [[x.c0, x.c1], [y.c0, y.c1], [1, 0]] → EIP-197 [x.c1, x.c0, y.c1, y.c0]. */
function g2(v: unknown): [bigint, bigint, bigint, bigint] {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((c) => Array.isArray(c) && c.length === 2))
    throw malformed('pi_b must be [[x0, x1], [y0, y1], [z0, z1]]');
  const [x, y, z] = (v as unknown[][]).map((c) => c.map((e) => word(e, 'PROOF_MALFORMED', 'pi_b')));
  if (z![0] !== 1n || z![1] !== 0n) throw new VouchError('POINT_INVALID', 'pi_b must be an affine point (z = 1)');
  return [x![1]!, x![0]!, y![1]!, y![0]!];
}

function word(v: unknown, code: VouchErrorCode, what: string): bigint {
  if (typeof v !== 'string' || !DECIMAL.test(v)) throw new VouchError(code, `${what} must be a decimal string`);
  const n = BigInt(v);
  if (n >= WORD) throw new VouchError(code, `${what} does not fit in 256 bits`);
  return n;
}

export function malformed(message: string): VouchError {
  return new VouchError('PROOF_MALFORMED', message);
}

/** IC_i of the key (IC_0 is the constant term). */
export function ic(vkey: VerifyingKeyJson, i: number): Affine {
  const p = vkey.IC[i]!;
  return { x: BigInt(p[0]!), y: BigInt(p[1]!) };
}

/** k·P, the identity as (0, 0) (the precompiles' encoding). */
export function mul(p: Affine, k: bigint): Affine {
  const r = bn254.G1.Point.fromAffine(p).multiplyUnsafe(k % bn254.fields.Fr.ORDER);
  return r.is0() ? { x: 0n, y: 0n } : r.toAffine();
}

export function add(p: Affine, q: Affine): Affine {
  const r = bn254.G1.Point.fromAffine(p).add(bn254.G1.Point.fromAffine(q));
  return r.is0() ? { x: 0n, y: 0n } : r.toAffine();
}
