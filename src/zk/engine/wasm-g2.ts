/**
 * G2 subgroup membership in wasm, by the endomorphism test of Dai, Lin, Zhao and Zhou, "Fast
 * subgroup membership testings for G1, G2 and GT on pairing-friendly curves" (eprint 2022/348,
 * BN case; the test gnark-crypto's bn254 G2Jac.IsInSubGroup uses):
 *
 *   Q in G2  <=>  [x+1]Q + psi([x]Q) + psi^2([x]Q) == psi^3([2x]Q)
 *
 * for the BN seed x = 4965661367192848881, valid because x mod 13 != 4 and x mod 97 != 92. It costs
 * one 63-bit scalar multiplication instead of the 254-bit [r]Q of the definition. psi is the
 * untwist-Frobenius-twist endomorphism (Galbraith-Scott), in Jacobian coordinates
 * psi(X, Y, Z) = (conj(X) * gx, conj(Y) * gy, conj(Z)).
 *
 * vouch_g2InSubgroupFromY is the same test, scaled by 3, for callers that already hold [3x+1]Q.
 *
 * This file must never weaken the test: test/zk/g2-subgroup.test.ts checks both forms against
 * [r]Q == O on honest points, random twist points and a point of every prime order dividing the
 * cofactor.
 */
import type { ModuleBuilder } from 'wasmbuilder';
import { F2_BYTES, G2_JAC_BYTES, fpMontgomery, leBytes } from './layout.js';

/** The BN254 seed x (the curve parameter u): p and r are polynomials in it. */
export const BN_SEED = 4965661367192848881n;

/** gx = xi^((p-1)/3) and gy = xi^((p-1)/2) for xi = 9 + u (the same constants as wasmcurves' bn128_mulByQ). */
const PSI_X = [
  21575463638280843010398324269430826099269044274347216827212613867836435027261n,
  10307601595873709700152284273816112264069230130616436755625194854815875713954n,
] as const;
const PSI_Y = [
  2821565182194536844548159561693502659359617185244120367078079554186484126554n,
  3505843767911556378687030309984248845540243509899259641013678093033130930403n,
] as const;

export function addG2Functions(m: ModuleBuilder): void {
  const pSeed = m.alloc(leBytes(BN_SEED, 8));
  const pPsiX = m.alloc([...fpMontgomery(PSI_X[0]), ...fpMontgomery(PSI_X[1])]);
  const pPsiY = m.alloc([...fpMontgomery(PSI_Y[0]), ...fpMontgomery(PSI_Y[1])]);

  {
    const f = m.addFunction('vouch_g2Psi');
    f.addParam('p', 'i32');
    f.addParam('r', 'i32');
    const c = f.getCodeBuilder();
    const at = (v: string, k: number) => c.i32_add(c.getLocal(v), c.i32_const(k * F2_BYTES));
    f.addCode(
      c.call('f2m_conjugate', at('p', 0), at('r', 0)),
      c.call('f2m_mul', c.i32_const(pPsiX), at('r', 0), at('r', 0)),
      c.call('f2m_conjugate', at('p', 1), at('r', 1)),
      c.call('f2m_mul', c.i32_const(pPsiY), at('r', 1), at('r', 1)),
      c.call('f2m_conjugate', at('p', 2), at('r', 2)),
    );
    m.exportFunction('vouch_g2Psi');
  }

  {
    // Separate scratch for every intermediate: wasmcurves' add/double are not all alias-safe.
    const f = m.addFunction('vouch_g2InSubgroup');
    f.addParam('q', 'i32');
    f.setReturnType('i32');
    const c = f.getCodeBuilder();
    const [xQ, psi1, psi2, s1, s2, lhs, dbl, rhs] = Array.from({ length: 8 }, () => c.i32_const(m.alloc(G2_JAC_BYTES)));
    f.addCode(
      c.call('g2m_timesScalar', c.getLocal('q'), c.i32_const(pSeed), c.i32_const(8), xQ), // [x]Q
      c.call('vouch_g2Psi', xQ, psi1), // psi([x]Q)
      c.call('vouch_g2Psi', psi1, psi2), // psi^2([x]Q)
      c.call('g2m_add', c.getLocal('q'), xQ, s1), // [x+1]Q
      c.call('g2m_add', s1, psi1, s2),
      c.call('g2m_add', s2, psi2, lhs),
      c.call('g2m_double', psi2, dbl), // psi^2([2x]Q)
      c.call('vouch_g2Psi', dbl, rhs), // psi^3([2x]Q)
      c.call('g2m_eq', lhs, rhs),
    );
    m.exportFunction('vouch_g2InSubgroup');
  }

  {
    // The same test given Y = [3x+1]Q (which the batch's Miller loop computes on its way, see
    // wasm-affine-miller.ts), multiplied through by 3 (invertible on E'(Fp2), whose order r * h
    // has no factor 3, so the kernel is unchanged), with y = 3x + 1:
    //   [y+2]Q + psi([y-1]Q) + psi^2([y-1]Q) == psi^3([2y-2]Q)
    const f = m.addFunction('vouch_g2InSubgroupFromY');
    f.addParam('q', 'i32');
    f.addParam('y', 'i32');
    f.setReturnType('i32');
    const c = f.getCodeBuilder();
    const [yMinus1, psi1, psi2, s1, s2, s3, lhs, dbl, rhs] = Array.from({ length: 9 }, () =>
      c.i32_const(m.alloc(G2_JAC_BYTES)),
    );
    f.addCode(
      c.call('g2m_sub', c.getLocal('y'), c.getLocal('q'), yMinus1), // [y-1]Q
      c.call('vouch_g2Psi', yMinus1, psi1), // psi([y-1]Q)
      c.call('vouch_g2Psi', psi1, psi2), // psi^2([y-1]Q)
      c.call('g2m_add', c.getLocal('y'), c.getLocal('q'), s1), // [y+1]Q
      c.call('g2m_add', s1, c.getLocal('q'), s2), // [y+2]Q
      c.call('g2m_add', s2, psi1, s3),
      c.call('g2m_add', s3, psi2, lhs),
      c.call('g2m_double', psi2, dbl), // psi^2([2y-2]Q)
      c.call('vouch_g2Psi', dbl, rhs), // psi^3([2y-2]Q)
      c.call('g2m_eq', lhs, rhs),
    );
    m.exportFunction('vouch_g2InSubgroupFromY');
  }
}
