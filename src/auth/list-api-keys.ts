/** Lists API keys (never their hashes), optionally of one tenant, oldest first. */
import type { VouchDb } from '../db/client.js';
import { toApiKeyInfo, type ApiKeyInfo } from './api-key-info.js';
import { apiKeyStore, type ApiKeyStore } from './api-key-store.js';

export interface ListApiKeysOptions {
  tenant?: string;
  /** Include revoked keys (default true: an audit trail is more useful than a tidy list). */
  includeRevoked?: boolean;
}

export async function listApiKeys(db: ApiKeyStore | VouchDb, options: ListApiKeysOptions = {}): Promise<ApiKeyInfo[]> {
  return (await apiKeyStore(db).list(options)).map(toApiKeyInfo);
}
