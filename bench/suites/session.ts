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
      const t0 = performance.now();
      let admitted = 0;
      for (const o of orders) if (hook.checkOrder(opened.sessionId!, o.trade, o.sig).allowed) admitted++;
      const perSec = round((n * 1000) / (performance.now() - t0));
      if (admitted !== n) throw new Error(`only ${admitted}/${n} session orders admitted`);
      return {
        result: { workload: `${n} distinct pre-signed orders checked sequentially on one core (canonical encoding + Poseidon trade hash + Ed25519 verify + limits)`, goal: this.goal, met: perSec >= GOAL, ordersPerSec: perSec, orders: n },
        headline: `${perSec} orders/s`,
      };
    } finally {
      w.handle.close();
      rmSync(w.dir, { recursive: true, force: true });
    }
  },
};
