/**
 * What a venue enforces, changed only by the venue itself (its venue or admin keys; the key's
 * tenant is the venue id). Adopting a policy — a new version included — is this explicit action:
 * a document added by anyone (another tenant's admin, the operator) is enforced by no venue until
 * that venue adopts it. An adoption updates the venue's running hook in place: open sessions stay.
 */
import { z } from 'zod';
import type { CompiledPolicy } from '../../policy/index.js';
import { defineRoutes } from '../route.js';
import { venueServices } from '../services/venue.js';

const REF = /^[a-z0-9][a-z0-9-]{0,99}@[0-9A-Za-z.+-]{1,50}$/;
const Enforced = z
  .object({
    venue: z.string(),
    policies: z.array(
      z.object({ ref: z.string(), policyHash: z.string(), policyId: z.string(), issuerSet: z.string() }),
    ),
  })
  .meta({ id: 'VenuePolicies' });
const Adopt = z.strictObject({ ref: z.string().regex(REF, 'must be id@version') }).meta({ id: 'AdoptPolicy' });
const RefParams = z.object({ ref: z.string().regex(REF, 'must be id@version') });

const view = (venue: string, policies: readonly CompiledPolicy[]) => ({
  venue,
  policies: policies.map((p) => ({
    ref: p.ref,
    policyHash: p.policyHash.toString(),
    policyId: p.policyIdHex,
    issuerSet: p.issuerSet,
  })),
});

export const venuePolicyRoutes = defineRoutes({
  area: 'venue',
  // adoptions are the policy book's rows (services/pg-policy-store.ts when deps.pg is set)
  postgres: true,
  routes: (route) => [
    route({
      method: 'get',
      path: '/v1/venue/policies',
      operationId: 'listVenuePolicies',
      summary: "The policies the caller's venue enforces",
      roles: ['venue', 'admin'],
      response: { schema: Enforced },
      handler: async ({ deps, auth }) => view(auth.tenant, await venueServices(deps).book.enforced(auth.tenant)),
    }),
    route({
      method: 'post',
      path: '/v1/venue/policies',
      operationId: 'adoptVenuePolicy',
      summary: "Adopt a policy (the catalogue's or the venue tenant's own) at the caller's venue",
      roles: ['venue', 'admin'],
      body: Adopt,
      response: { schema: Enforced },
      handler: async ({ deps, auth, body }) => {
        // the venue's running hook sees the change on its next call (services/venue.ts)
        return view(auth.tenant, await venueServices(deps).book.adopt(auth.tenant, body.ref, auth.keyId));
      },
    }),
    route({
      method: 'delete',
      path: '/v1/venue/policies/{ref}',
      operationId: 'retireVenuePolicy',
      summary: "Stop enforcing a policy at the caller's venue (its open sessions run to their end)",
      roles: ['venue', 'admin'],
      params: RefParams,
      response: { schema: Enforced },
      handler: async ({ deps, auth, params }) => {
        return view(auth.tenant, await venueServices(deps).book.retire(auth.tenant, params.ref, auth.keyId));
      },
    }),
  ],
});
