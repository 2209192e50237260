/**
 * API keys on PostgreSQL: the same table as on SQLite (db/schema/auth.ts). The key itself is never
 * stored, only its scrypt hash; `id` is the public prefix embedded in the key. Times are Unix
 * milliseconds (bigint). A revocation is one conditional UPDATE, so it is seen by every process
 * at the next request.
 */
import { bigint, boolean, doublePrecision, index, pgTable, text } from 'drizzle-orm/pg-core';
import { ROLES } from '../../auth/roles.js';

export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    tenant: text('tenant').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    label: text('label'),
    secretHash: text('secret_hash').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
  },
  (t) => [index('api_keys_tenant_idx').on(t.tenant)],
);

/**
 * Token buckets of the PostgreSQL rate limiter (auth/pg-rate-limiter.ts), one row per bucket key.
 * One `INSERT … ON CONFLICT DO UPDATE` refills and takes under the row's lock, so concurrent
 * requests from any process see one bucket. `ok` is the verdict of the last take (RETURNING only
 * sees the new row). Tokens are fractional (refill is continuous); they are not money.
 */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  at: bigint('at', { mode: 'number' }).notNull(),
  ok: boolean('ok').notNull(),
});
