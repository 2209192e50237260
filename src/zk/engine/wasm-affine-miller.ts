/**
 * A multi-Miller loop for n pairs (P_i, Q_i) at once, all Q_i walking in affine coordinates so
 * that every step costs one shared Fp2 inversion (Montgomery's batch trick) instead of projective
 * arithmetic per point, and the lines are evaluated as they are computed (nothing stored).
 *
 * It follows bn128_millerLoop exactly (same ate loop 6x + 2, doubling line then addition line per
 * step, closing lines through psi(Q) and -psi^2(Q)); each line is wasmcurves' line divided by an
 * Fp2 factor (-2y_T for a tangent, x_T - x_Q for a chord), which the final exponentiation removes:
 *
 *   l(P) = xi * (lambda * x_T - y_T)  +  y_P  [slot VW]  -  lambda * x_P  [slot VV]   (mulBy024 slots)
 *
 * further divided by y_P (an Fp factor, also removed) so the VW slot is 1 and the cheaper
 * vouch_mulBy02One applies (wasm-sparse.ts). P_i is rewritten in place as (x_P / y_P, 1 / y_P).
 *
 * Precondition for a meaningful product: every Q_i is in G2. Then no denominator is zero: T = [k]Q
 * with 1 < k < r is never +-Q nor of order 2, and on G2 psi acts as [p], with 6x+2 -+ p and
 * 6x+2+p +- p^2 all non-zero mod r, so the closing additions never meet +-T either. Conversely a zero denominator proves Q_i is not in G2 (some [k -+ 1]Q_i
 * = O with 0 < k -+ 1 < r) and is flagged; it only makes the product wrong, never faults. While no
 * denominator is zero the affine formulas are exact, so T_i really is [k]Q_i: the loop hands out
 * [3x+1]Q_i (the prefix before the last doubling) for the subgroup test of wasm-g2.ts, which then
 * costs a few additions instead of its own 63-bit scalar multiplication.
 */
import type { ModuleBuilder } from 'wasmbuilder';
import { F2_BYTES, FP_BYTES, G2_JAC_BYTES } from './layout.js';

/** 6x + 2, the optimal ate loop count, walked as bn128_millerLoop does (binary, MSB first). */
export const ATE_LOOP_COUNT = 29793968203157093288n;
const T_BYTES = 2 * F2_BYTES;
const P_BYTES = 2 * FP_BYTES;

/** Bytes of the scratch the loop needs for n pairs (T, psi(Q), -psi^2(Q), denominators, inverses). */
export function affineMillerScratchBytes(n: number): number {
  return n * (T_BYTES + 2 * G2_JAC_BYTES + 2 * F2_BYTES);
}

export function addAffineMillerFunctions(m: ModuleBuilder): void {
  const bits: number[] = [];
  for (let e = ATE_LOOP_COUNT; e > 0n; e >>= 1n) bits.push(Number(e & 1n));
  const pBits = m.alloc(bits);

  for (const double of [true, false]) {
    const f = m.addFunction(double ? 'vouch_affineDoubleStep' : 'vouch_affineAddStep');
    for (const p of ['T', 'Q', 'qStride', 'P', 'n', 'den', 'inv', 'f', 'flags']) f.addParam(p, 'i32');
    for (const l of ['j', 't', 'q', 'p']) f.addLocal(l, 'i32');
    const c = f.getCodeBuilder();
    const L = (v: string) => c.getLocal(v);
    const at = (base: string, stride: number | string) =>
      c.i32_add(L(base), c.i32_mul(L('j'), typeof stride === 'number' ? c.i32_const(stride) : L(stride)));
    const y = (v: string) => c.i32_add(L(v), c.i32_const(F2_BYTES));
    const [LAMBDA, T0, T1, T2, X3, Y3, ELL0, VV] = Array.from({ length: 8 }, () => c.i32_const(m.alloc(F2_BYTES)));
    const forEach = (...body: number[][]) =>
      c.block(
        c.loop(
          c.br_if(1, c.i32_eq(L('j'), L('n'))),
          c.setLocal('t', at('T', T_BYTES)),
          c.setLocal('q', at('Q', 'qStride')),
          c.setLocal('p', at('P', P_BYTES)),
          ...body,
          c.setLocal('j', c.i32_add(L('j'), c.i32_const(1))),
          c.br(0),
        ),
      );
    f.addCode(
      // denominators of every slope, then all their inverses at once
      c.setLocal('j', c.i32_const(0)),
      forEach(
        double
          ? c.call('f2m_add', y('t'), y('t'), at('den', F2_BYTES))
          : c.call('f2m_sub', L('t'), L('q'), at('den', F2_BYTES)),
        // a zero denominator means T = +-Q (or 2T = O): Q has order below r, so it is not in G2
        c.if(
          c.call('f2m_isZero', at('den', F2_BYTES)),
          c.i32_store8(c.i32_add(L('flags'), L('j')), 0, 0, c.i32_const(1)),
        ),
      ),
      c.call('f2m_batchInverse', L('den'), c.i32_const(F2_BYTES), L('n'), L('inv'), c.i32_const(F2_BYTES)),
      c.setLocal('j', c.i32_const(0)),
      forEach(
        // lambda = 3 x_T^2 / (2 y_T)  or  (y_T - y_Q) / (x_T - x_Q)
        double
          ? [...c.call('f2m_square', L('t'), T0), ...c.call('f2m_add', T0, T0, T1), ...c.call('f2m_add', T1, T0, T0)]
          : c.call('f2m_sub', y('t'), y('q'), T0),
        c.call('f2m_mul', T0, at('inv', F2_BYTES), LAMBDA),
        // ell0 = xi * (lambda * x_T - y_T) / y_P
        c.call('f2m_mul', LAMBDA, L('t'), T1),
        c.call('f2m_sub', T1, y('t'), T1),
        c.call('f2m_mul1', T1, c.i32_add(L('p'), c.i32_const(FP_BYTES)), T2),
        c.call('vouch_f2mMulXi', T2, ELL0),
        // x3 = lambda^2 - x_T - x_Q (x_Q = x_T when doubling); y3 = lambda (x_T - x3) - y_T
        c.call('f2m_square', LAMBDA, X3),
        c.call('f2m_sub', X3, L('t'), X3),
        c.call('f2m_sub', X3, double ? L('t') : L('q'), X3),
        c.call('f2m_sub', L('t'), X3, Y3),
        c.call('f2m_mul', LAMBDA, Y3, Y3),
        c.call('f2m_sub', Y3, y('t'), Y3),
        c.call('f2m_copy', X3, L('t')),
        c.call('f2m_copy', Y3, y('t')),
        // f *= l(P) / y_P = (ell0 / y_P, 1, -lambda * x_P / y_P)
        c.call('f2m_mul1', LAMBDA, L('p'), VV),
        c.call('f2m_neg', VV, VV),
        c.call('vouch_mulBy02One', ELL0, VV, L('f')),
      ),
    );
  }

  {
    // P: n affine G1 points (not the identity; overwritten); Q: n G2 points as Jacobian with z = 1
    // (stride 192); result in f. flags[i] is set to 1 when a zero denominator shows Q_i is not in
    // G2 (the caller zeroes flags first); Y_i receives [3x+1]Q_i (Jacobian, z = 1), exact when
    // flags[i] stays 0.
    const f = m.addFunction('vouch_affineMillerLoop');
    for (const p of ['P', 'Q', 'n', 'scratch', 'f', 'flags', 'Y']) f.addParam(p, 'i32');
    for (const l of ['j', 'i', 'T', 'Q1', 'Q2', 'den', 'inv', 'q', 'p']) f.addLocal(l, 'i32');
    const c = f.getCodeBuilder();
    const YINV = c.i32_const(m.alloc(FP_BYTES));
    const L = (v: string) => c.getLocal(v);
    const nTimes = (k: number) => c.i32_mul(L('n'), c.i32_const(k));
    const jTimes = (base: string, k: number) => c.i32_add(L(base), c.i32_mul(L('j'), c.i32_const(k)));
    const step = (name: string, q: string) =>
      c.call(name, L('T'), L(q), c.i32_const(G2_JAC_BYTES), L('P'), L('n'), L('den'), L('inv'), L('f'), L('flags'));
    const forEachJ = (...body: number[][]) => [
      ...c.setLocal('j', c.i32_const(0)),
      ...c.block(
        c.loop(
          c.br_if(1, c.i32_eq(L('j'), L('n'))),
          ...body,
          c.setLocal('j', c.i32_add(L('j'), c.i32_const(1))),
          c.br(0),
        ),
      ),
    ];
    f.addCode(
      c.setLocal('T', L('scratch')),
      c.setLocal('Q1', c.i32_add(L('T'), nTimes(T_BYTES))),
      c.setLocal('Q2', c.i32_add(L('Q1'), nTimes(G2_JAC_BYTES))),
      c.setLocal('den', c.i32_add(L('Q2'), nTimes(G2_JAC_BYTES))),
      c.setLocal('inv', c.i32_add(L('den'), nTimes(F2_BYTES))),
      // P_i = (x_P, y_P) -> (x_P / y_P, 1 / y_P), for lines divided by y_P;
      // T_i = Q_i; Q1_i = psi(Q_i); Q2_i = -psi^2(Q_i) (psi keeps z = 1, so these stay affine)
      forEachJ(
        c.setLocal('p', jTimes('P', 2 * FP_BYTES)),
        c.call('f1m_inverse', c.i32_add(L('p'), c.i32_const(FP_BYTES)), YINV),
        c.call('f1m_mul', L('p'), YINV, L('p')),
        c.call('f1m_copy', YINV, c.i32_add(L('p'), c.i32_const(FP_BYTES))),
        c.setLocal('q', jTimes('Q', G2_JAC_BYTES)),
        c.call('f2m_copy', L('q'), jTimes('T', T_BYTES)),
        c.call(
          'f2m_copy',
          c.i32_add(L('q'), c.i32_const(F2_BYTES)),
          c.i32_add(jTimes('T', T_BYTES), c.i32_const(F2_BYTES)),
        ),
        c.call('vouch_g2Psi', L('q'), jTimes('Q1', G2_JAC_BYTES)),
        c.call('vouch_g2Psi', jTimes('Q1', G2_JAC_BYTES), jTimes('Q2', G2_JAC_BYTES)),
        c.call(
          'f2m_neg',
          c.i32_add(jTimes('Q2', G2_JAC_BYTES), c.i32_const(F2_BYTES)),
          c.i32_add(jTimes('Q2', G2_JAC_BYTES), c.i32_const(F2_BYTES)),
        ),
      ),
      c.call('ftm_one', L('f')),
      c.setLocal('i', c.i32_const(bits.length - 2)),
      c.block(
        c.loop(
          // before the last doubling T_i = [(6x+2)/2]Q_i = [3x+1]Q_i, exact unless a denominator was zero
          c.if(
            c.i32_eqz(L('i')),
            forEachJ(
              c.call('f2m_copy', jTimes('T', T_BYTES), jTimes('Y', G2_JAC_BYTES)),
              c.call(
                'f2m_copy',
                c.i32_add(jTimes('T', T_BYTES), c.i32_const(F2_BYTES)),
                c.i32_add(jTimes('Y', G2_JAC_BYTES), c.i32_const(F2_BYTES)),
              ),
              c.call('f2m_one', c.i32_add(jTimes('Y', G2_JAC_BYTES), c.i32_const(2 * F2_BYTES))),
            ),
          ),
          c.call('ftm_square', L('f'), L('f')),
          step('vouch_affineDoubleStep', 'Q'),
          c.if(c.i32_load8_u(L('i'), pBits), step('vouch_affineAddStep', 'Q')),
          c.br_if(1, c.i32_eqz(L('i'))),
          c.setLocal('i', c.i32_sub(L('i'), c.i32_const(1))),
          c.br(0),
        ),
      ),
      step('vouch_affineAddStep', 'Q1'),
      step('vouch_affineAddStep', 'Q2'),
    );
    m.exportFunction('vouch_affineMillerLoop');
  }
}
