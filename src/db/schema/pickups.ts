/**
 * One-time pickup codes for issued credentials (src/credentials/pickup.ts). The code itself is
 * never stored: a row is found by a hash of it, and the credential it hands out is sealed under a
 * key derived from it, so the table alone reveals neither a usable code nor the holder's
 * attributes. A spent or expired row keeps only its hash, its credential id and its times.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const credentialPickups = sqliteTable(
  'credential_pickups',
  {
    /** SHA-256 (hex, domain-separated) of the normalised code. */
    codeHash: text('code_hash').primaryKey(),
    credentialId: text('credential_id').notNull(),
    tenant: text('tenant').notNull(),
    /** AES-256-GCM of credential.json under a key derived from the code (base64url iv‖ciphertext‖tag); '' once spent or expired. */
    sealed: text('sealed').notNull(),
    /** Unix seconds. */
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    spentAt: integer('spent_at'),
  },
  (t) => [index('credential_pickups_credential').on(t.credentialId)],
);
export type CredentialPickupRow = typeof credentialPickups.$inferSelect;
