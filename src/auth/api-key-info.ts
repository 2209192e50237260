/** What may be shown about an API key: never the key, never its hash. */
import type { ApiKeyRow } from '../db/schema.js';
import type { Role } from './roles.js';

export interface ApiKeyInfo {
  id: string;
  tenant: string;
  role: Role;
  label: string | null;
  /** Unix milliseconds. */
  createdAt: number;
  /** Unix milliseconds, or null while valid. */
  revokedAt: number | null;
}

export function toApiKeyInfo(row: ApiKeyRow): ApiKeyInfo {
  return {
    id: row.id,
    tenant: row.tenant,
    role: row.role,
    label: row.label,
    createdAt: row.createdAt,
    revokedAt: row.revokedAt,
  };
}
