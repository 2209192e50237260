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
import { exportRegistry, issuerRow, publishedRoots } from '../../credentials/index.js';
import { defineRoutes } from '../route.js';
import { domain } from '../services/domain.js';
import { Decimal, EscrowPoint, IssuerParams, PublicJwk } from './issuer-shapes.js';

const LoggedEntry = z
  .object({
    kind: z.string(),
    index: z.number().int(),
    payload: z.record(z.string(), z.unknown()),
    proof: z.object({
      leafIndex: z.number().int(),
      treeSize: z.number().int(),
      leafHash: z.string(),
      rootHash: z.string(),
      proof: z.array(z.string()),
    }),
  })
  .meta({ id: 'RegistryLogEntry' });

const EscrowCommittee = z
  .object({
    committeeId: z.string(),
    epoch: z.number().int(),
    threshold: z.number().int(),
    publicKey: EscrowPoint,
    members: z.array(z.object({ index: z.number().int(), publicKey: EscrowPoint })),
  })
  .meta({ id: 'EscrowCommittee' });

export const RegistryFile = z
  .object({
    type: z.literal('vouch-registry'),
    version: z.literal(2),
    generatedAt: z.number().int(),
    sets: z.array(
      z.object({ name: z.string(), owner: z.string(), issuerSetRoot: Decimal, issuers: z.array(z.string()) }),
    ),
    trusted: z.array(z.object({ issuerId: z.string(), jwks: z.array(PublicJwk) })),
    snapshots: z.array(z.string()),
    transparency: z
      .object({
        checkpoint: z.string(),
        logKey: z.string(),
        sets: z.record(z.string(), LoggedEntry),
        snapshots: z.record(z.string(), LoggedEntry),
        escrowCommittee: LoggedEntry.optional(),
      })
      .optional(),
    escrowCommittee: EscrowCommittee.optional(),
  })
  .meta({ id: 'RegistryFile' });
const PublishedRoots = z
  .object({
    issuerId: z.string(),
    statusRoots: z.array(
      z.object({
        logIndex: z.number().int(),
        seq: z.number().int(),
        statusRoot: Decimal,
        snapshotSha256: z.string(),
        iat: z.number().int(),
      }),
    ),
    setRoots: z.array(
      z.object({
        logIndex: z.number().int(),
        set: z.string(),
        issuerSetRoot: Decimal,
        seq: z.number().int(),
        statusRoot: Decimal,
      }),
    ),
  })
  .meta({ id: 'PublishedRoots' });

export const registryRoutes = defineRoutes({
  area: 'registry',
  // every store it touches has a PostgreSQL implementation (credentials/pg-store.ts)
  postgres: true,
  routes: (route) => [
    route({
      method: 'get',
      path: '/v1/registry',
      operationId: 'getRegistry',
      summary:
        "This service's verifier registry (registry.json): every issuer set's root, its member issuers and their signed snapshots",
      roles: 'public',
      response: { schema: RegistryFile },
      handler: async ({ deps }) => {
        const d = domain(deps);
        const sets = await d.registries();
        return exportRegistry(
          sets.published(),
          d.issuer.clock(),
          await sets.transparency(),
          await sets.escrowCommittee(),
        ) as z.input<typeof RegistryFile>;
      },
    }),
    route({
      method: 'get',
      path: '/v1/registry/issuers/{id}/roots',
      operationId: 'listPublishedRoots',
      summary:
        'Every status root an issuer published and every issuer-set root it was part of, from the transparency log',
      roles: 'public',
      params: IssuerParams,
      response: { schema: PublishedRoots },
      handler: async ({ deps, params }) => {
        const d = domain(deps);
        await d.registries(); // anything published but not yet logged is logged first
        await issuerRow(d.issuer, params.id);
        return publishedRoots(d.issuer.store, params.id);
      },
    }),
  ],
});
