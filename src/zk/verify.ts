/**
 * Single Groth16 verification against a prepared key:
 *   e(A, B) = e(alpha, beta) * e(L, gamma) * e(C, delta)
 * checked as FE(ML(A, B) * ML(-L, gamma) * ML(-C, delta)) == e(alpha, beta).
 * Malformed or non-canonical input is never "verified": it gets a code.
 */
import { isVouchError, type VouchErrorCode } from '../errors/index.js';
import { inG2Subgroup, parseProof, parsePublicSignals, type ParsedProof } from './proof.js';
import { linearCombination, type PreparedVerifyingKey } from './verifying-key.js';

export interface VerifyResult {
  valid: boolean;
  /** Why it is not valid: PROOF_INVALID, PROOF_MALFORMED, POINT_INVALID or SIGNAL_NOT_CANONICAL. */
  code?: VouchErrorCode;
}

export interface ParsedItem {
  proof: ParsedProof;
  signals: bigint[];
}

/** Parses and checks one item, or returns the coded reason it cannot be verified. */
export function parseItem(vk: PreparedVerifyingKey, proof: unknown, publicSignals: unknown): ParsedItem | VerifyResult {
  try {
    return { proof: parseProof(vk.curve, proof), signals: parsePublicSignals(publicSignals, vk.nPublic) };
  } catch (err) {
    if (isVouchError(err)) return { valid: false, code: err.code };
    throw err;
  }
}

export function verify(vk: PreparedVerifyingKey, proof: unknown, publicSignals: unknown): VerifyResult {
  const item = parseItem(vk, proof, publicSignals);
  if ('valid' in item) return item;
  if (!inG2Subgroup(vk.curve, item.proof.b)) return { valid: false, code: 'POINT_INVALID' };
  return verifyParsed(vk, item) ? { valid: true } : { valid: false, code: 'PROOF_INVALID' };
}

export function verifyParsed(vk: PreparedVerifyingKey, item: ParsedItem): boolean {
  const { curve } = vk;
  const { G1, G2 } = curve;
  // the wasm prepare functions read Jacobian (x, y, z) input
  const L = linearCombination(vk, item.signals);
  const ml1 = curve.millerLoop(curve.prepareG1(G1.toJacobian(item.proof.a)), curve.prepareG2(G2.toJacobian(item.proof.b)));
  const ml2 = curve.millerLoop(curve.prepareG1(G1.neg(L)), vk.preGamma);
  const ml3 = curve.millerLoop(curve.prepareG1(G1.toJacobian(G1.neg(item.proof.c))), vk.preDelta);
  const f = curve.finalExponentiation(curve.Gt.mul(curve.Gt.mul(ml1, ml2), ml3));
  return curve.Gt.eq(f, vk.alphaBeta);
}
