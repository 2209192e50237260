/**
 * verify-single: Vouch's verify() against snarkjs.groth16.verify, one proof at a time, on the same
 * honest proofs, interleaved (each proof verified by both in turn, order alternating by round) so
 * both see the same machine load. Every verdict must be `valid`.
 */
import * as snarkjs from 'snarkjs';
import { policyVerifier } from '../../src/zk/index.js';
import { median, percentile, round } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

const GOAL_RATIO = 1.5;

export const verifySingle: Suite = {
  name: 'verify-single',
  goal: `>= ${GOAL_RATIO}x faster than snarkjs.groth16.verify`,
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
    const vouchP50Ms = round(median(ours));
    const snarkjsP50Ms = round(median(theirs));
    const ratioVsSnarkjs = round(median(theirs) / median(ours));
    return {
      result: {
        workload: `${ours.length} verifications each by verify() and snarkjs.groth16.verify: ${rounds} rounds over ${proofs.length} distinct honest proofs, interleaved`,
        goal: this.goal,
        met: ratioVsSnarkjs >= GOAL_RATIO,
        verifications: ours.length,
        vouchP50Ms,
        vouchP95Ms: round(percentile(ours, 95)),
        snarkjsP50Ms,
        snarkjsP95Ms: round(percentile(theirs, 95)),
        vouchPerSec: round(1000 / median(ours)),
        snarkjsPerSec: round(1000 / median(theirs)),
        ratioVsSnarkjs,
      },
      headline: `${vouchP50Ms} ms vs snarkjs ${snarkjsP50Ms} ms (p50) = ${ratioVsSnarkjs}x`,
    };
  },
};
