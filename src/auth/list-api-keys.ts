/** Lists API keys (never their hashes), optionally of one tenant, oldest first. */
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import type { VouchDb } from '../db/client.js';
import { apiKeys } from '../db/schema.js';
import { toApiKeyInfo, type ApiKeyInfo } from './api-key-info.js';

export interface ListApiKeysOptions {
  tenant?: string;
  /** Include revoked keys (default true: an audit trail is more useful than a tidy list). */
  includeRevoked?: boolean;
}

export function listApiKeys(db: VouchDb, options: ListApiKeysOptions = {}): ApiKeyInfo[] {
  const where: SQL[] = [];
  if (options.tenant !== undefined) where.push(eq(apiKeys.tenant, options.tenant));
  if (options.includeRevoked === false) where.push(isNull(apiKeys.revokedAt));
  return db
    .select()
    .from(apiKeys)
    .where(and(...where))
    .orderBy(asc(apiKeys.createdAt), asc(apiKeys.id))
    .all()
    .map(toApiKeyInfo);
}
