/**
 * verify-batch: verifyBatch() throughput at batch sizes 1, 8, 32 and 128, using every core (the
 * default worker pool) and one core (threads: 0, everything on the calling thread), against
 * snarkjs.groth16.verify called one proof at a time on the same proofs.
 *
 * On a shared machine the load moves within seconds, so the baseline is interleaved with the
 * measurement: after every timed batch, snarkjs verifies a few proofs, and each configuration's
 * ratio compares medians taken over the same stretch of time. CPU time per proof (this process,
 * all threads) is recorded too, as a load-insensitive cross-check of the one-core figure. Every
 * verdict must be `valid`; a batch of n items cycles through the run's distinct honest proofs.
 */
import { availableParallelism } from 'node:os';
import * as snarkjs from 'snarkjs';
import { policyVerifier, type VerifyBatchOptions } from '../../src/zk/index.js';
import { median, round } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

const SIZES = [1, 8, 32, 128];
const GOAL_ONE_CORE = 10;
const GOAL_ALL_CORES = 20;

interface Config {
  batch: number;
  mode: 'all' | 'one';
  reps: number;
  perSec: number;
  snarkjsPerSec: number;
  ratio: number;
  cpuRatio: number;
}

export const verifyBatchSuite: Suite = {
  name: 'verify-batch',
  goal: `>= ${GOAL_ONE_CORE}x snarkjs (one by one) on one core, >= ${GOAL_ALL_CORES}x using all cores`,
  async run(ctx) {
    const { proofs, vkey } = await ctx.proofs();
    const verifier = await policyVerifier();
    let next = 0;
    const snarkjsOnce = async () => {
      const p = proofs[next++ % proofs.length]!;
      if (!(await snarkjs.groth16.verify(vkey, p.publicSignals, p.proof))) throw new Error('snarkjs refused an honest proof');
    };
    const measure = async <T>(f: () => Promise<T>) => {
      const cpu = process.cpuUsage();
      const t = performance.now();
      await f();
      const wall = performance.now() - t;
      const used = process.cpuUsage(cpu);
      return { wall, cpu: (used.user + used.system) / 1000 };
    };

    const configs: Config[] = [];
    for (const n of SIZES) {
      const items = Array.from({ length: n }, (_, i) => proofs[i % proofs.length]!);
      const reps = ctx.quick ? 3 : Math.max(9, Math.ceil(256 / n));
      const perRep = Math.max(1, Math.min(4, n / 8)); // snarkjs verifications after each batch
      for (const mode of ['all', 'one'] as const) {
        const opts: VerifyBatchOptions = mode === 'one' ? { threads: 0 } : {};
        const run = async () => {
          const res = await verifier.verifyBatch(items, opts);
          if (!res.every((r) => r.valid)) throw new Error('verifyBatch refused an honest proof');
        };
        await run();
        await snarkjsOnce();
        const ours: { wall: number; cpu: number }[] = [];
        const theirs: { wall: number; cpu: number }[] = [];
        for (let k = 0; k < reps; k++) {
          const m = await measure(run);
          ours.push({ wall: m.wall / n, cpu: m.cpu / n });
          for (let j = 0; j < perRep; j++) theirs.push(await measure(snarkjsOnce));
        }
        const oursMs = median(ours.map((o) => o.wall));
        const theirsMs = median(theirs.map((o) => o.wall));
        configs.push({
          batch: n,
          mode,
          reps,
          perSec: 1000 / oursMs,
          snarkjsPerSec: 1000 / theirsMs,
          ratio: theirsMs / oursMs,
          cpuRatio: median(theirs.map((o) => o.cpu)) / median(ours.map((o) => o.cpu)),
        });
      }
    }

    const best = (mode: Config['mode']) => configs.filter((c) => c.mode === mode).reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const all = best('all');
    const one = best('one');
    const cores = availableParallelism();
    const ratioVsSnarkjs = round(all.ratio);
    const ratioVsSnarkjsOneCore = round(one.ratio);
    return {
      result: {
        workload: `verifyBatch over n = ${SIZES.join(', ')} items cycling through ${proofs.length} distinct honest proofs, medians of ${[...new Set(configs.map((c) => c.reps))].join('/')} batches per size and mode; all cores = ${cores} worker threads, one core = threads: 0; after each batch snarkjs.groth16.verify verifies 1-4 of the same proofs one by one (interleaved baseline)`,
        goal: this.goal,
        met: ratioVsSnarkjsOneCore >= GOAL_ONE_CORE && ratioVsSnarkjs >= GOAL_ALL_CORES,
        bestBatch: all.batch,
        bestPerSec: round(all.perSec),
        snarkjsPerSec: round(all.snarkjsPerSec),
        ratioVsSnarkjs,
        bestBatchOneCore: one.batch,
        bestPerSecOneCore: round(one.perSec),
        snarkjsPerSecOneCore: round(one.snarkjsPerSec),
        ratioVsSnarkjsOneCore,
        /** Same one-core configuration by CPU time (this process, all threads) instead of wall time. */
        cpuRatioVsSnarkjsOneCore: round(one.cpuRatio),
        grid: configs.map((c) => ({ batch: c.batch, mode: c.mode, perSec: round(c.perSec), snarkjsPerSec: round(c.snarkjsPerSec), ratio: round(c.ratio), cpuRatio: round(c.cpuRatio) })),
      },
      headline: `${round(all.perSec)} proofs/s (batch ${all.batch}, ${cores} cores) = ${ratioVsSnarkjs}x; one core ${round(one.perSec)}/s = ${ratioVsSnarkjsOneCore}x (snarkjs ${round(all.snarkjsPerSec)}/s, ${round(one.snarkjsPerSec)}/s alongside)`,
      details: SIZES.map((n) => {
        const a = configs.find((c) => c.batch === n && c.mode === 'all')!;
        const o = configs.find((c) => c.batch === n && c.mode === 'one')!;
        return {
          batch: n,
          [`proofs/s (${cores} cores)`]: round(a.perSec),
          'snarkjs/s alongside': round(a.snarkjsPerSec),
          'x snarkjs': round(a.ratio),
          'proofs/s (1 core)': round(o.perSec),
          'snarkjs/s alongside ': round(o.snarkjsPerSec),
          'x snarkjs (1 core)': round(o.ratio),
          'x by CPU time (1 core)': round(o.cpuRatio),
        };
      }),
    };
  },
};
