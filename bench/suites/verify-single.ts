/**
 * verify-single: Vouch's verify() against snarkjs.groth16.verify, one proof at a time, on the same
 * honest proofs, interleaved (each proof verified by both in turn, order alternating by round) so
 * both see the same machine load. Every verdict must be `valid`.
 */
import * as snarkjs from 'snarkjs';
import { policyVerifier } from '../../src/zk/index.js';
import { median, percentile, round } from '../lib/stats.js';
import { ratioRow, type Suite } from '../lib/suite.js';

const GOAL_RATIO = 1.5;

export const verifySingle: Suite = {
  name: 'verify-single',
  rows: ['verify-single'],
  async run(ctx) {
    const { proofs, vkey } = await ctx.proofs();
    const verifier = await policyVerifier();
    const target = ctx.quick ? 40 : 200;
    const rounds = Math.ceil(target / proofs.length);
    const ours: number[] = [];
    const theirs: number[] = [];
    const timeOurs = (p: (typeof proofs)[number]) => {
      const t = performance.now();
      const r = verifier.verify(p.proof, p.publicSignals);
      ours.push(performance.now() - t);
      if (!r.valid) throw new Error(`verify() refused an honest proof (${r.code})`);
    };
    const timeTheirs = async (p: (typeof proofs)[number]) => {
      const t = performance.now();
      const ok = await snarkjs.groth16.verify(vkey, p.publicSignals, p.proof);
      theirs.push(performance.now() - t);
      if (!ok) throw new Error('snarkjs refused an honest proof');
    };
    // warm-up: JIT, the verifier's tables, snarkjs's curve
    for (const p of proofs.slice(0, 3)) {
      verifier.verify(p.proof, p.publicSignals);
      await snarkjs.groth16.verify(vkey, p.publicSignals, p.proof);
    }
    for (let r = 0; r < rounds; r++) {
      for (const p of proofs) {
        if (r % 2 === 0) {
          timeOurs(p);
          await timeTheirs(p);
        } else {
          await timeTheirs(p);
          timeOurs(p);
        }
      }
    }
    return [
      ratioRow({
        name: 'verify-single',
        ours: { what: 'verify(), p50', value: round(median(ours)), unit: 'ms' },
        baseline: { what: 'snarkjs.groth16.verify, p50', value: round(median(theirs)), unit: 'ms' },
        ratio: median(theirs) / median(ours),
        ratioIs: 'snarkjs time / our time',
        goal: { op: '>=', ratio: GOAL_RATIO },
        workload: `${ours.length} verifications each by verify() and snarkjs.groth16.verify: ${rounds} rounds over ${proofs.length} distinct honest proofs, interleaved proof by proof, order alternating by round`,
        extra: {
          verifications: ours.length,
          vouchP95Ms: round(percentile(ours, 95)),
          snarkjsP95Ms: round(percentile(theirs, 95)),
        },
      }),
    ];
  },
};
