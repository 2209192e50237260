/**
 * Policies (each caller sees the shared catalogue and its own tenant's; an admin adds its tenant's,
 * the operator adds to the catalogue; see services/policy-book.ts) and the hook over HTTP: trade admission and
 * sessions for venues, stateless proof verification for regulators. A venue key's tenant is its
 * venue id: it can only admit trades (and open sessions) for that venue. A decision — admit or
 * reject — is a 200 answer carrying `allowed`, the rejection `code` and a signed receipt; 4xx is
 * reserved for requests that are not well-formed (well-formed.ts: a body whose proof is not a proof
 * file, or whose trade is not a trade, is 400 PROOF_MALFORMED / TRADE_INVALID).
 */
import { z } from 'zod';
import { ROLES } from '../../auth/index.js';
import { CATALOGUE_OWNER } from '../../db/schema.js';
import { VouchError } from '../../errors/index.js';
import { checkStateless } from '../../hook/index.js';
import { compilePolicy, explainPolicy, type CompiledPolicy } from '../../policy/index.js';
import { defineRoutes } from '../route.js';
import { domain } from '../services/domain.js';
import { venueServices } from '../services/venue.js';
import { Decimal, EscrowPoint } from './issuer-shapes.js';
import { assertWellFormed } from './well-formed.js';

const PolicySummary = z
  .object({
    ref: z.string(),
    /** `catalogue` (shared, operator-managed) or the owning tenant. */
    owner: z.string(),
    id: z.string(),
    version: z.string(),
    title: z.string(),
    policyHash: z.string(),
    policyId: z.string(),
    issuerSet: z.string(),
    markets: z.array(z.string()).nullable(),
    sessionsAllowed: z.boolean(),
    explanation: z.string(),
  })
  .meta({ id: 'PolicySummary' });
const PolicyList = z.object({ policies: z.array(PolicySummary) }).meta({ id: 'PolicyList' });
/** Checked against policies/schema.json by compilePolicy, not by zod (see addPolicy's bodyCheckedBy). */
const PolicyDocument = z.record(z.string(), z.unknown()).meta({ id: 'PolicyDocument' });
const PolicyDetail = PolicySummary.extend({ document: PolicyDocument }).meta({ id: 'PolicyDetail' });
const Decision = z
  .object({
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
    escrow: z.object({ committeeId: z.string(), epoch: z.number().int(), c1: EscrowPoint, c2: EscrowPoint }).optional(),
    limit: z
      .object({
        periodScope: Decimal,
        periodNullifier: z.string(),
        oldCommitment: z.string(),
        newCommitment: z.string(),
        tradeValue: z.string(),
      })
      .optional(),
    receipt: z.string().optional(),
    /** Stateless checks (/v1/verify) of a cumulative-limit proof: the prior commitment it was checked against, and what that means. */
    limitCheck: z.object({ priorCommitment: Decimal, firstOfPeriod: z.boolean(), meaning: z.string() }).optional(),
  })
  .meta({ id: 'Decision' });
const DecisionList = z.object({ decisions: z.array(Decision) }).meta({ id: 'DecisionList' });
/** A trade or a proof file: read by the hook (well-formed.ts), not by zod (see bodyCheckedBy). */
const JsonObject = z.record(z.string(), z.unknown()).meta({ id: 'JsonObject' });
const TradeCheck = z.strictObject({ trade: JsonObject, proof: JsonObject }).meta({ id: 'TradeCheck' });
const TradeBatch = z.strictObject({ items: z.array(TradeCheck).min(1).max(256) }).meta({ id: 'TradeBatch' });
const VerifyBody = z
  .strictObject({
    trade: JsonObject,
    proof: JsonObject,
    now: z.number().int().nonnegative().optional(),
    /** A cumulative-limit proof beyond its period's first trade: the commitment it extends, as the venue holds it (its receipt's limit.newCommitment). */
    priorCommitment: Decimal.optional(),
  })
  .meta({ id: 'VerifyRequest' });
const SessionOpen = z.strictObject({ proof: JsonObject }).meta({ id: 'SessionOpen' });
const SessionOrder = z
  .strictObject({ trade: JsonObject, signature: z.string().min(1).max(200) })
  .meta({ id: 'SessionOrder' });
/** What the hook checks in a trade or proof beyond the body's shape (well-formed.ts, then the decision). */
const WELL_FORMED =
  'the hook reads `trade` as a trade and `proof` as a vouch proof file (400 TRADE_INVALID with `details.field`, 400 PROOF_MALFORMED); a readable one that is refused is a 200 decision with `allowed: false`.';
const SessionParams = z.object({ id: z.string().regex(/^ses_[A-Za-z0-9_-]{16}$/, 'must be a session id') });
const PolicyParams = z.object({
  ref: z.string().regex(/^[a-z0-9][a-z0-9-]{0,99}@[0-9A-Za-z.+-]{1,50}$/, 'must be id@version'),
});
const Revoked = z.object({ sessionId: z.string(), revoked: z.boolean() }).meta({ id: 'SessionRevoked' });

export function summary(p: CompiledPolicy, owner: string) {
  return {
    ref: p.ref,
    owner: owner === CATALOGUE_OWNER ? 'catalogue' : owner,
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
  // the policy book's store follows deps.pg (services/pg-policy-store.ts), beside the issuer sets it claims
  postgres: true,
  routes: (route) => [
    route({
      method: 'get',
      path: '/v1/policies',
      operationId: 'listPolicies',
      summary: "The shared catalogue and the caller's tenant's own policies",
      roles: ROLES,
      response: { schema: PolicyList },
      handler: async ({ deps, auth }) => ({
        policies: (await venueServices(deps).book.visible(auth.tenant)).map((o) => summary(o.policy, o.owner)),
      }),
    }),
    route({
      method: 'get',
      path: '/v1/policies/{ref}',
      operationId: 'getPolicy',
      summary: 'One policy version: its document, hash and plain-language explanation',
      roles: ROLES,
      params: PolicyParams,
      response: { schema: PolicyDetail },
      handler: async ({ deps, params, auth }) => {
        const o = await venueServices(deps).book.find(auth.tenant, params.ref); // another tenant's: POLICY_UNKNOWN, like a missing one
        return { ...summary(o.policy, o.owner), document: o.policy.document as unknown as Record<string, unknown> };
      },
    }),
    route({
      method: 'post',
      path: '/v1/policies',
      operationId: 'addPolicy',
      summary:
        "Add a policy document to the caller's tenant (admin) or to the shared catalogue (operator); no venue enforces it until it adopts it",
      roles: ['admin', 'operator'],
      body: PolicyDocument,
      bodyCheckedBy:
        'compilePolicy validates the document against policies/schema.json and compiles it (400 POLICY_INVALID or POLICY_TOO_COMPLEX).',
      response: { status: 201, schema: PolicyDetail },
      handler: async ({ deps, body, auth }) => {
        const p = compilePolicy(body);
        const owner = auth.role === 'operator' ? CATALOGUE_OWNER : auth.tenant;
        await domain(deps).catalogueReady(); // the catalogue's sets are claimed before any tenant names one
        await venueServices(deps).book.add(owner, p, auth.keyId);
        return { ...summary(p, owner), document: p.document as unknown as Record<string, unknown> };
      },
    }),
  ],
});

export const tradeRoutes = defineRoutes({
  area: 'trades',
  // the hook's nullifiers, decisions, sessions, log and escrow committee follow deps.pg (services/venue.ts)
  postgres: true,
  routes: (route) => [
    route({
      method: 'post',
      path: '/v1/trades',
      operationId: 'admitTrade',
      summary: 'Admit a trade if its proof shows the holder satisfies the policy (replays refused)',
      roles: ['venue'],
      body: TradeCheck,
      bodyCheckedBy: WELL_FORMED,
      response: { schema: Decision },
      handler: async ({ deps, auth, body }) => {
        assertWellFormed(body);
        await domain(deps).registries();
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
      bodyCheckedBy:
        'each item is read like a single trade, but a malformed item gets its own decision (`allowed: false`, PROOF_MALFORMED or TRADE_INVALID) instead of failing the batch.',
      response: { schema: DecisionList },
      handler: async ({ deps, auth, body }) => {
        await domain(deps).registries();
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
      bodyCheckedBy: WELL_FORMED,
      response: { schema: Decision },
      handler: async ({ deps, auth, body }) => {
        assertWellFormed(body);
        await domain(deps).registries();
        const v = venueServices(deps);
        // a venue checks against what it enforces; an auditor against what it can see
        const policies =
          auth.role === 'venue'
            ? await v.book.enforced(auth.tenant)
            : (await v.book.visible(auth.tenant)).map((o) => o.policy);
        // a cumulative-limit proof is checked against the prior commitment the caller names (none: the period's first trade)
        return checkStateless({
          policies,
          trade: body.trade,
          proof: body.proof,
          ...(body.priorCommitment === undefined ? {} : { priorCommitment: body.priorCommitment }),
          hook: (store) => v.statelessHook(policies, body.now, store),
        });
      },
    }),
    route({
      method: 'post',
      path: '/v1/sessions',
      operationId: 'openSession',
      summary: 'Open a session: one proof binds an Ed25519 session key to this venue and epoch',
      roles: ['venue'],
      body: SessionOpen,
      bodyCheckedBy: WELL_FORMED,
      response: { schema: Decision },
      handler: async ({ deps, auth, body }) => {
        assertWellFormed(body);
        await domain(deps).registries();
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
      bodyCheckedBy: WELL_FORMED,
      response: { schema: Decision },
      handler: async ({ deps, auth, params, body }) => {
        assertWellFormed({ trade: body.trade });
        return (await venueServices(deps).hook(auth.tenant)).checkOrder(params.id, body.trade, body.signature);
      },
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
        const revoked = await (await venueServices(deps).hook(auth.tenant)).revokeSession(params.id);
        if (!revoked) throw new VouchError('SESSION_UNKNOWN', 'no such active session');
        return { sessionId: params.id, revoked };
      },
    }),
  ],
});
