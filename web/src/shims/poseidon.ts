/**
 * The browser's stand-in for src/zk/poseidon.ts: the same Poseidon (circomlib's constants) from
 * poseidon-lite, which test/zk/poseidon.test.ts holds the wasm engine to, bit for bit. The Node
 * engine reads circomlib's constants file from disk and builds wasm; the browser has no disk.
 */
import * as lite from 'poseidon-lite';

const byArity = lite as unknown as Record<string, (inputs: bigint[]) => bigint>;

export function poseidon(inputs: readonly bigint[]): bigint {
  if (inputs.length < 1 || inputs.length > 16)
    throw new RangeError(`poseidon takes 1..16 inputs, got ${inputs.length}`);
  for (const x of inputs) if (typeof x !== 'bigint') throw new TypeError('poseidon inputs must be bigints');
  return byArity[`poseidon${inputs.length}`]!([...inputs]);
}
