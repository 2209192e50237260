/**
 * hook: embedded admission (no HTTP), against the verifier it is built on.
 *
 * Capacity: closed loop (every admission submitted at once, the queue batching them), in rounds
 * that alternate with the baseline — verifyBatch alone on the same proofs, in batches of the
 * queue's size with as many batches in flight as the queue runs — so the ratio says how much of
 * its verifier's capacity the hook delivers. Latency: open-loop arrivals at 25 / 50 / 90 % of the
 * measured capacity; the goal puts p99 at 50 % against the queue's batch window (maxWaitMs): an
 * admission should wait for its batch and then for about one batch's verification, not more.
 *
 * Every admission does the full work: proof-file and trade checks (two Poseidon hashes), a
 * Groth16 verification (batched with concurrent ones), a nullifier insert into SQLite (WAL,
 * synchronous=FULL) and a signed receipt. The P distinct proofs are reused across cycles with every
 * claim in a fresh nullifier namespace (FreshStore): every admission is still a real, distinct insert, and every
 * proof is still verified.
 */
import { rmSync } from 'node:fs';
import {
  createComplianceHook,
  ephemeralReceiptSigner,
  SqliteNullifierStore,
  type ComplianceHook,
  type NullifierStore,
} from '../../src/hook/index.js';
import { policyVerifier } from '../../src/zk/index.js';
import { makeBenchWorld, type BenchWorld } from '../lib/hook-world.js';
import { openLoopLatencies } from '../lib/open-loop.js';
import { median, percentile, round } from '../lib/stats.js';
import { interleave, ratioRow, type Suite } from '../lib/suite.js';

const GOAL_CAPACITY = 0.8;
const GOAL_P99_WINDOWS = 2;
/** The queue as the benchmark configures it (and as a venue embedding the hook would). */
export const BENCH_QUEUE = { maxItems: 32, maxWaitMs: 8, concurrency: 2, maxPending: 1_000_000 } as const;

/**
 * Every claim of a nullifier goes to a fresh namespace (the nullifier xor its claim count << 200),
 * so reusing P proofs never trips the replay check, while every admission still inserts a distinct
 * row into the real SQLite store.
 */
class FreshStore implements NullifierStore {
  private readonly claims = new Map<bigint, bigint>();
  constructor(private readonly inner: SqliteNullifierStore) {}
  private fresh(n: bigint): bigint {
    const k = (this.claims.get(n) ?? 0n) + 1n;
    this.claims.set(n, k);
    return n ^ (k << 200n);
  }
  claim(c: Parameters<NullifierStore['claim']>[0]): ReturnType<SqliteNullifierStore['claim']> {
    return this.inner.claim({ ...c, nullifier: this.fresh(c.nullifier) });
  }
  claimMany(cs: readonly Parameters<NullifierStore['claim']>[0][]): ReturnType<SqliteNullifierStore['claimMany']> {
    return this.inner.claimMany(cs.map((c) => ({ ...c, nullifier: this.fresh(c.nullifier) })));
  }
  has(n: bigint): boolean {
    return this.inner.has(n ^ (((this.claims.get(n) ?? 0n) + 1n) << 200n));
  }
}

async function makeHook(w: BenchWorld, store: NullifierStore): Promise<ComplianceHook> {
  return createComplianceHook({
    policies: [w.spot],
    registry: w.registry,
    store,
    signer: await ephemeralReceiptSigner('bench'),
    clock: () => w.now,
    venue: 'bench',
    queue: BENCH_QUEUE,
  });
}

export const hookSuite: Suite = {
  name: 'hook',
  rows: ['hook-capacity', 'hook-latency'],
  async run(ctx) {
    // copies of one proof inside one batch are verified one after the other and the later ones
    // refused as replays (create-hook.ts), so every window of in-flight items must hold distinct
    // proofs: more than (concurrency + 1) full batches
    const P = BENCH_QUEUE.maxItems * (BENCH_QUEUE.concurrency + 1);
    const w = await makeBenchWorld({ proofs: P });
    const store = new FreshStore(new SqliteNullifierStore(w.handle.db));
    const hook = await makeHook(w, store);
    const verifier = await policyVerifier();
    let k = 0;
    const next = () => w.trades[k++ % P]!;
    try {
      // warm-up, then one by one (information): check() per trade, sequential
      for (let i = 0; i < P; i++) {
        const t = next();
        await hook.check(t.trade, t.proof);
      }
      const nSeq = ctx.quick ? 16 : 64;
      let t0 = performance.now();
      for (let i = 0; i < nSeq; i++) {
        const t = next();
        const d = await hook.check(t.trade, t.proof);
        if (!d.allowed) throw new Error(`bench admission refused: ${d.code}`);
      }
      const seqPerSec = (nSeq * 1000) / (performance.now() - t0);

      // capacity, interleaved with verifyBatch alone on the same proofs and batch shape
      const perRound = ctx.quick ? 128 : 512;
      const rounds = ctx.quick ? 4 : 8;
      const items = w.trades.map((t) => ({ proof: t.proof.proof, publicSignals: t.proof.publicSignals }));
      const { ours, baseline } = await interleave(
        rounds,
        async () => {
          t0 = performance.now();
          const all: Promise<{ allowed: boolean; code?: string }>[] = [];
          for (let i = 0; i < perRound; i++) {
            const t = next();
            all.push(hook.submit(t.trade, t.proof));
          }
          const ds = await Promise.all(all);
          const refused = ds.find((d) => !d.allowed);
          if (refused) throw new Error(`bench admission refused: ${refused.code}`);
          return (perRound * 1000) / (performance.now() - t0);
        },
        async () => {
          t0 = performance.now();
          let sent = 0;
          const lane = async () => {
            while (sent < perRound) {
              const n = Math.min(BENCH_QUEUE.maxItems, perRound - sent);
              const batch = Array.from({ length: n }, (_, j) => items[(sent + j) % P]!);
              sent += n;
              const vs = await verifier.verifyBatch(batch);
              if (!vs.every((v) => v.valid)) throw new Error('verifyBatch refused an honest proof');
            }
          };
          await Promise.all(Array.from({ length: BENCH_QUEUE.concurrency }, lane));
          return (perRound * 1000) / (performance.now() - t0);
        },
      );
      const capacity = median(ours);
      const verifierCapacity = median(baseline);

      // open loop at fractions of the hook's capacity
      const loads: Record<string, { rate: number; p50Ms: number; p99Ms: number; admitted: number }> = {};
      for (const frac of [0.25, 0.5, 0.9]) {
        const rate = capacity * frac;
        const seconds = ctx.quick ? 2 : 6;
        const n = Math.max(20, Math.round(rate * seconds));
        const lat = await openLoopLatencies(rate, n, () => {
          const t = next();
          return hook.submit(t.trade, t.proof);
        });
        loads[`${Math.round(frac * 100)}%`] = {
          rate: round(rate),
          p50Ms: round(percentile(lat, 50)),
          p99Ms: round(percentile(lat, 99)),
          admitted: n,
        };
      }
      const half = loads['50%']!;
      const queue = `queue maxItems ${BENCH_QUEUE.maxItems}, maxWaitMs ${BENCH_QUEUE.maxWaitMs}, concurrency ${BENCH_QUEUE.concurrency}`;
      const world = `${P} real proofs (bench-spot policy), reused across cycles with namespaced nullifiers; SQLite WAL synchronous=FULL; receipts signed`;
      return [
        ratioRow({
          name: 'hook-capacity',
          ours: { what: `submit(), closed loop, ${queue}`, value: round(capacity), unit: 'admissions/s' },
          baseline: {
            what: `verifyBatch alone, batches of ${BENCH_QUEUE.maxItems}, ${BENCH_QUEUE.concurrency} in flight`,
            value: round(verifierCapacity),
            unit: 'proofs/s',
          },
          ratio: capacity / verifierCapacity,
          ratioIs: 'hook admissions/s / verifyBatch proofs/s',
          goal: { op: '>=', ratio: GOAL_CAPACITY },
          workload: `${world}; ${rounds} rounds of ${perRound} admissions through submit() alternating with ${perRound} verifications by verifyBatch of the same proofs; medians of the rounds`,
          extra: {
            oneByOnePerSec: round(seqPerSec),
            batchSpeedup: round(capacity / seqPerSec),
            roundsPerSec: ours.map(round),
            verifierRoundsPerSec: baseline.map(round),
          },
        }),
        ratioRow({
          name: 'hook-latency',
          ours: { what: 'submit() p99 at 50 % of capacity', value: half.p99Ms, unit: 'ms' },
          baseline: { what: 'the batch window (maxWaitMs)', value: BENCH_QUEUE.maxWaitMs, unit: 'ms' },
          ratio: half.p99Ms / BENCH_QUEUE.maxWaitMs,
          ratioIs: 'p99 / batch window',
          goal: { op: '<=', ratio: GOAL_P99_WINDOWS },
          workload: `${world}; ${queue}; open-loop arrivals at 25/50/90 % of the capacity above for ${ctx.quick ? 2 : 6} s each`,
          extra: { loads },
          details: Object.entries(loads).map(([load, v]) => ({
            load,
            'rate/s': v.rate,
            'p50 ms': v.p50Ms,
            'p99 ms': v.p99Ms,
          })),
        }),
      ];
    } finally {
      await hook.close();
      w.handle.close();
      rmSync(w.dir, { recursive: true, force: true });
    }
  },
};
