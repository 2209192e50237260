/** Creates an API key for a role in a tenant. The key is returned once and only its hash is stored. */
import type { VouchDb } from '../db/client.js';
import { apiKeyStore, type ApiKeyStore } from './api-key-store.js';
import { VouchError } from '../errors/index.js';
import { generateApiKey } from './api-key-format.js';
import type { ApiKeyInfo } from './api-key-info.js';
import { hashApiKey } from './key-hash.js';
import { isRole, ROLES, TENANT_PATTERN, type Role } from './roles.js';

export interface CreateApiKeyOptions {
  role: string;
  tenant: string;
  label?: string;
  /** Unix milliseconds (injected so tests can freeze time). */
  now?: number;
}

export interface CreatedApiKey extends ApiKeyInfo {
  /** The secret key. Show it once; it cannot be recovered. */
  key: string;
}

export async function createApiKey(db: ApiKeyStore | VouchDb, options: CreateApiKeyOptions): Promise<CreatedApiKey> {
  const role = checkRole(options.role);
  const tenant = checkTenant(options.tenant);
  const label = options.label === undefined ? null : checkLabel(options.label);
  const { id, key } = generateApiKey();
  const secretHash = await hashApiKey(key);
  const createdAt = options.now ?? Date.now();
  await apiKeyStore(db).insert({ id, tenant, role, label, secretHash, createdAt });
  return { id, key, role, tenant, label, createdAt, revokedAt: null };
}

function checkRole(role: string): Role {
  if (!isRole(role)) {
    throw new VouchError('INPUT_INVALID', `role must be one of ${ROLES.join(', ')}`, { details: { field: 'role' } });
  }
  return role;
}

export function checkTenant(tenant: string): string {
  if (!TENANT_PATTERN.test(tenant)) {
    throw new VouchError(
      'INPUT_INVALID',
      'tenant must be 1-63 chars of a-z, 0-9, ".", "_", "-", starting with a letter or digit',
      {
        details: { field: 'tenant' },
      },
    );
  }
  return tenant;
}

function checkLabel(label: string): string {
  // Printable, single line, short: labels are shown in listings and logs.
  if (label.length === 0 || label.length > 100 || /[\u0000-\u001f\u007f]/.test(label)) {
    throw new VouchError('INPUT_INVALID', 'label must be 1-100 printable characters', { details: { field: 'label' } });
  }
  return label;
}
