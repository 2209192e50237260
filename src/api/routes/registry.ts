/**
 * The verifier registry of this service as registry.json (public): every issuer set it publishes,
 * one root per set with the issuers its owner admitted, their snapshot keys and latest signed
 * status snapshots. A holder proves from the set its policy names, offline; another verifier
 * loads it with `loadRegistryFile` / `loadRegistrySets`, which re-verify every snapshot and root,
 * so nothing here has to be taken on trust. The file always loads: a set is never published with
 * a root its snapshots do not produce (a change that would overflow a set is refused before it
 * is stored).
 */
import { z } from 'zod';
import { exportRegistry } from '../../credentials/index.js';
import { defineRoutes } from '../route.js';
import { domain } from '../services/domain.js';
import { Decimal, PublicJwk } from './issuer-shapes.js';

export const RegistryFile = z.object({
  type: z.literal('vouch-registry'),
  version: z.literal(2),
  generatedAt: z.number().int(),
  sets: z.array(z.object({ name: z.string(), owner: z.string(), issuerSetRoot: Decimal, issuers: z.array(z.string()) })),
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
      summary: "This service's verifier registry (registry.json): every issuer set's root, its member issuers and their signed snapshots",
      roles: 'public',
      response: { schema: RegistryFile },
      handler: async ({ deps }) => {
        const d = domain(deps);
        const sets = await d.registries();
        return exportRegistry(sets.published(), d.issuer.clock()) as z.input<typeof RegistryFile>;
      },
    }),
  ],
});
