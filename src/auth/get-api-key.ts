/**
 * One API key's public info. With `tenant`, a key of another tenant is NOT_FOUND, exactly like a
 * missing one, so a caller cannot learn which ids exist elsewhere.
 */
import { eq } from 'drizzle-orm';
import type { VouchDb } from '../db/client.js';
import { apiKeys } from '../db/schema.js';
import { VouchError } from '../errors/index.js';
import { toApiKeyInfo, type ApiKeyInfo } from './api-key-info.js';

export function getApiKey(db: VouchDb, id: string, options: { tenant?: string } = {}): ApiKeyInfo {
  const row = db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
  if (!row || (options.tenant !== undefined && row.tenant !== options.tenant)) {
    throw new VouchError('NOT_FOUND', 'no API key with this id', { details: { id } });
  }
  return toApiKeyInfo(row);
}
