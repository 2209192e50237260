/**
 * verify-batch: verifyBatch() throughput at batch sizes 1, 8, 32 and 128, using every core (the
 * default worker pool) and one core (threads: 0, everything on the calling thread), against
 * snarkjs.groth16.verify called one proof at a time on the same proofs. The snarkjs baseline is
 * sampled before and after the grid, so drift in machine load shows in both. Every verdict must be
 * `valid`; a batch of n items cycles through the run's distinct honest proofs.
 */
import { availableParallelism } from 'node:os';
import * as snarkjs from 'snarkjs';
import { policyVerifier, type VerifyBatchOptions } from '../../src/zk/index.js';
import { median, round, timeRuns } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

const SIZES = [1, 8, 32, 128];
const GOAL_ONE_CORE = 10;
const GOAL_ALL_CORES = 20;

export const verifyBatchSuite: Suite = {
  name: 'verify-batch',
  goal: `>= ${GOAL_ONE_CORE}x snarkjs (one by one) on one core, >= ${GOAL_ALL_CORES}x using all cores`,
  async run(ctx) {
    const { proofs, vkey } = await ctx.proofs();
    const verifier = await policyVerifier();
    const baselineSamples = ctx.quick ? 20 : 100;
    const snark: number[] = [];
    const baseline = async () => {
      const times = await timeRuns(baselineSamples / 2, async (i) => {
        const p = proofs[i % proofs.length]!;
        if (!(await snarkjs.groth16.verify(vkey, p.publicSignals, p.proof))) throw new Error('snarkjs refused an honest proof');
      });
      snark.push(...times);
    };

    await baseline();
    const rows: { batch: number; all: number; one: number; reps: number }[] = [];
    for (const n of SIZES) {
      const items = Array.from({ length: n }, (_, i) => proofs[i % proofs.length]!);
      const reps = ctx.quick ? 3 : Math.max(7, Math.ceil(256 / n));
      const rate = async (opts: VerifyBatchOptions) => {
        const times = await timeRuns(reps, async () => {
          const res = await verifier.verifyBatch(items, opts);
          if (!res.every((r) => r.valid)) throw new Error('verifyBatch refused an honest proof');
        });
        return (n * 1000) / median(times);
      };
      rows.push({ batch: n, all: await rate({}), one: await rate({ threads: 0 }), reps });
    }
    await baseline();

    const snarkjsPerSec = 1000 / median(snark);
    const best = (k: 'all' | 'one') => rows.reduce((a, b) => (b[k] > a[k] ? b : a));
    const ratioVsSnarkjs = round(best('all').all / snarkjsPerSec);
    const ratioVsSnarkjsOneCore = round(best('one').one / snarkjsPerSec);
    const cores = availableParallelism();
    return {
      result: {
        workload: `verifyBatch over n = ${SIZES.join(', ')} items cycling through ${proofs.length} distinct honest proofs, median of ${rows.map((r) => r.reps).join('/')} batches per size and mode; all cores = ${cores} worker threads, one core = threads: 0; snarkjs baseline = median of ${snark.length} one-by-one verifications`,
        goal: this.goal,
        met: ratioVsSnarkjsOneCore >= GOAL_ONE_CORE && ratioVsSnarkjs >= GOAL_ALL_CORES,
        snarkjsPerSec: round(snarkjsPerSec),
        bestBatch: best('all').batch,
        bestPerSec: round(best('all').all),
        bestBatchOneCore: best('one').batch,
        bestPerSecOneCore: round(best('one').one),
        ratioVsSnarkjs,
        ratioVsSnarkjsOneCore,
        grid: rows.map((r) => ({ batch: r.batch, perSec: round(r.all), perSecOneCore: round(r.one) })),
      },
      headline: `${round(best('all').all)} proofs/s (batch ${best('all').batch}, ${cores} cores) = ${ratioVsSnarkjs}x; one core ${round(best('one').one)}/s = ${ratioVsSnarkjsOneCore}x; snarkjs ${round(snarkjsPerSec)}/s`,
      details: rows.map((r) => ({
        batch: r.batch,
        [`proofs/s (${cores} cores)`]: round(r.all),
        'x snarkjs': round(r.all / snarkjsPerSec),
        'proofs/s (1 core)': round(r.one),
        'x snarkjs (1 core)': round(r.one / snarkjsPerSec),
      })),
    };
  },
};
