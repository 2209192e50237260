/**
 * Poseidon over BN254, bit-compatible with circomlib's `Poseidon(n)` (same constants, t = n + 1),
 * for 1..16 inputs. Computed in wasm (engine/poseidon-engine.ts: circomlib's optimized permutation
 * on wasmcurves' Montgomery arithmetic, about 5x poseidon-lite's BigInt code, which the hook
 * pays for on every trade); test/zk/poseidon.test.ts holds it to poseidon-lite and to the
 * circuit's own Poseidon on published and random vectors. The wasm module is built on the first
 * hash in a thread (~0.1 s of CPU), not at import.
 */
import { PoseidonEngine } from './engine/poseidon-engine.js';

let engine: PoseidonEngine | undefined;

export function poseidon(inputs: readonly bigint[]): bigint {
  if (inputs.length < 1 || inputs.length > 16)
    throw new RangeError(`poseidon takes 1..16 inputs, got ${inputs.length}`);
  for (const x of inputs) if (typeof x !== 'bigint') throw new TypeError('poseidon inputs must be bigints');
  return (engine ??= new PoseidonEngine()).hash(inputs);
}
