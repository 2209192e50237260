/**
 * Which of a policy's predicates a credential fails, by index in the *document* (the circuit sees
 * them in canonical order, so its own "predicate k" is not the author's). Lets a prover refuse a
 * doomed proof with a message the policy's author recognises. Evaluates exactly as the circuit.
 */
import { encodePolicy, predicateHolds } from '../zk/index.js';
import type { CompiledPolicy } from './compile-policy.js';

/** Document indices of the predicates `attrs` (the 16 kyc-v1 slots) does not satisfy; [] if none. */
export function failingPredicates(policy: Pick<CompiledPolicy, 'predicates'>, attrs: readonly bigint[]): number[] {
  const failing: number[] = [];
  policy.predicates.forEach((p, i) => {
    if (!predicateHolds(encodePolicy({ predicates: [p] }), 0, attrs)) failing.push(i);
  });
  return failing;
}
