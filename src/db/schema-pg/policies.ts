/**
 * The policy book on PostgreSQL: the same tables as on SQLite (db/schema/policies.ts). Adoption
 * order, which SQLite reads from the implicit rowid, is an explicit identity column here: rows
 * inserted in one transaction take increasing values, so a venue's first adoption keeps its
 * marker row and the shipped catalogue in the order they were written. Times are Unix
 * milliseconds (bigint).
 */
import { bigint, index, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const policyDocuments = pgTable(
  'policy_documents',
  {
    /** The tenant that added it, or CATALOGUE_OWNER for the shared catalogue. */
    owner: text('owner').notNull(),
    /** `id@version`. */
    ref: text('ref').notNull(),
    /** The document as added (JSON): compiled again on load, so the hash is always recomputed. */
    document: text('document').notNull(),
    addedBy: text('added_by').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.ref] })],
);

export const venuePolicies = pgTable(
  'venue_policies',
  {
    /** Adoption order (SQLite: rowid). Never read by anyone but the ORDER BY. */
    seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
    venue: text('venue').notNull(),
    ref: text('ref').notNull(),
    /** Whose document the ref resolved to when adopted (the venue's tenant or CATALOGUE_OWNER). */
    owner: text('owner').notNull(),
    adoptedBy: text('adopted_by').notNull(),
    adoptedAt: bigint('adopted_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.venue, t.ref] }), index('venue_policies_venue').on(t.venue, t.seq)],
);
