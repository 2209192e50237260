/**
 * Poseidon in wasm (src/zk/engine/poseidon-engine.ts) against three references: circomlibjs's
 * published vectors, poseidon-lite (BigInt, unoptimized rounds, constants of its own copy) on
 * random inputs of every width, and the circuit's own Poseidon(n) — circomlib's template, compiled
 * from test/zk/circuits/poseidon-widths.circom — for every width n = 1..16.
 */
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import * as lite from 'poseidon-lite';
import { describe, expect, it } from 'vitest';
import { poseidonConstants } from '../../src/zk/engine/poseidon-constants.js';
import { PoseidonEngine } from '../../src/zk/engine/poseidon-engine.js';
import { FIELD_MODULUS } from '../../src/zk/field.js';
import { poseidon } from '../../src/zk/poseidon.js';
import { testCircuitWasm, testCircuitWitness } from '../support/test-circuit.js';

const R = FIELD_MODULUS;
const byWidth = (n: number) => (lite as unknown as Record<string, (xs: bigint[]) => bigint>)[`poseidon${n}`]!;
const element = fc.oneof(fc.bigInt({ min: 0n, max: R - 1n }), fc.constantFrom(0n, 1n, R - 1n, 2n ** 128n, 2n ** 253n));
const WIDTHS = Array.from({ length: 16 }, (_, i) => i + 1);

describe('poseidon (wasm)', () => {
  it('matches circomlibjs’s published vectors', () => {
    // circomlibjs test/poseidon.js: the reference implementation's poseidonperm_x5_254_3 and _5
    expect(poseidon([1n, 2n])).toBe(0x115cc0f5e7d690413df64c6b9662e9cf2a3617f2743245519e19607a4417189an);
    expect(poseidon([1n, 2n, 3n, 4n])).toBe(0x299c867db6c1fdd79dcefa40e4510b9837e60ebb1ce0663dbaa525df65250465n);
  });

  it.each(WIDTHS)('agrees with poseidon-lite on random inputs of width %i', (n) => {
    fc.assert(
      fc.property(fc.array(element, { minLength: n, maxLength: n }), (xs) => poseidon(xs) === byWidth(n)(xs)),
      { numRuns: 40 },
    );
  });

  it('agrees with the circuit’s Poseidon(n) for every width', async () => {
    const wasm = await testCircuitWasm(fileURLToPath(new URL('./circuits/poseidon-widths.circom', import.meta.url)));
    const samples = [
      Array.from({ length: 16 }, (_, i) => BigInt(i + 1)),
      Array.from({ length: 16 }, (_, i) => R - 1n - BigInt(i)),
      fc
        .sample(fc.array(element, { minLength: 16, maxLength: 16 }), { numRuns: 3, seed: 18 })
        .flat()
        .slice(0, 16),
    ];
    for (const xs of samples) {
      const w = await testCircuitWitness(wasm, { in: xs.map(String) });
      // witness: 1, out[0..16), in[0..16)
      for (const n of WIDTHS) expect(poseidon(xs.slice(0, n))).toBe(w[n]);
    }
  });

  it('hashes x and x + r alike (inputs are taken modulo r, as poseidon-lite does)', () => {
    expect(poseidon([5n, R + 7n])).toBe(poseidon([5n, 7n]));
    expect(poseidon([R - 1n])).toBe(byWidth(1)([R - 1n]));
  });

  it('keeps separate instances consistent (per-thread engines, constants loaded per width)', () => {
    const a = new PoseidonEngine();
    const b = new PoseidonEngine();
    for (const n of [16, 1, 8, 2, 16]) {
      const xs = WIDTHS.slice(0, n).map((i) => BigInt(i) * 0x9e3779b97f4a7c15n);
      expect(a.hash(xs)).toBe(b.hash(xs));
      expect(a.hash(xs)).toBe(byWidth(n)(xs));
    }
  });

  it('refuses no inputs, more than 16, and non-bigints', () => {
    expect(() => poseidon([])).toThrow(RangeError);
    expect(() => poseidon(Array.from({ length: 17 }, () => 1n))).toThrow(RangeError);
    expect(() => poseidon([1 as unknown as bigint])).toThrow(TypeError);
  });

  it('reads circomlib’s constants with the shapes its template declares', () => {
    const k = poseidonConstants(9);
    expect([k.C.length, k.S.length, k.M.length, k.P.length]).toEqual([9 * 8 + 63, 63 * 17, 81, 81]);
    expect(() => poseidonConstants(18)).toThrow(RangeError);
  });
});
