/**
 * A small order-book venue that admits orders only through the Vouch hook. It never sees who
 * trades: only the order, a proof, and the hook's decision (policy, nullifier, receipt).
 */
import { Hono } from 'hono';
import { complianceGate, type ComplianceGateEnv, type ComplianceHook } from '../../src/hook/index.js';

export interface BookEntry {
  market: string;
  side: string;
  size: string;
  price: string;
  nullifier: string;
  receipt: string;
}

export function createVenueApp(hook: ComplianceHook): { app: Hono<ComplianceGateEnv>; book: BookEntry[] } {
  const book: BookEntry[] = [];
  const app = new Hono<ComplianceGateEnv>();
  app.post('/orders', complianceGate({ hook }), (c) => {
    const order = c.get('order') as { market: string; side: string; size: string; price: string };
    const d = c.get('compliance');
    const entry = {
      market: order.market,
      side: order.side,
      size: order.size,
      price: order.price,
      nullifier: d.nullifier,
      receipt: d.receipt,
    };
    book.push(entry);
    return c.json({ accepted: true, position: book.length, policy: d.policyId, receipt: d.receipt }, 201);
  });
  app.get('/book', (c) => c.json(book.map(({ receipt: _r, ...e }) => e)));
  return { app, book };
}
