/**
 * Revokes an API key. Idempotent: revoking twice keeps the first revocation time. Authentication
 * re-reads the key's row on every request, so revocation takes effect at once, in every process.
 */
import type { VouchDb } from '../db/client.js';
import type { ApiKeyInfo } from './api-key-info.js';
import { apiKeyStore, type ApiKeyStore } from './api-key-store.js';
import { getApiKey } from './get-api-key.js';

export interface RevokeApiKeyOptions {
  /** Only revoke if the key belongs to this tenant (else NOT_FOUND). */
  tenant?: string;
  /** Unix milliseconds. */
  now?: number;
}

export async function revokeApiKey(
  db: ApiKeyStore | VouchDb,
  id: string,
  options: RevokeApiKeyOptions = {},
): Promise<ApiKeyInfo> {
  const store = apiKeyStore(db);
  await getApiKey(store, id, options.tenant === undefined ? {} : { tenant: options.tenant });
  await store.revoke(id, options.now ?? Date.now());
  return getApiKey(store, id);
}
