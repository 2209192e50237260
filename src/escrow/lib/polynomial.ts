/**
 * Shamir polynomials mod l and their Feldman commitments. A dealer's secret polynomial
 * f(x) = a_0 + a_1·x + … + a_{k−1}·x^{k−1} gives member j the share f(j); the commitments
 * C_t = a_t·G let anyone compute f(j)·G = Σ C_t·j^t without learning f. Member indices are
 * 1..n (never 0: f(0) is the secret).
 */
import { SUBGROUP_ORDER, modL, mul, mulG, randomScalar, type Point } from './curve.js';

export function randomPolynomial(threshold: number): bigint[] {
  return Array.from({ length: threshold }, () => randomScalar());
}

export function evaluate(coefficients: readonly bigint[], x: number): bigint {
  const xs = BigInt(x);
  let acc = 0n;
  for (let t = coefficients.length - 1; t >= 0; t--) acc = modL(acc * xs + coefficients[t]!);
  return acc;
}

export function commit(coefficients: readonly bigint[]): Point[] {
  return coefficients.map((a) => mulG(a));
}

/** Σ_t C_t · x^t: the public image f(x)·G of member x's share. */
export function evaluateCommitments(commitments: readonly Point[], x: number): Point {
  const xs = BigInt(x);
  let acc = commitments[commitments.length - 1]!;
  for (let t = commitments.length - 2; t >= 0; t--) acc = mul(acc, xs).add(commitments[t]!);
  return acc;
}

/** λ_j(0) = Π_{m ≠ j} m / (m − j) mod l, for the given distinct non-zero indices. */
export function lagrangeAtZero(indices: readonly number[], j: number): bigint {
  let num = 1n;
  let den = 1n;
  for (const m of indices) {
    if (m === j) continue;
    num = modL(num * BigInt(m));
    den = modL(den * BigInt(m - j));
  }
  return modL(num * invert(den));
}

function invert(a: bigint): bigint {
  let [t, newT, r, newR] = [0n, 1n, SUBGROUP_ORDER, modL(a)];
  while (newR !== 0n) {
    const q = r / newR;
    [t, newT] = [newT, t - q * newT];
    [r, newR] = [newR, r - q * newR];
  }
  if (r !== 1n) throw new RangeError('not invertible mod l');
  return modL(t);
}
