/**
 * Credential pickup over HTTP (credentials area): an issuer or institution issues a credential
 * and, instead of the file, gets a one-time code to hand the holder; the holder's wallet redeems
 * the code at a public route and receives the credential, once (src/credentials/pickup.ts).
 *
 * The redeeming route is public — the code is the secret — so its failures are budgeted per client
 * address like failed API-key authentications (config rateLimit.authFailureBurst/PerSecond): past
 * the budget every attempt is refused with RATE_LIMITED before any lookup. The budget lives where
 * the app's request budgets do (AppDeps.rateLimiters: Redis or PostgreSQL under `vouch serve` with
 * several processes), so N processes behind a load balancer allow a guesser the burst once, not N
 * times. The code travels only in request and response bodies, never in a URL, and is never logged.
 *
 * The codes live on the app's database (PostgreSQL when deps.pg is set: credentials/open-store.ts),
 * and a redemption is atomic across processes (credentials/pickup-store.ts).
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { processRateLimiters, type RateLimiter } from '../../auth/index.js';
import {
  credentialFileSchema,
  EVIDENCE_KINDS,
  issuerRow,
  type CredentialFile,
  type EvidenceKind,
} from '../../credentials/index.js';
import { pickupStoreFor } from '../../credentials/open-store.js';
import {
  DEFAULT_PICKUP_SECONDS,
  MAX_PICKUP_SECONDS,
  PICKUP_CODE_PATTERN,
  redeemPickup,
} from '../../credentials/pickup.js';
import { isVouchError, VouchError } from '../../errors/index.js';
import type { ResolvedDeps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { clientAddress } from '../middleware/client-address.js';
import { defineRoutes } from '../route.js';
import { domain } from '../services/domain.js';
import { createCredentialServices, issueForPickupCounted, type CredentialServices } from './credentials-services.js';
import { FieldElement, IssuerParams, isoSeconds } from './issuer-shapes.js';

const KINDS = Object.keys(EVIDENCE_KINDS) as [EvidenceKind, ...EvidenceKind[]];
/** As POST /v1/issuers/{id}/credentials (an Anon Aadhaar proof is the largest evidence). */
const ISSUE_BODY_LIMIT = 256 * 1024;

const IssueForPickupBody = z.strictObject({
  subject: FieldElement,
  evidenceKind: z.enum(KINDS),
  evidence: z.string().min(1).max(65_536),
  validitySeconds: z
    .number()
    .int()
    .min(60)
    .max(5 * 365 * 86_400)
    .optional(),
  /** How long the code works (default an hour, at most a day). */
  pickupSeconds: z.number().int().min(60).max(MAX_PICKUP_SECONDS).optional(),
});
const Pickup = z.object({
  credentialId: z.string(),
  /** The one-time code for the holder (XXXX-XXXX-XXXX-XXXX-XXXX); shown once. */
  code: z.string(),
  expiresAt: z.iso.datetime(),
});
const RedeemBody = z.strictObject({
  code: z.string().regex(PICKUP_CODE_PATTERN, 'must be a pickup code (20 letters and digits, dashes optional)'),
});

/** Failed redemptions per client address, one budget per app, in the app's rate-limit store. */
const failureBudgets = new WeakMap<ResolvedDeps, { limiter: RateLimiter; address: (c: Context<AppEnv>) => string }>();
function failures(deps: ResolvedDeps) {
  let f = failureBudgets.get(deps);
  if (!f) {
    f = {
      limiter: (deps.rateLimiters ?? processRateLimiters)({
        name: 'pickup-failures',
        capacity: deps.config.rateLimit.authFailureBurst,
        perSecond: deps.config.rateLimit.authFailurePerSecond,
      }),
      address: clientAddress({ trustProxy: deps.config.server.trustProxy }),
    };
    failureBudgets.set(deps, f);
  }
  return f;
}

export const credentialPickupRoutes = defineRoutes<CredentialServices>({
  area: 'credentials',
  postgres: true,
  services: (deps) => createCredentialServices({ metrics: deps.metrics }),
  routes: (route) => [
    route({
      method: 'post',
      path: '/v1/issuers/{id}/credentials/pickup',
      operationId: 'issueCredentialForPickup',
      summary: 'Issue a credential and get a one-time pickup code for the holder instead of the file',
      roles: ['issuer', 'institution'],
      params: IssuerParams,
      body: IssueForPickupBody,
      bodyLimit: ISSUE_BODY_LIMIT,
      response: { status: 201, schema: Pickup },
      handler: async ({ auth, params, body, deps, services }) => {
        const ctx = domain(deps).issuer;
        await issuerRow(ctx, params.id, auth.tenant); // NOT_FOUND for another tenant's issuer
        // the credential and its pickup row commit together, or neither does
        const { pickup: p } = await issueForPickupCounted(services, ctx, {
          issuerId: params.id,
          tenant: auth.tenant,
          actor: auth.keyId,
          subject: BigInt(body.subject),
          evidenceKind: body.evidenceKind,
          evidence: body.evidence,
          ...(body.validitySeconds === undefined ? {} : { validitySeconds: body.validitySeconds }),
          pickupSeconds: body.pickupSeconds ?? DEFAULT_PICKUP_SECONDS,
        });
        return { credentialId: p.credentialId, code: p.code, expiresAt: isoSeconds(p.expiresAt) };
      },
    }),
    route({
      method: 'post',
      path: '/v1/credentials/pickup',
      operationId: 'pickUpCredential',
      summary: 'Redeem a one-time pickup code for the credential issued under it (public: the code is the secret)',
      roles: 'public',
      body: RedeemBody,
      response: { schema: credentialFileSchema },
      handler: async ({ body, deps, c }) => {
        const budget = failures(deps);
        const who = budget.address(c);
        const now = deps.clock.now();
        // a failure is reserved before the lookup and given back on success: concurrent guesses,
        // through any process, cannot outrun the budget
        const reserved = await budget.limiter.take(who, now);
        if (!reserved.ok)
          throw new VouchError('RATE_LIMITED', 'too many failed pickup attempts from this address', {
            details: { retryAfterMs: reserved.retryAfterMs },
          });
        let credential: CredentialFile;
        try {
          credential = await redeemPickup(pickupStoreFor(deps), body.code, domain(deps).issuer.clock());
        } catch (err) {
          // only a wrong, spent or expired code is this client's failure; anything else (the
          // database not answering) gives the reservation back
          if (!(isVouchError(err) && err.code.startsWith('PICKUP_CODE_')))
            await budget.limiter.refund(who, now).catch(() => {});
          throw err;
        }
        // the code is spent now: a refund the shared limiter fails to take must not cost the holder
        // the credential (it only leaves this address one failure short)
        await budget.limiter.refund(who, now).catch(() => {});
        return credential;
      },
    }),
  ],
});
