/**
 * Poseidon over BN254, bit-compatible with circomlib's `Poseidon(n)` (same constants, t = n + 1),
 * for 1..16 inputs. Backed by poseidon-lite, whose constants are circomlib's.
 */
import {
  poseidon1, poseidon2, poseidon3, poseidon4, poseidon5, poseidon6, poseidon7, poseidon8,
  poseidon9, poseidon10, poseidon11, poseidon12, poseidon13, poseidon14, poseidon15, poseidon16,
} from 'poseidon-lite';

type Hash = (inputs: bigint[]) => bigint;

const BY_ARITY: Hash[] = [
  poseidon1, poseidon2, poseidon3, poseidon4, poseidon5, poseidon6, poseidon7, poseidon8,
  poseidon9, poseidon10, poseidon11, poseidon12, poseidon13, poseidon14, poseidon15, poseidon16,
] as Hash[];

export function poseidon(inputs: readonly bigint[]): bigint {
  const fn = BY_ARITY[inputs.length - 1];
  if (!fn) throw new RangeError(`poseidon takes 1..16 inputs, got ${inputs.length}`);
  return fn([...inputs]);
}
