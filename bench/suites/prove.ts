/**
 * prove: wall time of prove() (clear-text preflight, witness and Groth16 proof with snarkjs) for a
 * policy proof, against snarkjs.groth16.fullProve on the same circuit input, interleaved scenario
 * by scenario (bench/lib/proofs.ts). prove() is fullProve plus a preflight, so the goal is that
 * the preflight and the wrapping cost at most 10 % of it.
 */
import { median, percentile, round } from '../lib/stats.js';
import { ratioRow, type Suite } from '../lib/suite.js';

const GOAL_RATIO = 0.9;

export const proveSuite: Suite = {
  name: 'prove',
  rows: ['prove'],
  async run(ctx) {
    const { proveMs, fullProveMs } = await ctx.proofs();
    return [
      ratioRow({
        name: 'prove',
        ours: { what: 'prove(), p50', value: round(median(proveMs)), unit: 'ms' },
        baseline: { what: 'snarkjs.groth16.fullProve, p50', value: round(median(fullProveMs)), unit: 'ms' },
        ratio: median(fullProveMs) / median(proveMs),
        ratioIs: 'snarkjs time / our time',
        goal: { op: '>=', ratio: GOAL_RATIO },
        workload: `${proveMs.length} policy proofs, each from a fresh scenario (3 predicates, trade cap, issuer set of 6, revocation bitmap), proved by prove() and by fullProve in alternating order, after one untimed warm-up`,
        extra: {
          proofs: proveMs.length,
          p95Ms: round(percentile(proveMs, 95)),
          fullProveP95Ms: round(percentile(fullProveMs, 95)),
        },
      }),
    ];
  },
};
