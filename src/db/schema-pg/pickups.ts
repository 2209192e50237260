/**
 * One-time credential pickup codes on PostgreSQL: the same table as on SQLite
 * (db/schema/pickups.ts). The code itself is never stored, only a hash of it, and the credential
 * is sealed under a key derived from it. Times are Unix seconds. A redemption locks the row
 * (credentials/pg-pickup-store.ts), so of two processes redeeming one code exactly one gets it.
 */
import { bigint, index, pgTable, text } from 'drizzle-orm/pg-core';

export const credentialPickups = pgTable(
  'credential_pickups',
  {
    /** SHA-256 (hex, domain-separated) of the normalised code. */
    codeHash: text('code_hash').primaryKey(),
    credentialId: text('credential_id').notNull(),
    tenant: text('tenant').notNull(),
    /** AES-256-GCM of credential.json under a key derived from the code (base64url iv‖ciphertext‖tag); '' once spent or expired. */
    sealed: text('sealed').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    spentAt: bigint('spent_at', { mode: 'number' }),
  },
  (t) => [index('credential_pickups_credential').on(t.credentialId)],
);
