/**
 * Cheaper line multiplication for the affine multi-Miller loop (wasm-affine-miller.ts):
 *
 * - vouch_f2mMulXi(a, r): r = a * xi for xi = 9 + u, with additions only
 *   ((a0 + a1 u)(9 + u) = (9 a0 - a1) + (a0 + 9 a1) u, as u^2 = -1 in wasmcurves' Fp2).
 * - vouch_mulBy02One(x0, x2, f): f *= (x0, x2, 1) in bn128__mulBy024's slots, i.e. a line whose
 *   y_P slot is 1. Lines are divided by y_P (an Fp factor the final exponentiation removes) to
 *   get there, which turns three of mulBy024's Fp2 products into copies. The body is mulBy024's
 *   (wasmcurves' own transcription of libff's mul_by_024) with x4 = 1 substituted and its four
 *   products by xi done by additions; the steps keep mulBy024's order, so in-place updates of f
 *   read the same values.
 */
import type { ModuleBuilder } from 'wasmbuilder';
import { F2_BYTES, FP_BYTES, fpMontgomery } from './layout.js';

export function addSparseFunctions(m: ModuleBuilder): void {
  {
    const f = m.addFunction('vouch_f2mMulXi');
    f.addParam('a', 'i32');
    f.addParam('r', 'i32');
    const c = f.getCodeBuilder();
    const a0 = c.getLocal('a');
    const a1 = c.i32_add(c.getLocal('a'), c.i32_const(FP_BYTES));
    const r0 = c.getLocal('r');
    const r1 = c.i32_add(c.getLocal('r'), c.i32_const(FP_BYTES));
    const [N0, N1] = [c.i32_const(m.alloc(FP_BYTES)), c.i32_const(m.alloc(FP_BYTES))];
    const times9 = (src: number[], dst: number[]) => [
      ...c.call('f1m_add', src, src, dst), // 2a
      ...c.call('f1m_add', dst, dst, dst), // 4a
      ...c.call('f1m_add', dst, dst, dst), // 8a
      ...c.call('f1m_add', dst, src, dst), // 9a
    ];
    f.addCode(
      times9(a0, N0),
      times9(a1, N1),
      c.call('f1m_sub', N0, a1, N0), // 9 a0 - a1
      c.call('f1m_add', N1, a0, r1), // a0 + 9 a1 (a is read for the last time here)
      c.call('f1m_copy', N0, r0),
    );
  }

  {
    const f = m.addFunction('vouch_mulBy02One');
    f.addParam('x0', 'i32');
    f.addParam('x2', 'i32');
    f.addParam('f', 'i32');
    const c = f.getCodeBuilder();
    const x0 = c.getLocal('x0');
    const x2 = c.getLocal('x2');
    const z = (k: number) => c.i32_add(c.getLocal('f'), c.i32_const(k * F2_BYTES));
    const [z0, z1, z2, z3, z4, z5] = [0, 1, 2, 3, 4, 5].map(z) as [
      number[],
      number[],
      number[],
      number[],
      number[],
      number[],
    ];
    const [t0, t1, t2, s0, T3, T4, D0, D2, D4, S1, AUX] = Array.from({ length: 11 }, () =>
      c.i32_const(m.alloc(F2_BYTES)),
    );
    const ONE = c.i32_const(m.alloc([...fpMontgomery(1n), ...new Uint8Array(FP_BYTES)]));
    const mul = (a: number[], b: number[], r: number[]) => c.call('f2m_mul', a, b, r);
    const add = (a: number[], b: number[], r: number[]) => c.call('f2m_add', a, b, r);
    const sub = (a: number[], b: number[], r: number[]) => c.call('f2m_sub', a, b, r);
    const xi = (a: number[], r: number[]) => c.call('vouch_f2mMulXi', a, r);
    f.addCode(
      mul(z0, x0, D0), // D0 = z0 * x0
      mul(z2, x2, D2), // D2 = z2 * x2
      c.call('f2m_copy', z4, D4), // D4 = z4 * x4 = z4
      add(z0, z4, t2), // t2 = z0 + z4
      add(z0, z2, t1), // t1 = z0 + z2
      add(z1, z3, s0), // s0 = z1 + z3 + z5
      add(s0, z5, s0),
      // z0
      mul(z1, x2, S1), // S1 = z1 * x2
      add(S1, D4, T3), // T3 = S1 + D4
      xi(T3, T4), // T4 = xi * T3 + D0
      add(T4, D0, z0),
      // z1
      c.call('f2m_copy', z5, T3), // T3 = z5 * x4 = z5
      add(S1, T3, S1), // S1 = S1 + T3
      add(T3, D2, T3), // T3 = T3 + D2
      xi(T3, T4), // T4 = xi * T3
      mul(z1, x0, T3), // T3 = z1 * x0
      add(S1, T3, S1), // S1 = S1 + T3
      add(T4, T3, z1), // z1 = T4 + T3
      // z2
      add(x0, x2, t0), // t0 = x0 + x2
      mul(t1, t0, T3), // T3 = t1 * t0 - D0 - D2
      add(D0, D2, AUX),
      sub(T3, AUX, T3),
      c.call('f2m_copy', z3, T4), // T4 = z3 * x4 = z3
      add(S1, T4, S1), // S1 = S1 + T4
      // z3 (needs the old z2)
      add(z2, z4, t0), // t0 = z2 + z4
      add(T3, T4, z2), // z2 = T3 + T4
      add(x2, ONE, t1), // t1 = x2 + x4
      mul(t1, t0, T3), // T3 = t0 * t1 - D2 - D4
      add(D2, D4, AUX),
      sub(T3, AUX, T3),
      xi(T3, T4), // T4 = xi * T3
      mul(z3, x0, T3), // T3 = z3 * x0
      add(S1, T3, S1), // S1 = S1 + T3
      add(T4, T3, z3), // z3 = T4 + T3
      // z4
      mul(z5, x2, T3), // T3 = z5 * x2
      add(S1, T3, S1), // S1 = S1 + T3
      xi(T3, T4), // T4 = xi * T3
      add(x0, ONE, t0), // t0 = x0 + x4
      mul(t2, t0, T3), // T3 = t2 * t0 - D0 - D4
      add(D0, D4, AUX),
      sub(T3, AUX, T3),
      add(T4, T3, z4), // z4 = T4 + T3
      // z5
      add(x0, x2, t0), // t0 = x0 + x2 + x4
      add(t0, ONE, t0),
      mul(s0, t0, T3), // z5 = s0 * t0 - S1
      sub(T3, S1, z5),
    );
  }
}
