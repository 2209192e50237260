/**
 * `complianceGate()`: a hono middleware for a venue's order endpoint. It takes `{ order, proof }`
 * from the JSON body, asks the hook (through its micro-batching queue), and either lets the request
 * through with the decision in `c.get('compliance')` or answers 403 problem+json with the code.
 */
import type { MiddlewareHandler } from 'hono';
import { ArgumentError, checkOptions } from '../errors/index.js';
import type { ComplianceHook } from './create-hook.js';
import type { Decision } from './decision.js';

export interface ComplianceGateOptions {
  hook: ComplianceHook;
  /** Where the order and its proof are in the request (default: body.order and body.proof). */
  extract?: (body: unknown) => { order: unknown; proof: unknown };
}

export type ComplianceGateEnv = { Variables: { compliance: Decision; order: unknown } };

export function complianceGate(o: ComplianceGateOptions): MiddlewareHandler<ComplianceGateEnv> {
  checkOptions('complianceGate', o, { hook: 'object', extract: 'function?' });
  if (typeof o.hook.submit !== 'function') throw new ArgumentError('complianceGate: options.hook must be a compliance hook');
  const extract = o.extract ?? ((b: unknown) => ({ order: (b as { order?: unknown })?.order, proof: (b as { proof?: unknown })?.proof }));
  return async function complianceGateMiddleware(c, next) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return problem(c, 400, 'INPUT_INVALID', 'the body must be JSON with an order and its proof');
    }
    const { order, proof } = extract(body);
    const decision = await o.hook.submit(order, proof);
    if (!decision.allowed) return c.json({ type: `https://vouch.dev/problems/${(decision.code ?? 'rejected').toLowerCase()}`, title: 'Order refused by compliance policy', status: 403, code: decision.code, detail: decision.reason, receipt: decision.receipt }, 403, { 'content-type': 'application/problem+json' });
    c.set('compliance', decision);
    c.set('order', order);
    await next();
  };
}

function problem(c: Parameters<MiddlewareHandler>[0], status: 400, code: string, detail: string) {
  return c.json({ type: `https://vouch.dev/problems/${code.toLowerCase()}`, title: 'Bad request', status, code, detail }, status, { 'content-type': 'application/problem+json' });
}
