/**
 * `complianceGate()`: a hono middleware for a venue's order endpoint. It takes `{ order, proof }`
 * from the JSON body, asks the hook (through its micro-batching queue), and either lets the request
 * through with the admission in `c.get('compliance')` or answers problem+json with the refusal's
 * code — built by the one error path (errors/problem.ts), so the status follows the code's kind as
 * on every Vouch route (409 for a replay, 422 for a proof that fails, 404 for an unknown policy),
 * plus the signed receipt of the refusal. Uses hono's types only: importing it loads no hono.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { ArgumentError, VouchError, checkOptions, problemBody } from '../errors/index.js';
import type { ComplianceHook } from './create-hook.js';
import type { Admitted } from './decision.js';

export interface ComplianceGateOptions {
  hook: ComplianceHook;
  /** Where the order and its proof are in the request (default: body.order and body.proof). */
  extract?: (body: unknown) => { order: unknown; proof: unknown };
}

export type ComplianceGateEnv = { Variables: { compliance: Admitted; order: unknown } };

/**
 * A hono middleware that admits an order through the hook before the handler runs, or answers
 * problem+json with the refusal (see the module header).
 *
 * @example
 * const app = new Hono<ComplianceGateEnv>();
 * app.post('/orders', complianceGate({ hook }), (c) => {
 *   const { nullifier, receipt } = c.get('compliance'); // admitted: both always present
 *   return c.json({ accepted: true, receipt }, 201);
 * });
 */
export function complianceGate(o: ComplianceGateOptions): MiddlewareHandler<ComplianceGateEnv> {
  checkOptions('complianceGate', o, { hook: 'object', extract: 'function?' });
  if (typeof o.hook.submit !== 'function')
    throw new ArgumentError('complianceGate: options.hook must be a compliance hook');
  const extract =
    o.extract ??
    ((b: unknown) => ({ order: (b as { order?: unknown })?.order, proof: (b as { proof?: unknown })?.proof }));
  return async function complianceGateMiddleware(c, next) {
    let body: unknown;
    try {
      body = await c.req.json();
    } catch {
      return problem(c, new VouchError('INPUT_INVALID', 'the body must be JSON with an order and its proof'));
    }
    const { order, proof } = extract(body);
    const decision = await o.hook.submit(order, proof);
    if (!decision.allowed) return problem(c, new VouchError(decision.code, decision.reason), decision.receipt);
    c.set('compliance', decision);
    c.set('order', order);
    await next();
  };
}

function problem(c: Context, err: VouchError, receipt?: string): Response {
  const body = { ...problemBody(err, c.req.header('x-request-id') ?? c.req.path), ...(receipt ? { receipt } : {}) };
  return c.json(body, body.status as 400, { 'content-type': 'application/problem+json' });
}
