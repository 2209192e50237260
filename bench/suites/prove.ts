/** prove: wall time of prove() (witness + Groth16 proof with snarkjs) for a policy proof. */
import { percentile, round } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

const GOAL_MS = 1500;

export const proveSuite: Suite = {
  name: 'prove',
  goal: `p50 <= ${GOAL_MS / 1000} s on 2 cores`,
  async run(ctx) {
    const { proveMs } = await ctx.proofs();
    const p50Ms = round(percentile(proveMs, 50));
    const p95Ms = round(percentile(proveMs, 95));
    return {
      result: {
        workload: `${proveMs.length} policy proofs, each from a fresh scenario (3 predicates, trade cap, issuer set of 6, revocation bitmap), after one untimed warm-up proof`,
        goal: this.goal,
        met: p50Ms <= GOAL_MS,
        proofs: proveMs.length,
        p50Ms,
        p95Ms,
        minMs: round(Math.min(...proveMs)),
        maxMs: round(Math.max(...proveMs)),
      },
      headline: `p50 ${p50Ms} ms, p95 ${p95Ms} ms (n=${proveMs.length})`,
    };
  },
};
