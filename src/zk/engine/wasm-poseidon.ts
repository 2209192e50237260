/**
 * Poseidon's permutation in wasm over wasmcurves' Montgomery arithmetic modulo the BN254 scalar
 * field r (`frm_*`), in circomlib's optimized form — the form circuits/policy.circom computes
 * through circomlib's poseidon.circom, with the same constants (poseidon-constants.ts):
 *
 *   ark(C_0); 3 x [sbox all; ark; mix M]; sbox all; ark; mix P;
 *   nP x [sbox s0; s0 += c; (s0, s_k) = (S_r . s, s_k + s0 * S_r')];
 *   3 x [sbox all; ark; mix M]; sbox all; out = (M . s)_0
 *
 * One vouch_poseidon call runs the whole permutation in place on t elements in Montgomery form;
 * the constants stay in the instance's memory between calls (the caller puts them there once per
 * arity). Matrices are passed transposed (row i holds the coefficients of output i), so every dot
 * product walks memory forwards. Nothing here is secret-dependent in its control flow.
 */
import type { ModuleBuilder } from 'wasmbuilder';

/** Bytes of one element of r in wasmcurves' encoding. */
export const FR_BYTES = 32;
/** Full rounds of every circomlib Poseidon width (4 before the partial rounds, 4 after). */
export const FULL_ROUNDS = 8;

export function addPoseidonFunctions(m: ModuleBuilder, fr = 'frm'): void {
  const n8 = FR_BYTES;
  const ACC = m.alloc(n8);
  const PRODUCT = m.alloc(n8);
  const SQ = m.alloc(n8);
  /** Scratch for a mix's outputs: t <= 17. */
  const MIXED = m.alloc(17 * n8);

  // loop helper: for (i = 0; i < n; i++) { body(i) }, pointers advanced by the body's own code
  const forN = (c: any, i: string, n: number[], body: number[][]) => [
    ...c.setLocal(i, c.i32_const(0)),
    ...c.block(
      c.loop(
        c.br_if(1, c.i32_eq(c.getLocal(i), n)),
        ...body,
        c.setLocal(i, c.i32_add(c.getLocal(i), c.i32_const(1))),
        c.br(0),
      ),
    ),
  ];
  const step = (c: any, p: string, bytes: number[]) => c.setLocal(p, c.i32_add(c.getLocal(p), bytes));

  {
    // x <- x^5 in place
    const f = m.addFunction('vouch_posPow5');
    f.addParam('x', 'i32');
    const c = f.getCodeBuilder();
    f.addCode(
      c.call(`${fr}_square`, c.getLocal('x'), c.i32_const(SQ)),
      c.call(`${fr}_square`, c.i32_const(SQ), c.i32_const(SQ)),
      c.call(`${fr}_mul`, c.getLocal('x'), c.i32_const(SQ), c.getLocal('x')),
    );
  }
  {
    // s[k] <- s[k]^5 + c[k] for k < n (a full round's S-boxes and the next round constants)
    const f = m.addFunction('vouch_posSboxArk');
    f.addParam('s', 'i32');
    f.addParam('k', 'i32');
    f.addParam('n', 'i32');
    f.addLocal('i', 'i32');
    const c = f.getCodeBuilder();
    f.addCode(
      forN(c, 'i', c.getLocal('n'), [
        c.call('vouch_posPow5', c.getLocal('s')),
        c.call(`${fr}_add`, c.getLocal('s'), c.getLocal('k'), c.getLocal('s')),
        step(c, 's', c.i32_const(n8)),
        step(c, 'k', c.i32_const(n8)),
      ]),
    );
  }
  {
    // out <- sum_j x[j] * y[j] for j < n (out may alias x or y: the sum is built apart)
    const f = m.addFunction('vouch_posDot');
    f.addParam('x', 'i32');
    f.addParam('y', 'i32');
    f.addParam('n', 'i32');
    f.addParam('out', 'i32');
    f.addLocal('i', 'i32');
    const c = f.getCodeBuilder();
    f.addCode(
      c.call(`${fr}_zero`, c.i32_const(ACC)),
      forN(c, 'i', c.getLocal('n'), [
        c.call(`${fr}_mul`, c.getLocal('x'), c.getLocal('y'), c.i32_const(PRODUCT)),
        c.call(`${fr}_add`, c.i32_const(ACC), c.i32_const(PRODUCT), c.i32_const(ACC)),
        step(c, 'x', c.i32_const(n8)),
        step(c, 'y', c.i32_const(n8)),
      ]),
      c.call(`${fr}_copy`, c.i32_const(ACC), c.getLocal('out')),
    );
  }
  {
    // s <- Mt . s for a t x t matrix given transposed (row i = coefficients of output i)
    const f = m.addFunction('vouch_posMix');
    f.addParam('s', 'i32');
    f.addParam('mt', 'i32');
    f.addParam('t', 'i32');
    f.addLocal('i', 'i32');
    f.addLocal('o', 'i32');
    f.addLocal('row', 'i32');
    const c = f.getCodeBuilder();
    f.addCode(
      c.setLocal('o', c.i32_const(MIXED)),
      c.setLocal('row', c.i32_mul(c.getLocal('t'), c.i32_const(n8))),
      forN(c, 'i', c.getLocal('t'), [
        c.call('vouch_posDot', c.getLocal('s'), c.getLocal('mt'), c.getLocal('t'), c.getLocal('o')),
        step(c, 'mt', c.getLocal('row')),
        step(c, 'o', c.i32_const(n8)),
      ]),
      c.setLocal('o', c.i32_const(MIXED)),
      forN(c, 'i', c.getLocal('t'), [
        c.call(`${fr}_copy`, c.getLocal('o'), c.getLocal('s')),
        step(c, 's', c.i32_const(n8)),
        step(c, 'o', c.i32_const(n8)),
      ]),
    );
  }
  {
    // y[k] += a * x[k] for k < n (a must not lie in y)
    const f = m.addFunction('vouch_posAxpy');
    f.addParam('y', 'i32');
    f.addParam('a', 'i32');
    f.addParam('x', 'i32');
    f.addParam('n', 'i32');
    f.addLocal('i', 'i32');
    const c = f.getCodeBuilder();
    f.addCode(
      forN(c, 'i', c.getLocal('n'), [
        c.call(`${fr}_mul`, c.getLocal('a'), c.getLocal('x'), c.i32_const(PRODUCT)),
        c.call(`${fr}_add`, c.getLocal('y'), c.i32_const(PRODUCT), c.getLocal('y')),
        step(c, 'y', c.i32_const(n8)),
        step(c, 'x', c.i32_const(n8)),
      ]),
    );
  }
  {
    /**
     * vouch_poseidon(s, t, nP, C, S, Mt, Pt): the permutation, in place on s[0..t) (Montgomery
     * form). C: t*8 + nP round constants; S: nP rows of 2t-1 (the sparse partial-round matrices);
     * Mt, Pt: t x t, transposed. The result is s[0] (the other elements are left unmixed).
     */
    const f = m.addFunction('vouch_poseidon');
    for (const p of ['s', 't', 'nP', 'C', 'S', 'Mt', 'Pt']) f.addParam(p, 'i32');
    f.addLocal('r', 'i32');
    f.addLocal('row', 'i32');
    const c = f.getCodeBuilder();
    const fullRound = (mt: string) => [
      c.call('vouch_posSboxArk', c.getLocal('s'), c.getLocal('C'), c.getLocal('t')),
      step(c, 'C', c.getLocal('row')),
      c.call('vouch_posMix', c.getLocal('s'), c.getLocal(mt), c.getLocal('t')),
    ];
    const tMinus1 = c.i32_sub(c.getLocal('t'), c.i32_const(1));
    f.addCode(
      c.setLocal('row', c.i32_mul(c.getLocal('t'), c.i32_const(n8))),
      // ark(C_0): the same loop with the S-boxes skipped is not worth a function: add directly
      forN(c, 'r', c.getLocal('t'), [
        c.call(
          `${fr}_add`,
          c.i32_add(c.getLocal('s'), c.i32_mul(c.getLocal('r'), c.i32_const(n8))),
          c.i32_add(c.getLocal('C'), c.i32_mul(c.getLocal('r'), c.i32_const(n8))),
          c.i32_add(c.getLocal('s'), c.i32_mul(c.getLocal('r'), c.i32_const(n8))),
        ),
      ]),
      step(c, 'C', c.getLocal('row')),
      forN(c, 'r', c.i32_const(FULL_ROUNDS / 2 - 1), fullRound('Mt')),
      ...fullRound('Pt'),
      forN(c, 'r', c.getLocal('nP'), [
        c.call('vouch_posPow5', c.getLocal('s')),
        c.call(`${fr}_add`, c.getLocal('s'), c.getLocal('C'), c.getLocal('s')),
        step(c, 'C', c.i32_const(n8)),
        // s0' = S_r[0..t) . s (kept aside), then s_k += s0 * S_r[t + k - 1], then s0 = s0'
        c.call('vouch_posDot', c.getLocal('s'), c.getLocal('S'), c.getLocal('t'), c.i32_const(MIXED)),
        step(c, 'S', c.getLocal('row')),
        c.call('vouch_posAxpy', c.i32_add(c.getLocal('s'), c.i32_const(n8)), c.getLocal('s'), c.getLocal('S'), tMinus1),
        step(c, 'S', c.i32_mul(tMinus1, c.i32_const(n8))),
        c.call(`${fr}_copy`, c.i32_const(MIXED), c.getLocal('s')),
      ]),
      forN(c, 'r', c.i32_const(FULL_ROUNDS / 2 - 1), fullRound('Mt')),
      forN(c, 'r', c.getLocal('t'), [
        c.call('vouch_posPow5', c.i32_add(c.getLocal('s'), c.i32_mul(c.getLocal('r'), c.i32_const(n8)))),
      ]),
      c.call('vouch_posDot', c.getLocal('s'), c.getLocal('Mt'), c.getLocal('t'), c.getLocal('s')),
    );
    m.exportFunction('vouch_poseidon');
  }
}
