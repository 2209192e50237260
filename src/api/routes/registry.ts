/**
 * The verifier registry of this service as registry.json (public): the issuers it trusts with
 * their snapshot keys, their latest signed status snapshots and the issuer-set root they produce.
 * A holder proves membership from it offline; another verifier loads it with `loadRegistryFile`,
 * which re-verifies every snapshot, so nothing here has to be taken on trust.
 */
import { z } from 'zod';
import { exportRegistry, listIssuers } from '../../credentials/index.js';
import { defineRoutes } from '../route.js';
import { domain } from '../services/domain.js';
import { Decimal, PublicJwk } from './issuer-shapes.js';

const RegistryFile = z.object({
  type: z.literal('vouch-registry'),
  generatedAt: z.number().int(),
  issuerSetRoot: Decimal,
  trusted: z.array(z.object({ issuerId: z.string(), jwks: z.array(PublicJwk) })),
  snapshots: z.array(z.string()),
});

export const registryRoutes = defineRoutes({
  area: 'registry',
  routes: (route) => [
    route({
      method: 'get',
      path: '/v1/registry',
      operationId: 'getRegistry',
      summary: "This service's verifier registry (registry.json): trusted issuers, signed snapshots, issuer-set root",
      roles: 'public',
      response: { schema: RegistryFile },
      handler: async ({ deps }) => {
        const d = domain(deps);
        const registry = await d.registry();
        const trusted = listIssuers(d.issuer).map((i) => ({ issuerId: i.issuerId, jwks: i.jwks }));
        return exportRegistry(registry, trusted) as z.input<typeof RegistryFile>;
      },
    }),
  ],
});
