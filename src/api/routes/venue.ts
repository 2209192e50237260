/**
 * Policies (read by every role, added by admins) and the hook over HTTP: trade admission and
 * sessions for venues, stateless proof verification for regulators. A venue key's tenant is its
 * venue id: it can only admit trades (and open sessions) for that venue. A decision — admit or
 * reject — is a 200 answer carrying `allowed`, the rejection `code` and a signed receipt; 4xx is
 * reserved for requests that are not well-formed.
 */
import { z } from 'zod';
import { ROLES } from '../../auth/index.js';
import { VouchError } from '../../errors/index.js';
import { compilePolicy, explainPolicy, type CompiledPolicy } from '../../policy/index.js';
import { defineRoutes } from '../route.js';
import { domain } from '../services/domain.js';
import { venueServices } from '../services/venue.js';

const PolicySummary = z.object({
  ref: z.string(),
  id: z.string(),
  version: z.string(),
  title: z.string(),
  policyHash: z.string(),
  policyId: z.string(),
  issuerSet: z.string(),
  markets: z.array(z.string()).nullable(),
  sessionsAllowed: z.boolean(),
  explanation: z.string(),
});
const PolicyList = z.object({ policies: z.array(PolicySummary) });
const PolicyDetail = PolicySummary.extend({ document: z.record(z.string(), z.unknown()) });
const Decision = z.object({
  allowed: z.boolean(),
  code: z.string().optional(),
  reason: z.string().optional(),
  policy: z.string().optional(),
  required: z.array(z.string()).optional(),
  policyId: z.string().optional(),
  policyHash: z.string().optional(),
  nullifier: z.string().optional(),
  tradeHash: z.string().optional(),
  sessionId: z.string().optional(),
  receipt: z.string().optional(),
});
const JsonObject = z.record(z.string(), z.unknown());
const TradeCheck = z.strictObject({ trade: JsonObject, proof: JsonObject });
const TradeBatch = z.strictObject({ items: z.array(TradeCheck).min(1).max(256) });
const VerifyBody = z.strictObject({ trade: JsonObject, proof: JsonObject, now: z.number().int().nonnegative().optional() });
const SessionOpen = z.strictObject({ proof: JsonObject });
const SessionOrder = z.strictObject({ trade: JsonObject, signature: z.string().min(1).max(200) });
const SessionParams = z.object({ id: z.string().regex(/^ses_[A-Za-z0-9_-]{16}$/, 'must be a session id') });
const PolicyParams = z.object({ ref: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}@[0-9A-Za-z.+-]{1,50}$/, 'must be id@version') });
const Revoked = z.object({ sessionId: z.string(), revoked: z.boolean() });

function summary(p: CompiledPolicy) {
  return {
    ref: p.ref,
    id: p.id,
    version: p.version,
    title: p.document.title,
    policyHash: p.policyHash.toString(),
    policyId: p.policyIdHex,
    issuerSet: p.issuerSet,
    markets: p.markets ? [...p.markets] : null,
    sessionsAllowed: p.session.allowed,
    explanation: explainPolicy(p.document),
  };
}

export const policyRoutes = defineRoutes({
  area: 'policies',
  routes: (route) => [
    route({
      method: 'get',
      path: '/v1/policies',
      operationId: 'listPolicies',
      summary: 'The policies this service enforces',
      roles: ROLES,
      response: { schema: PolicyList },
      handler: async ({ deps }) => ({ policies: (await venueServices(deps).policies()).map(summary) }),
    }),
    route({
      method: 'get',
      path: '/v1/policies/{ref}',
      operationId: 'getPolicy',
      summary: 'One policy version: its document, hash and plain-language explanation',
      roles: ROLES,
      params: PolicyParams,
      response: { schema: PolicyDetail },
      handler: async ({ deps, params }) => {
        const p = (await venueServices(deps).policies()).find((x) => x.ref === params.ref);
        if (!p) throw new VouchError('POLICY_UNKNOWN', `no policy ${params.ref}`);
        return { ...summary(p), document: p.document as unknown as Record<string, unknown> };
      },
    }),
    route({
      method: 'post',
      path: '/v1/policies',
      operationId: 'addPolicy',
      summary: 'Add a policy document (a new id or version; versions are immutable)',
      roles: ['admin'],
      body: JsonObject,
      response: { status: 201, schema: PolicyDetail },
      handler: async ({ deps, body }) => {
        const p = compilePolicy(body);
        await venueServices(deps).addPolicy(p);
        return { ...summary(p), document: p.document as unknown as Record<string, unknown> };
      },
    }),
  ],
});

export const tradeRoutes = defineRoutes({
  area: 'trades',
  routes: (route) => [
    route({
      method: 'post',
      path: '/v1/trades',
      operationId: 'admitTrade',
      summary: 'Admit a trade if its proof shows the holder satisfies the policy (replays refused)',
      roles: ['venue'],
      body: TradeCheck,
      response: { schema: Decision },
      handler: async ({ deps, auth, body }) => {
        await domain(deps).registry();
        return (await venueServices(deps).hook(auth.tenant)).submit(body.trade, body.proof);
      },
    }),
    route({
      method: 'post',
      path: '/v1/trades/batch',
      operationId: 'admitTrades',
      summary: 'Admit up to 256 trades with one batched verification; one decision per item, in order',
      roles: ['venue'],
      body: TradeBatch,
      response: { schema: z.object({ decisions: z.array(Decision) }) },
      handler: async ({ deps, auth, body }) => {
        await domain(deps).registry();
        return { decisions: await (await venueServices(deps).hook(auth.tenant)).checkBatch(body.items) };
      },
    }),
    route({
      method: 'post',
      path: '/v1/verify',
      operationId: 'verifyProof',
      summary: 'Stateless check of a proof for a trade (no replay memory, nothing recorded)',
      roles: ['auditor', 'venue'],
      body: VerifyBody,
      response: { schema: Decision },
      handler: async ({ deps, body }) => {
        await domain(deps).registry();
        const d = await (await venueServices(deps).statelessHook(body.now)).check(body.trade, body.proof);
        return d;
      },
    }),
    route({
      method: 'post',
      path: '/v1/sessions',
      operationId: 'openSession',
      summary: 'Open a session: one proof binds an Ed25519 session key to this venue and epoch',
      roles: ['venue'],
      body: SessionOpen,
      response: { schema: Decision },
      handler: async ({ deps, auth, body }) => {
        await domain(deps).registry();
        return (await venueServices(deps).hook(auth.tenant)).openSession(body.proof);
      },
    }),
    route({
      method: 'post',
      path: '/v1/sessions/{id}/orders',
      operationId: 'checkSessionOrder',
      summary: 'Admit an order signed by a session key, within the session’s limits',
      roles: ['venue'],
      params: SessionParams,
      body: SessionOrder,
      response: { schema: Decision },
      handler: async ({ deps, auth, params, body }) => (await venueServices(deps).hook(auth.tenant)).checkOrder(params.id, body.trade, body.signature),
    }),
    route({
      method: 'delete',
      path: '/v1/sessions/{id}',
      operationId: 'revokeSession',
      summary: 'Revoke a session: its later orders are refused',
      roles: ['venue'],
      params: SessionParams,
      response: { schema: Revoked },
      handler: async ({ deps, auth, params }) => {
        const revoked = (await venueServices(deps).hook(auth.tenant)).revokeSession(params.id);
        if (!revoked) throw new VouchError('SESSION_UNKNOWN', 'no such active session');
        return { sessionId: params.id, revoked };
      },
    }),
  ],
});
