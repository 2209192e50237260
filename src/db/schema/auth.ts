import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ROLES } from '../../auth/roles.js';

/**
 * API keys. The key itself is never stored: `secretHash` is scrypt over the whole key with a
 * per-key salt (see src/auth/key-hash.ts). `id` is the public prefix embedded in the key, used to
 * find the row without scanning; it is safe to show and log.
 */
export const apiKeys = sqliteTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenant: text('tenant').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    label: text('label'),
    /** `scrypt$N$r$p$salt$hash`, base64url parts: parameters travel with the hash so they can be raised later. */
    secretHash: text('secret_hash').notNull(),
    /** Unix milliseconds. */
    createdAt: integer('created_at').notNull(),
    /** Unix milliseconds; null while the key is valid. */
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('api_keys_tenant_idx').on(t.tenant)],
);
export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type NewApiKeyRow = typeof apiKeys.$inferInsert;
