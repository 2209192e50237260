/**
 * Revokes an API key. Idempotent: revoking twice keeps the first revocation time. Authentication
 * re-reads the key's row on every request, so revocation takes effect at once, in every process.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { VouchDb } from '../db/client.js';
import { apiKeys } from '../db/schema.js';
import type { ApiKeyInfo } from './api-key-info.js';
import { getApiKey } from './get-api-key.js';

export interface RevokeApiKeyOptions {
  /** Only revoke if the key belongs to this tenant (else NOT_FOUND). */
  tenant?: string;
  /** Unix milliseconds. */
  now?: number;
}

export function revokeApiKey(db: VouchDb, id: string, options: RevokeApiKeyOptions = {}): ApiKeyInfo {
  getApiKey(db, id, options.tenant === undefined ? {} : { tenant: options.tenant });
  db.update(apiKeys)
    .set({ revokedAt: options.now ?? Date.now() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .run();
  return getApiKey(db, id);
}
