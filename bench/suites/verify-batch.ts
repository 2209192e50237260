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
 *
 * The floor (bench/lib/pairing-floor.ts: one multi-Miller loop of n + 3 pairs and one final
 * exponentiation) is timed after each one-core batch of the largest size, interleaved too, and
 * reported as how many times the floor a proof costs.
 */
import { availableParallelism } from 'node:os';
import * as snarkjs from 'snarkjs';
import { policyVerifier, type VerifyBatchOptions } from '../../src/zk/index.js';
import { pairingFloor, type Floor } from '../lib/pairing-floor.js';
import { median, round } from '../lib/stats.js';
import { ratioRow, type Suite } from '../lib/suite.js';

const SIZES = [1, 8, 32, 128];
const GOAL_ONE_CORE = 20;
const GOAL_ALL_CORES = 30;

interface Config {
  batch: number;
  mode: 'all' | 'one';
  reps: number;
  ms: number;
  snarkjsMs: number;
  ratio: number;
  cpuRatio: number;
}

export const verifyBatchSuite: Suite = {
  name: 'verify-batch',
  rows: ['verify-batch', 'verify-batch-1core'],
  async run(ctx) {
    const { proofs, vkey } = await ctx.proofs();
    const verifier = await policyVerifier();
    let next = 0;
    const snarkjsOnce = async () => {
      const p = proofs[next++ % proofs.length]!;
      if (!(await snarkjs.groth16.verify(vkey, p.publicSignals, p.proof)))
        throw new Error('snarkjs refused an honest proof');
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
    const floors: Floor[] = [];
    const top = SIZES[SIZES.length - 1]!;
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
          if (mode === 'one' && n === top) floors.push(pairingFloor(verifier.prepared, proofs, n, 1));
        }
        const ms = median(ours.map((o) => o.wall));
        const snarkjsMs = median(theirs.map((o) => o.wall));
        configs.push({
          batch: n,
          mode,
          reps,
          ms,
          snarkjsMs,
          ratio: snarkjsMs / ms,
          cpuRatio: median(theirs.map((o) => o.cpu)) / median(ours.map((o) => o.cpu)),
        });
      }
    }

    const best = (mode: Config['mode']) =>
      configs.filter((c) => c.mode === mode).reduce((a, b) => (b.ratio > a.ratio ? b : a));
    const all = best('all');
    const one = best('one');
    const topOne = configs.find((c) => c.mode === 'one' && c.batch === top)!;
    const cores = availableParallelism();
    const floor = {
      batch: top,
      millerLoopMs: round(median(floors.map((f) => f.millerLoopMs))),
      finalExpMs: round(median(floors.map((f) => f.finalExpMs))),
      perProofMs: round(median(floors.map((f) => f.perProofMs))),
      oneCorePerProofMs: round(topOne.ms),
      /** How many times the floor a proof costs in verifyBatch on one core (1 = at the floor). */
      timesFloor: round(topOne.ms / median(floors.map((f) => f.perProofMs))),
    };
    const grid = configs.map((c) => ({
      batch: c.batch,
      mode: c.mode,
      perSec: round(1000 / c.ms),
      snarkjsPerSec: round(1000 / c.snarkjsMs),
      ratio: round(c.ratio),
      cpuRatio: round(c.cpuRatio),
    }));
    const workload = `verifyBatch over n = ${SIZES.join(', ')} items cycling through ${proofs.length} distinct honest proofs, medians of ${[...new Set(configs.map((c) => c.reps))].join('/')} batches per size and mode; all cores = ${cores} worker threads, one core = threads: 0; after each batch snarkjs.groth16.verify verifies 1-4 of the same proofs one by one (interleaved baseline); the best batch size is the row's figure`;
    const details = SIZES.map((n) => {
      const a = configs.find((c) => c.batch === n && c.mode === 'all')!;
      const o = configs.find((c) => c.batch === n && c.mode === 'one')!;
      return {
        batch: n,
        [`proofs/s (${cores} cores)`]: round(1000 / a.ms),
        'snarkjs/s alongside': round(1000 / a.snarkjsMs),
        'x snarkjs': round(a.ratio),
        'proofs/s (1 core)': round(1000 / o.ms),
        'snarkjs/s alongside ': round(1000 / o.snarkjsMs),
        'x snarkjs (1 core)': round(o.ratio),
        'x by CPU time (1 core)': round(o.cpuRatio),
      };
    });
    const floorLine = {
      batch: `floor at ${top}`,
      [`proofs/s (${cores} cores)`]: '',
      'snarkjs/s alongside': '',
      'x snarkjs': '',
      'proofs/s (1 core)': round(1000 / floor.perProofMs),
      'snarkjs/s alongside ': '',
      'x snarkjs (1 core)': `${floor.timesFloor}x floor`,
      'x by CPU time (1 core)': '',
    };
    return [
      ratioRow({
        name: 'verify-batch',
        ours: {
          what: `verifyBatch, batch ${all.batch}, ${cores} cores`,
          value: round(1000 / all.ms),
          unit: 'proofs/s',
        },
        baseline: { what: 'snarkjs.groth16.verify one by one', value: round(1000 / all.snarkjsMs), unit: 'proofs/s' },
        ratio: all.ratio,
        ratioIs: 'our proofs/s / snarkjs proofs/s',
        goal: { op: '>=', ratio: GOAL_ALL_CORES },
        workload,
        extra: { cpuRatioOneCore: round(one.cpuRatio), grid, floor },
        details: [...details, floorLine],
      }),
      ratioRow({
        name: 'verify-batch-1core',
        ours: { what: `verifyBatch, batch ${one.batch}, threads: 0`, value: round(1000 / one.ms), unit: 'proofs/s' },
        baseline: { what: 'snarkjs.groth16.verify one by one', value: round(1000 / one.snarkjsMs), unit: 'proofs/s' },
        ratio: one.ratio,
        ratioIs: 'our proofs/s / snarkjs proofs/s',
        goal: { op: '>=', ratio: GOAL_ONE_CORE },
        workload,
        extra: { cpuRatio: round(one.cpuRatio), floor },
      }),
    ];
  },
};
