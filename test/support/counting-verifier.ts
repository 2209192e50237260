/**
 * The real policy verifier, wrapped to count the items that reach Groth16 (`verify` or
 * `verifyBatch`). Tests use it to show a check ran before any pairing: counts, not timings.
 */
import { policyVerifier, type PolicyVerifier } from '../../src/zk/index.js';

export interface CountingVerifier {
  verifier: PolicyVerifier;
  /** Items handed to Groth16 so far. */
  readonly items: number;
  reset(): void;
}

export async function countingVerifier(): Promise<CountingVerifier> {
  const real = await policyVerifier();
  let items = 0;
  return {
    verifier: {
      ...real,
      verify: (proof, publicSignals) => {
        items += 1;
        return real.verify(proof, publicSignals);
      },
      verifyBatch: (batch, opts) => {
        items += batch.length;
        return real.verifyBatch(batch, opts);
      },
    },
    get items() {
      return items;
    },
    reset() {
      items = 0;
    },
  };
}
