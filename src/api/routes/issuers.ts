/**
 * Issuers over HTTP: an admin creates issuers in its tenant (up to `quotas.issuersPerTenant`) and rotates their keys; admin and
 * issuer keys read their own tenant's issuers. Another tenant's issuer answers 404, exactly like
 * a missing one. Private keys never leave the library: only public keys and kids come back.
 */
import { z } from 'zod';
import {
  createIssuer,
  getIssuer,
  issuerRow,
  listIssuers,
  publishStatusSnapshot,
  rotateIssuerKey,
} from '../../credentials/index.js';
import { defineRoutes } from '../route.js';
import { createTenantQuota } from '../services/tenant-quota.js';
import { domain } from '../services/domain.js';
import { Issuer, IssuerParams, issuerView } from './issuer-shapes.js';

/** Longest overlap a rotated-out key keeps: credentials live at most 5 years (issueCredential). */
const MAX_OVERLAP_SECONDS = 5 * 365 * 86_400;

const CreateIssuer = z
  .strictObject({
    name: z.string().min(1).max(100),
    appId: z
      .string()
      .regex(/^[0-9]{1,76}$/, 'must be a decimal integer')
      .optional(),
  })
  .meta({ id: 'CreateIssuerRequest' });
const IssuerList = z.object({ issuers: z.array(Issuer) }).meta({ id: 'IssuerList' });
const RotateKey = z
  .strictObject({
    kind: z.enum(['babyjub', 'ed25519']),
    overlapSeconds: z.number().int().min(0).max(MAX_OVERLAP_SECONDS),
  })
  .meta({ id: 'RotateIssuerKeyRequest' });
const RotatedKey = z
  .object({
    issuerId: z.string(),
    kind: z.enum(['babyjub', 'ed25519']),
    kid: z.string(),
    seq: z.number().int(),
  })
  .meta({ id: 'RotatedIssuerKey' });

export const issuerRoutes = defineRoutes({
  area: 'issuers',
  // every store it touches has a PostgreSQL implementation (credentials/pg-store.ts)
  postgres: true,
  services: () => ({ quota: createTenantQuota() }),
  routes: (route) => [
    route({
      method: 'post',
      path: '/v1/issuers',
      operationId: 'createIssuer',
      summary: "Create an issuer in the caller's tenant (credential key, snapshot key, first status snapshot)",
      roles: ['admin'],
      body: CreateIssuer,
      response: { status: 201, schema: Issuer },
      handler: async ({ auth, body, deps, services }) => {
        const held = () => domain(deps).issuer.store.countIssuers(auth.tenant);
        const created = await services.quota.within(
          auth.tenant,
          'issuers',
          deps.config.quotas.issuersPerTenant,
          held,
          () =>
            createIssuer(domain(deps).issuer, {
              tenant: auth.tenant,
              name: body.name,
              ...(body.appId ? { appId: body.appId } : {}),
            }),
        );
        return issuerView(created);
      },
    }),
    route({
      method: 'get',
      path: '/v1/issuers',
      operationId: 'listIssuers',
      summary: "The issuers of the caller's tenant",
      roles: ['admin', 'issuer'],
      response: { schema: IssuerList },
      handler: async ({ auth, deps }) => ({
        issuers: (await listIssuers(domain(deps).issuer, auth.tenant)).map(issuerView),
      }),
    }),
    route({
      method: 'get',
      path: '/v1/issuers/{id}',
      operationId: 'getIssuer',
      summary: "One issuer of the caller's tenant, with its current public keys",
      roles: ['admin', 'issuer'],
      params: IssuerParams,
      response: { schema: Issuer },
      handler: async ({ auth, params, deps }) =>
        issuerView(await getIssuer(domain(deps).issuer, params.id, auth.tenant)),
    }),
    route({
      method: 'post',
      path: '/v1/issuers/{id}/keys/rotate',
      operationId: 'rotateIssuerKey',
      summary: 'Rotate a key of an issuer and publish a status snapshot carrying the new key set',
      roles: ['admin'],
      params: IssuerParams,
      body: RotateKey,
      response: { schema: RotatedKey },
      handler: async ({ auth, params, body, deps }) => {
        const ctx = domain(deps).issuer;
        await issuerRow(ctx, params.id, auth.tenant); // NOT_FOUND before any key is made
        const { kid } = await rotateIssuerKey(ctx, params.id, body.kind, body.overlapSeconds);
        // verifiers learn the new key set (and the new snapshot key) from this snapshot
        const snapshot = await publishStatusSnapshot(ctx, params.id);
        return { issuerId: params.id, kind: body.kind, kid, seq: snapshot.seq };
      },
    }),
  ],
});
