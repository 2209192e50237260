/**
 * Named issuer sets over HTTP. A set belongs to the tenant whose admin created it, or to the shared
 * catalogue (operator keys; the sets the shipped policies name are the catalogue's from the start).
 * Only the owner changes a set's members (ISSUER_SET_FORBIDDEN otherwise); any issuer may be
 * admitted, since trusting it is the owner's decision. A member that would overflow the set's
 * capacity is refused with ISSUER_SET_FULL and nothing changes: the set's root keeps moving with
 * its members' revocations. Reading sets is open to every role (registry.json publishes them).
 */
import { z } from 'zod';
import {
  addIssuerToSet,
  createIssuerSet,
  getIssuerSet,
  listIssuerSets,
  removeIssuerFromSet,
  type IssuerSetSummary,
} from '../../credentials/index.js';
import { ROLES, type Principal } from '../../auth/index.js';
import { CATALOGUE_OWNER } from '../../db/schema.js';
import { ISSUER_SET_CAPACITY } from '../../zk/index.js';
import { defineRoutes } from '../route.js';
import { domain } from '../services/domain.js';
import { ISSUER_ID_PATTERN, isoSeconds } from './issuer-shapes.js';

const SET_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const IssuerSet = z
  .object({
    name: z.string(),
    /** `catalogue` or the owning tenant. */
    owner: z.string(),
    capacity: z.number().int(),
    keys: z.number().int(),
    issuers: z.array(z.string()),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'IssuerSet' });
const IssuerSetList = z.object({ sets: z.array(IssuerSet) }).meta({ id: 'IssuerSetList' });
const CreateSet = z
  .strictObject({
    name: z.string().min(1).max(64).regex(SET_NAME, 'must be a slug'),
    capacity: z.number().int().min(1).max(ISSUER_SET_CAPACITY).optional(),
  })
  .meta({ id: 'CreateIssuerSet' });
const SetParams = z.object({ name: z.string().max(64).regex(SET_NAME, 'must be a slug') });
const MemberParams = SetParams.extend({ issuerId: z.string().regex(ISSUER_ID_PATTERN, 'must be an issuer id') });
const AddMember = z
  .strictObject({ issuerId: z.string().regex(ISSUER_ID_PATTERN, 'must be an issuer id') })
  .meta({ id: 'AddIssuerSetMember' });

const view = (s: IssuerSetSummary): z.input<typeof IssuerSet> => ({
  name: s.name,
  owner: s.owner === CATALOGUE_OWNER ? 'catalogue' : s.owner,
  capacity: s.capacity,
  keys: s.keys,
  issuers: s.issuers,
  createdAt: isoSeconds(s.createdAt),
});
/** Whose sets the caller manages: an operator the catalogue's, an admin its tenant's. */
const ownerOf = (auth: Principal) => (auth.role === 'operator' ? CATALOGUE_OWNER : auth.tenant);

export const issuerSetRoutes = defineRoutes({
  area: 'issuer-sets',
  // every store it touches has a PostgreSQL implementation (credentials/pg-store.ts)
  postgres: true,
  routes: (route) => [
    route({
      method: 'get',
      path: '/v1/issuer-sets',
      operationId: 'listIssuerSets',
      summary: 'Every issuer set, its owner and members',
      roles: ROLES,
      response: { schema: IssuerSetList },
      handler: async ({ deps }) => {
        const d = domain(deps);
        await d.catalogueReady();
        return { sets: (await listIssuerSets(d.issuer)).map(view) };
      },
    }),
    route({
      method: 'post',
      path: '/v1/issuer-sets',
      operationId: 'createIssuerSet',
      summary: "Create an issuer set owned by the caller's tenant (admin) or by the catalogue (operator)",
      roles: ['admin', 'operator'],
      body: CreateSet,
      response: { status: 201, schema: IssuerSet },
      handler: async ({ deps, auth, body }) => {
        const d = domain(deps);
        await d.catalogueReady();
        return view(
          await createIssuerSet(d.issuer, {
            name: body.name,
            owner: ownerOf(auth),
            ...(body.capacity ? { capacity: body.capacity } : {}),
          }),
        );
      },
    }),
    route({
      method: 'get',
      path: '/v1/issuer-sets/{name}',
      operationId: 'getIssuerSet',
      summary: 'One issuer set',
      roles: ROLES,
      params: SetParams,
      response: { schema: IssuerSet },
      handler: async ({ deps, params }) => {
        const d = domain(deps);
        await d.catalogueReady();
        return view(await getIssuerSet(d.issuer, params.name));
      },
    }),
    route({
      method: 'post',
      path: '/v1/issuer-sets/{name}/members',
      operationId: 'addIssuerSetMember',
      summary: "Admit an issuer to a set the caller's tenant (admin) or the catalogue (operator) owns",
      roles: ['admin', 'operator'],
      params: SetParams,
      body: AddMember,
      response: { schema: IssuerSet },
      handler: async ({ deps, auth, params, body }) => {
        const d = domain(deps);
        await d.catalogueReady();
        return view(
          await addIssuerToSet(d.issuer, {
            set: params.name,
            issuerId: body.issuerId,
            owner: ownerOf(auth),
            actor: auth.keyId,
          }),
        );
      },
    }),
    route({
      method: 'delete',
      path: '/v1/issuer-sets/{name}/members/{issuerId}',
      operationId: 'removeIssuerSetMember',
      summary: 'Remove an issuer from a set the caller manages',
      roles: ['admin', 'operator'],
      params: MemberParams,
      response: { schema: IssuerSet },
      handler: async ({ deps, auth, params }) => {
        const d = domain(deps);
        await d.catalogueReady();
        return view(
          await removeIssuerFromSet(d.issuer, {
            set: params.name,
            issuerId: params.issuerId,
            owner: ownerOf(auth),
            actor: auth.keyId,
          }),
        );
      },
    }),
  ],
});
