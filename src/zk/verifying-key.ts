/**
 * A Groth16 verification key prepared once for many verifications: points decoded, e(alpha, beta)
 * computed, and the fixed G2 points (beta, gamma, delta) run through the Miller-loop line
 * precomputation, so a single verification costs three Miller loops and one final exponentiation
 * instead of four pairings.
 */
import { VouchError } from '../errors/index.js';

export interface VerifyingKeyJson {
  protocol: string;
  curve: string;
  nPublic: number;
  vk_alpha_1: string[];
  vk_beta_2: string[][];
  vk_gamma_2: string[][];
  vk_delta_2: string[][];
  IC: string[][];
}

export interface PreparedVerifyingKey {
  curve: any;
  nPublic: number;
  ic: Uint8Array[];
  alpha: Uint8Array;
  /** e(alpha, beta), the constant right-hand side of the single-proof check. */
  alphaBeta: Uint8Array;
  preBeta: Uint8Array;
  preGamma: Uint8Array;
  preDelta: Uint8Array;
}

export function prepareVerifyingKey(curve: any, vk: VerifyingKeyJson): PreparedVerifyingKey {
  if (vk.protocol !== 'groth16' || vk.curve !== 'bn128' || vk.IC.length !== vk.nPublic + 1) {
    throw new VouchError('INPUT_INVALID', 'verification key must be a groth16 bn128 key with nPublic + 1 IC points');
  }
  const big = (a: string[]) => a.map((x) => BigInt(x));
  const g1 = (a: string[]) => curve.G1.toAffine(curve.G1.fromObject(big(a)));
  const g2 = (a: string[][]) => curve.G2.toAffine(curve.G2.fromObject(a.map(big)));
  const alpha = g1(vk.vk_alpha_1);
  const beta = g2(vk.vk_beta_2);
  return {
    curve,
    nPublic: vk.nPublic,
    ic: vk.IC.map(g1),
    alpha,
    alphaBeta: curve.pairing(alpha, beta),
    // the wasm prepare functions read Jacobian (x, y, z) input
    preBeta: curve.prepareG2(curve.G2.toJacobian(beta)),
    preGamma: curve.prepareG2(curve.G2.toJacobian(g2(vk.vk_gamma_2))),
    preDelta: curve.prepareG2(curve.G2.toJacobian(g2(vk.vk_delta_2))),
  };
}

/** L = IC_0 + sum_i x_i IC_i (x given as canonical bigints). */
export function linearCombination(vk: PreparedVerifyingKey, scalars: readonly bigint[]): Uint8Array {
  const G1 = vk.curve.G1;
  let acc = G1.toJacobian(vk.ic[0]!);
  scalars.forEach((x, i) => {
    if (x !== 0n) acc = G1.add(acc, G1.timesScalar(vk.ic[i + 1]!, x));
  });
  return acc;
}
