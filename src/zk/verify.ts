/**
 * Single Groth16 verification against a prepared key:
 *   e(A, B) = e(alpha, beta) * e(L, gamma) * e(C, delta),   L = IC_0 + sum_i x_i IC_i
 * checked as FE(ML(A, B) * ML(-L, gamma) * ML(-C, delta)) == e(alpha, beta), the three Miller
 * loops run as one multi-Miller loop. B must pass the G2 subgroup test first. Malformed or
 * non-canonical input is never "verified": it gets a code.
 */
import { isVouchError, type VouchErrorCode } from '../errors/index.js';
import { g2InSubgroup } from './engine/g2-subgroup.js';
import {
  F2_BYTES,
  G1_AFFINE_BYTES,
  G1_JAC_BYTES,
  G2_JAC_BYTES,
  GT_BYTES,
  SCALAR_BYTES,
  leBytes,
} from './engine/layout.js';
import { parseProof, parsePublicSignals, type ParsedProof } from './proof.js';
import type { PreparedVerifyingKey } from './verifying-key.js';

export interface VerifyResult {
  valid: boolean;
  /** Why it is not valid: PROOF_INVALID, PROOF_MALFORMED, POINT_INVALID, SIGNAL_NOT_CANONICAL or SIGNAL_OUT_OF_RANGE. */
  code?: VouchErrorCode;
}

export interface ParsedItem {
  proof: ParsedProof;
  signals: bigint[];
}

/** Parses and checks one item (points, canonical and in-range signals), or returns the coded reason it cannot be verified. */
export function parseItem(vk: PreparedVerifyingKey, proof: unknown, publicSignals: unknown): ParsedItem | VerifyResult {
  try {
    return {
      proof: parseProof(vk.curve, proof),
      signals: parsePublicSignals(publicSignals, vk.nPublic, vk.signalBits),
    };
  } catch (err) {
    if (isVouchError(err)) return { valid: false, code: err.code };
    throw err;
  }
}

/**
 * Verifies one Groth16 proof against a prepared verifying key. Returns `{ valid: false, code }`
 * for a wrong or malformed proof; never throws on untrusted input.
 *
 * @example
 * const vk = prepareVerifyingKey(await getCurve(), readJson('policy.vkey.json'));
 * const { valid, code } = verify(vk, proofFile.proof, proofFile.publicSignals);
 */
export function verify(vk: PreparedVerifyingKey, proof: unknown, publicSignals: unknown): VerifyResult {
  const item = parseItem(vk, proof, publicSignals);
  return 'valid' in item ? item : verifyParsed(vk, item);
}

/** Subgroup test of B, then the pairing check, on the key's engine. */
export function verifyParsed(vk: PreparedVerifyingKey, item: ParsedItem): VerifyResult {
  const { engine: e, at } = vk;
  return e.scratch(() => {
    if (!g2InSubgroup(e, item.proof.b)) return { valid: false, code: 'POINT_INVALID' };
    const b = e.alloc(G2_JAC_BYTES);
    e.set(b, item.proof.b);
    e.x.f2m_one(b + 2 * F2_BYTES); // affine (x, y) -> Jacobian (x, y, 1)

    const pairs: [number, number][] = [[e.put(item.proof.a), e.alloc(e.preQSize)]];
    e.x.bn128_prepareG2(b, pairs[0]![1]);
    const negL = negatedAffine(vk, publicCombination(vk, item.signals));
    if (negL !== undefined) pairs.push([negL, at.preGamma]);
    const negC = e.alloc(G1_AFFINE_BYTES);
    e.x.g1m_negAffine(e.put(item.proof.c), negC);
    pairs.push([negC, at.preDelta]);

    const f = millerLoop(vk, pairs);
    e.x.bn128_finalExponentiation(f, f);
    return e.x.ftm_eq(f, at.alphaBeta) ? { valid: true } : { valid: false, code: 'PROOF_INVALID' };
  });
}

/** L = IC_0 + sum_i x_i IC_i from the fixed-base tables (Jacobian, in the current scratch). */
function publicCombination(vk: PreparedVerifyingKey, signals: readonly bigint[]): number {
  const e = vk.engine;
  const scalars = new Uint8Array(SCALAR_BYTES * (signals.length + 1));
  scalars[0] = 1;
  signals.forEach((x, i) => scalars.set(leBytes(x, SCALAR_BYTES), SCALAR_BYTES * (i + 1)));
  const out = e.alloc(G1_JAC_BYTES);
  e.x.vouch_fixedBaseMsm(vk.at.icTables, e.put(scalars), signals.length + 1, out);
  return out;
}

/** -P in affine form for a Miller loop, or undefined when P = O (its pairing factor is 1). */
export function negatedAffine(vk: PreparedVerifyingKey, jac: number): number | undefined {
  const e = vk.engine;
  if (e.x.g1m_isZero(jac)) return undefined;
  const neg = e.alloc(G1_JAC_BYTES);
  e.x.g1m_neg(jac, neg);
  const out = e.alloc(G1_AFFINE_BYTES);
  e.x.g1m_toAffine(neg, out);
  return out;
}

/** prod ML(P_i, Q_i) over (affine P, prepared Q) pairs; the result lives in the current scratch. */
export function millerLoop(vk: PreparedVerifyingKey, pairs: readonly (readonly [number, number])[]): number {
  const e = vk.engine;
  const table = e.alloc(8 * pairs.length);
  pairs.forEach(([p, q], i) => {
    e.setU32(table + 8 * i, p);
    e.setU32(table + 8 * i + 4, q);
  });
  const f = e.alloc(GT_BYTES);
  e.x.vouch_multiMillerLoop(table, pairs.length, f);
  return f;
}
