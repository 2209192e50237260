/**
 * One API key's public info. With `tenant`, a key of another tenant is NOT_FOUND, exactly like a
 * missing one, so a caller cannot learn which ids exist elsewhere.
 */
import type { VouchDb } from '../db/client.js';
import { VouchError } from '../errors/index.js';
import { toApiKeyInfo, type ApiKeyInfo } from './api-key-info.js';
import { apiKeyStore, type ApiKeyStore } from './api-key-store.js';

export async function getApiKey(
  db: ApiKeyStore | VouchDb,
  id: string,
  options: { tenant?: string } = {},
): Promise<ApiKeyInfo> {
  const row = await apiKeyStore(db).get(id);
  if (!row || (options.tenant !== undefined && row.tenant !== options.tenant)) {
    throw new VouchError('NOT_FOUND', 'no API key with this id', { details: { id } });
  }
  return toApiKeyInfo(row);
}
