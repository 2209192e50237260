/**
 * session: orders admitted per second in session mode. One real session proof opens the session;
 * then each order costs a canonical-trade encoding, an Ed25519 signature check (node:crypto) and
 * the session's limits. Orders are signed beforehand (the holder's cost, not the venue's).
 */
import { rmSync } from 'node:fs';
import { sign } from 'node:crypto';
import { createComplianceHook, ephemeralReceiptSigner, MemoryNullifierStore } from '../../src/hook/index.js';
import { canonicalTrade } from '../../src/policy/index.js';
import { makeBenchWorld } from '../lib/hook-world.js';
import { round } from '../lib/stats.js';
import type { Suite } from '../lib/suite.js';

const GOAL = 20_000;

export const sessionSuite: Suite = {
  name: 'session',
  goal: `>= ${GOAL.toLocaleString('en')} signed orders/s in session mode`,
  async run(ctx) {
    const w = await makeBenchWorld({ proofs: 0, session: true });
    try {
      const hook = await createComplianceHook({
        policies: [w.perps], registry: w.registry, store: new MemoryNullifierStore(), signer: await ephemeralReceiptSigner('bench'), clock: () => w.now, venue: 'bench',
      });
      const opened = await hook.openSession(w.session!.proof);
      if (!opened.allowed) throw new Error(`session refused: ${opened.code}`);
      const n = ctx.quick ? 5_000 : 50_000;
      const orders = Array.from({ length: n }, (_, i) => {
        const trade = { venue: 'bench', market: 'BTC-PERP', side: i % 2 ? 'buy' : 'sell', size: '0.01', price: '60000', nonce: i.toString(16).padStart(16, '0'), time: w.now };
        return { trade, sig: sign(null, Buffer.from(canonicalTrade(trade).canonical), w.session!.privateKey).toString('base64url') };
      });
      // one core: checkOrder, one after another
      const single = orders.slice(0, Math.floor(n / 5));
      let t0 = performance.now();
      let admitted = 0;
      for (const o of single) if (hook.checkOrder(opened.sessionId!, o.trade, o.sig).allowed) admitted++;
      const singlePerSec = round((single.length * 1000) / (performance.now() - t0));
      if (admitted !== single.length) throw new Error(`only ${admitted}/${single.length} session orders admitted`);
      // every core: checkOrders in chunks of 2,000 (signatures on worker threads)
      const rest = orders.slice(single.length);
      t0 = performance.now();
      admitted = 0;
      for (let i = 0; i < rest.length; i += 2000) {
        const ds = await hook.checkOrders(opened.sessionId!, rest.slice(i, i + 2000).map((o) => ({ trade: o.trade, signature: o.sig })));
        admitted += ds.filter((d) => d.allowed).length;
      }
      const perSec = round((rest.length * 1000) / (performance.now() - t0));
      await hook.close();
      if (admitted !== rest.length) throw new Error(`only ${admitted}/${rest.length} batched session orders admitted`);
      return {
        result: { workload: `${n} distinct pre-signed orders of one session: ${single.length} through checkOrder() on one core, then ${n - single.length} through checkOrders() in chunks of 2,000 with Ed25519 checks on worker threads (canonical encoding, signature, nonce, limits)`, goal: this.goal, met: perSec >= GOAL, ordersPerSec: perSec, ordersPerSecOneCore: singlePerSec, orders: n },
        headline: `${perSec} orders/s (all cores; one core ${singlePerSec}/s)`,
      };
    } finally {
      w.handle.close();
      rmSync(w.dir, { recursive: true, force: true });
    }
  },
};
