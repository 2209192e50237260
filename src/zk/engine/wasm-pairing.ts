/**
 * Multi-pairing pieces in wasm, on top of wasmcurves' BN254 code:
 *
 * - vouch_multiMillerLoop(pairs, n, f): prod_i ML(P_i, Q_i) for n (affine P, prepared Q) pairs,
 *   with wasmcurves' stored (precomputed) lines and one shared Fp12 squaring per loop step. Same
 *   loop and line coefficients as bn128_millerLoop. Used for the key's fixed G2 points and for a
 *   single proof's B.
 * - vouch_batchChunk(in, n, work, out): the per-proof half of a batch verification, for a chunk of
 *   proofs (see verify-batch.ts): r_i A_i, the affine multi-Miller loop of the (r_i A_i, B_i)
 *   (wasm-affine-miller.ts), the G2 subgroup test of every B_i from the [3x+1]B_i that loop
 *   yields (wasm-g2.ts), and sum r_i C_i by multi-exponentiation.
 */
import type { ModuleBuilder } from 'wasmbuilder';
import { ATE_LOOP_COUNT, affineMillerScratchBytes } from './wasm-affine-miller.js';
import {
  BATCH_SCALAR_BYTES,
  F2_BYTES,
  FP_BYTES,
  G1_AFFINE_BYTES,
  G1_JAC_BYTES,
  G2_AFFINE_BYTES,
  G2_JAC_BYTES,
  GT_BYTES,
} from './layout.js';

const LINE_BYTES = 3 * F2_BYTES;
/** Line coefficients start after the prepared point (Jacobian, 3 Fp2) in a prepared Q. */
const FIRST_LINE = 3 * F2_BYTES;

/** Bytes of a batch chunk's input for n proofs: A[n] | B[n] | C[n] | r[n], struct of arrays. */
export function chunkInputBytes(n: number): number {
  return n * (G1_AFFINE_BYTES + G2_AFFINE_BYTES + G1_AFFINE_BYTES + BATCH_SCALAR_BYTES);
}
/** Bytes of a chunk's output: Miller-loop product | sum r_i C_i (Jacobian) | n subgroup-failure flags. */
export function chunkOutputBytes(n: number): number {
  return GT_BYTES + G1_JAC_BYTES + n;
}
export function chunkWorkBytes(n: number): number {
  return n * (G1_JAC_BYTES + G1_AFFINE_BYTES + 2 * G2_JAC_BYTES) + affineMillerScratchBytes(n);
}

export function addPairingFunctions(m: ModuleBuilder): void {
  const bits: number[] = [];
  for (let e = ATE_LOOP_COUNT; e > 0n; e >>= 1n) bits.push(Number(e & 1n));
  const pBits = m.alloc(bits);

  {
    const f = m.addFunction('vouch_mlLines');
    f.addParam('pairs', 'i32');
    f.addParam('n', 'i32');
    f.addParam('off', 'i32');
    f.addParam('f', 'i32');
    f.addLocal('j', 'i32');
    f.addLocal('p', 'i32');
    f.addLocal('coef', 'i32');
    const c = f.getCodeBuilder();
    const VW = c.i32_const(m.alloc(F2_BYTES));
    const VV = c.i32_const(m.alloc(F2_BYTES));
    const coef = (k: number) => c.i32_add(c.getLocal('coef'), c.i32_const(k * F2_BYTES));
    const pair = (k: number) =>
      c.i32_load(c.i32_add(c.getLocal('pairs'), c.i32_mul(c.getLocal('j'), c.i32_const(8))), k);
    f.addCode(
      c.setLocal('j', c.i32_const(0)),
      c.block(
        c.loop(
          c.br_if(1, c.i32_eq(c.getLocal('j'), c.getLocal('n'))),
          c.setLocal('p', pair(0)),
          c.setLocal('coef', c.i32_add(pair(4), c.getLocal('off'))),
          c.call('f2m_mul1', coef(1), c.i32_add(c.getLocal('p'), c.i32_const(FP_BYTES)), VW),
          c.call('f2m_mul1', coef(2), c.getLocal('p'), VV),
          c.call('bn128__mulBy024', coef(0), VW, VV, c.getLocal('f')),
          c.setLocal('j', c.i32_add(c.getLocal('j'), c.i32_const(1))),
          c.br(0),
        ),
      ),
    );
  }

  {
    const f = m.addFunction('vouch_multiMillerLoop');
    f.addParam('pairs', 'i32');
    f.addParam('n', 'i32');
    f.addParam('f', 'i32');
    f.addLocal('off', 'i32');
    f.addLocal('i', 'i32');
    const c = f.getCodeBuilder();
    const lines = () => [
      ...c.call('vouch_mlLines', c.getLocal('pairs'), c.getLocal('n'), c.getLocal('off'), c.getLocal('f')),
      ...c.setLocal('off', c.i32_add(c.getLocal('off'), c.i32_const(LINE_BYTES))),
    ];
    f.addCode(
      c.call('ftm_one', c.getLocal('f')),
      c.setLocal('off', c.i32_const(FIRST_LINE)),
      c.setLocal('i', c.i32_const(bits.length - 2)),
      c.block(
        c.loop(
          c.call('ftm_square', c.getLocal('f'), c.getLocal('f')),
          lines(),
          c.if(c.i32_load8_u(c.getLocal('i'), pBits), lines()),
          c.br_if(1, c.i32_eqz(c.getLocal('i'))),
          c.setLocal('i', c.i32_sub(c.getLocal('i'), c.i32_const(1))),
          c.br(0),
        ),
      ),
      // the two Frobenius lines (Q1 and -Q2) that close the optimal ate loop
      lines(),
      lines(),
    );
    m.exportFunction('vouch_multiMillerLoop');
  }

  {
    const f = m.addFunction('vouch_batchChunk');
    f.addParam('in', 'i32');
    f.addParam('n', 'i32');
    f.addParam('work', 'i32');
    f.addParam('out', 'i32');
    for (const l of ['j', 'a', 'b', 'cc', 'r', 'jac', 'P', 'Q', 'Y', 'q', 'scratch', 'flags']) f.addLocal(l, 'i32');
    const c = f.getCodeBuilder();
    const L = (v: string) => c.getLocal(v);
    const nTimes = (k: number) => c.i32_mul(L('n'), c.i32_const(k));
    const jTimes = (base: string, k: number) => c.i32_add(L(base), c.i32_mul(L('j'), c.i32_const(k)));
    f.addCode(
      c.setLocal('a', L('in')),
      c.setLocal('b', c.i32_add(L('a'), nTimes(G1_AFFINE_BYTES))),
      c.setLocal('cc', c.i32_add(L('b'), nTimes(G2_AFFINE_BYTES))),
      c.setLocal('r', c.i32_add(L('cc'), nTimes(G1_AFFINE_BYTES))),
      c.setLocal('jac', L('work')),
      c.setLocal('P', c.i32_add(L('jac'), nTimes(G1_JAC_BYTES))),
      c.setLocal('Q', c.i32_add(L('P'), nTimes(G1_AFFINE_BYTES))),
      c.setLocal('Y', c.i32_add(L('Q'), nTimes(G2_JAC_BYTES))),
      c.setLocal('scratch', c.i32_add(L('Y'), nTimes(G2_JAC_BYTES))),
      c.setLocal('flags', c.i32_add(L('out'), c.i32_const(GT_BYTES + G1_JAC_BYTES))),
      c.setLocal('j', c.i32_const(0)),
      c.block(
        c.loop(
          c.br_if(1, c.i32_eq(L('j'), L('n'))),
          // B_i as a Jacobian point (x, y, 1); its flag (1 = not in G2) starts clear
          c.setLocal('q', jTimes('Q', G2_JAC_BYTES)),
          c.call('f2m_copy', jTimes('b', G2_AFFINE_BYTES), L('q')),
          c.call(
            'f2m_copy',
            c.i32_add(jTimes('b', G2_AFFINE_BYTES), c.i32_const(F2_BYTES)),
            c.i32_add(L('q'), c.i32_const(F2_BYTES)),
          ),
          c.call('f2m_one', c.i32_add(L('q'), c.i32_const(2 * F2_BYTES))),
          c.i32_store8(jTimes('flags', 1), 0, 0, c.i32_const(0)),
          // r_i A_i (Jacobian; made affine below in one batch inversion)
          c.call(
            'g1m_timesScalarAffine',
            jTimes('a', G1_AFFINE_BYTES),
            jTimes('r', BATCH_SCALAR_BYTES),
            c.i32_const(BATCH_SCALAR_BYTES),
            jTimes('jac', G1_JAC_BYTES),
          ),
          c.setLocal('j', c.i32_add(L('j'), c.i32_const(1))),
          c.br(0),
        ),
      ),
      c.call('g1m_batchToAffine', L('jac'), L('n'), L('P')),
      c.call('vouch_affineMillerLoop', L('P'), L('Q'), L('n'), L('scratch'), L('out'), L('flags'), L('Y')),
      // the subgroup test of every B_i not already refused by the loop, from [3x+1]B_i
      c.setLocal('j', c.i32_const(0)),
      c.block(
        c.loop(
          c.br_if(1, c.i32_eq(L('j'), L('n'))),
          c.if(
            c.i32_eqz(c.i32_load8_u(jTimes('flags', 1))),
            c.i32_store8(
              jTimes('flags', 1),
              0,
              0,
              c.i32_eqz(c.call('vouch_g2InSubgroupFromY', jTimes('Q', G2_JAC_BYTES), jTimes('Y', G2_JAC_BYTES))),
            ),
          ),
          c.setLocal('j', c.i32_add(L('j'), c.i32_const(1))),
          c.br(0),
        ),
      ),
      c.call(
        'g1m_multiexpAffine',
        L('cc'),
        L('r'),
        c.i32_const(BATCH_SCALAR_BYTES),
        L('n'),
        c.i32_add(L('out'), c.i32_const(GT_BYTES)),
      ),
    );
    m.exportFunction('vouch_batchChunk');
  }
}
