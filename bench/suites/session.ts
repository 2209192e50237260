/**
 * session: orders admitted per second in session mode, against raw Ed25519 verification on every
 * core. One real session proof opens the session; then each order costs a canonical-trade
 * encoding, an Ed25519 signature check (node:crypto, on worker threads) and the session's limits.
 * Orders are signed beforehand (the holder's cost, not the venue's).
 *
 * Baseline: what the signature checks alone can do — one worker thread per core, each holding its
 * share of the same canonical messages and signatures already decoded, calling node:crypto's
 * verify in a loop (no parsing, no transfer, no limits). It is the ceiling for any session-mode
 * admission that checks a signature per order. Chunks of ours and of the baseline alternate.
 */
import { rmSync } from 'node:fs';
import { createPublicKey, sign } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { createComplianceHook, ephemeralReceiptSigner, MemoryNullifierStore } from '../../src/hook/index.js';
import { canonicalTrade } from '../../src/policy/index.js';
import { makeBenchWorld } from '../lib/hook-world.js';
import { median, round } from '../lib/stats.js';
import { interleave, ratioRow, type Suite } from '../lib/suite.js';

const GOAL_RATIO = 0.7;
const CHUNK = 2000;

const RAW_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const key = createPublicKey({ key: workerData.jwk, format: 'jwk' });
const msgs = workerData.msgs.map((m) => Buffer.from(m));
const sigs = workerData.sigs.map((s) => Buffer.from(s));
parentPort.on('message', () => {
  let ok = 0;
  for (let i = 0; i < msgs.length; i++) if (verify(null, msgs[i], key, sigs[i])) ok++;
  parentPort.postMessage(ok);
});
`;

/** Raw verification on `cores` threads over preloaded (message, signature) pairs. */
async function rawVerifiers(jwk: object, msgs: Uint8Array[], sigs: Uint8Array[], cores: number) {
  const per = Math.ceil(msgs.length / cores);
  const workers = Array.from(
    { length: cores },
    (_, w) =>
      new Worker(RAW_WORKER, {
        eval: true,
        workerData: { jwk, msgs: msgs.slice(w * per, (w + 1) * per), sigs: sigs.slice(w * per, (w + 1) * per) },
      }),
  );
  const round = () =>
    Promise.all(
      workers.map(
        (w) =>
          new Promise<number>((resolve) => {
            w.once('message', resolve);
            w.postMessage(0);
          }),
      ),
    ).then((counts) => counts.reduce((a, b) => a + b, 0));
  return { run: round, close: () => Promise.all(workers.map((w) => w.terminate())) };
}

export const sessionSuite: Suite = {
  name: 'session',
  rows: ['session'],
  async run(ctx) {
    const w = await makeBenchWorld({ proofs: 0, session: true });
    const cores = availableParallelism();
    try {
      const hook = await createComplianceHook({
        policies: [w.perps],
        registry: w.registry,
        store: new MemoryNullifierStore(),
        signer: await ephemeralReceiptSigner('bench'),
        clock: () => w.now,
        venue: 'bench',
      });
      const opened = await hook.openSession(w.session!.proof);
      if (!opened.allowed) throw new Error(`session refused: ${opened.code}`);
      const rounds = ctx.quick ? 4 : 10;
      const perRound = ctx.quick ? 2 * CHUNK : 5 * CHUNK;
      const n = rounds * perRound;
      const orders = Array.from({ length: n }, (_, i) => {
        const trade = {
          venue: 'bench',
          market: 'BTC-PERP',
          side: i % 2 ? 'buy' : 'sell',
          size: '0.01',
          price: '60000',
          nonce: i.toString(16).padStart(16, '0'),
          time: w.now,
        };
        const msg = Buffer.from(canonicalTrade(trade).canonical);
        return { trade, msg, sig: sign(null, msg, w.session!.privateKey) };
      });
      // one core: checkOrder, one after another (information)
      const single = orders.slice(0, CHUNK);
      let t0 = performance.now();
      for (const o of single)
        if (!(await hook.checkOrder(opened.sessionId!, o.trade, o.sig.toString('base64url'))).allowed)
          throw new Error('a session order was refused');
      const oneCorePerSec = (single.length * 1000) / (performance.now() - t0);

      const raw = await rawVerifiers(
        createPublicKey(w.session!.privateKey).export({ format: 'jwk' }),
        orders.slice(0, perRound).map((o) => o.msg),
        orders.slice(0, perRound).map((o) => o.sig),
        cores,
      );
      await raw.run(); // warm-up
      let at = CHUNK;
      const { ours, baseline } = await interleave(
        rounds - 1,
        async () => {
          const batch = orders.slice(at, at + perRound);
          at += perRound;
          const t = performance.now();
          for (let i = 0; i < batch.length; i += CHUNK) {
            const ds = await hook.checkOrders(
              opened.sessionId!,
              batch.slice(i, i + CHUNK).map((o) => ({ trade: o.trade, signature: o.sig.toString('base64url') })),
            );
            if (!ds.every((d) => d.allowed)) throw new Error('a session order was refused');
          }
          return (batch.length * 1000) / (performance.now() - t);
        },
        async () => {
          const t = performance.now();
          if ((await raw.run()) !== perRound) throw new Error('raw Ed25519 verification refused an honest signature');
          return (perRound * 1000) / (performance.now() - t);
        },
      );
      await raw.close();
      await hook.close();
      return [
        ratioRow({
          name: 'session',
          ours: {
            what: `checkOrders(), chunks of ${CHUNK}, ${cores} cores`,
            value: round(median(ours)),
            unit: 'orders/s',
          },
          baseline: {
            what: `raw node:crypto Ed25519 verify, ${cores} threads`,
            value: round(median(baseline)),
            unit: 'signatures/s',
          },
          ratio: median(ours) / median(baseline),
          ratioIs: 'our orders/s / raw signatures/s',
          goal: { op: '>=', ratio: GOAL_RATIO },
          workload: `${n} distinct pre-signed orders of one session: ${rounds - 1} rounds of ${perRound} through checkOrders() in chunks of ${CHUNK} (canonical encoding, signature on worker threads, nonce, limits), each round alternating with raw verification of ${perRound} of the same signatures on ${cores} threads; medians of the rounds`,
          extra: { oneCorePerSec: round(oneCorePerSec), rounds: rounds - 1, perRound },
        }),
      ];
    } finally {
      w.handle.close();
      rmSync(w.dir, { recursive: true, force: true });
    }
  },
};
