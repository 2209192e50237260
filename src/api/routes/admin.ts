/**
 * Tenant administration: an admin key manages the API keys of its own tenant, never another's
 * (another tenant's key id answers 404, exactly like an unknown one). A tenant holds at most
 * `quotas.apiKeysPerTenant` active keys: each key has its own request budget, so unbounded minting
 * would be unbounded rate (the tenant's shared budget caps that too).
 */
import { z } from 'zod';
import {
  createApiKey,
  getApiKey,
  KEY_ID_PATTERN,
  listApiKeys,
  revokeApiKey,
  type ApiKeyInfo,
} from '../../auth/index.js';
import { defineRoutes } from '../route.js';
import { apiKeysOf } from '../services/api-key-store.js';
import { createTenantQuota } from '../services/tenant-quota.js';
import { Role, TenantRole } from './role-shapes.js';

const ApiKey = z
  .object({
    id: z.string(),
    tenant: z.string(),
    role: Role,
    label: z.string().nullable(),
    createdAt: z.iso.datetime(),
    revokedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'ApiKey' });
const CreatedApiKey = ApiKey.extend({ key: z.string() }).meta({ id: 'CreatedApiKey' });
const KeyList = z.object({ keys: z.array(ApiKey) }).meta({ id: 'ApiKeyList' });
const KeyParams = z.object({ id: z.string().regex(KEY_ID_PATTERN, 'must be 16 lowercase hex characters') });
const CreateKey = z
  .strictObject({
    // an admin cannot mint an operator key (that would hand its tenant the shared catalogue)
    role: TenantRole,
    label: z.string().min(1).max(100).optional(),
  })
  .meta({ id: 'CreateApiKeyRequest' });

const view = (k: ApiKeyInfo) => ({
  id: k.id,
  tenant: k.tenant,
  role: k.role,
  label: k.label,
  createdAt: new Date(k.createdAt).toISOString(),
  revokedAt: k.revokedAt === null ? null : new Date(k.revokedAt).toISOString(),
});

export const adminRoutes = defineRoutes({
  area: 'admin',
  // API keys are the area's only store, on PostgreSQL when deps.pg is set
  postgres: true,
  services: (deps) => ({ quota: createTenantQuota(), keys: apiKeysOf(deps) }),
  routes: (route) => [
    route({
      method: 'get',
      path: '/v1/admin/keys',
      operationId: 'listApiKeys',
      summary: "List the API keys of the caller's tenant (never the keys or their hashes)",
      roles: ['admin'],
      response: { schema: KeyList },
      handler: async ({ auth, services }) => ({
        keys: (await listApiKeys(services.keys, { tenant: auth.tenant })).map(view),
      }),
    }),
    route({
      method: 'post',
      path: '/v1/admin/keys',
      operationId: 'createApiKey',
      summary: "Create an API key in the caller's tenant; the key is returned once",
      roles: ['admin'],
      body: CreateKey,
      response: { status: 201, schema: CreatedApiKey },
      handler: async ({ auth, body, deps, services }) => {
        const active = async () =>
          (await listApiKeys(services.keys, { tenant: auth.tenant, includeRevoked: false })).length;
        const created = await services.quota.within(
          auth.tenant,
          'API keys',
          deps.config.quotas.apiKeysPerTenant,
          active,
          () =>
            createApiKey(services.keys, {
              role: body.role,
              tenant: auth.tenant,
              now: deps.clock.now(),
              ...(body.label ? { label: body.label } : {}),
            }),
        );
        return { ...view(created), key: created.key };
      },
    }),
    route({
      method: 'get',
      path: '/v1/admin/keys/{id}',
      operationId: 'getApiKey',
      summary: "One API key of the caller's tenant",
      roles: ['admin'],
      params: KeyParams,
      response: { schema: ApiKey },
      handler: async ({ auth, params, services }) =>
        view(await getApiKey(services.keys, params.id, { tenant: auth.tenant })),
    }),
    route({
      method: 'delete',
      path: '/v1/admin/keys/{id}',
      operationId: 'revokeApiKey',
      summary: "Revoke an API key of the caller's tenant (effective immediately; idempotent)",
      roles: ['admin'],
      params: KeyParams,
      response: { schema: ApiKey },
      handler: async ({ auth, params, deps, services }) => {
        const revoked = await revokeApiKey(services.keys, params.id, { tenant: auth.tenant, now: deps.clock.now() });
        deps.authenticator.forget(params.id);
        return view(revoked);
      },
    }),
  ],
});
