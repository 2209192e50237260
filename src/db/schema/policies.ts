/**
 * Policy documents added through the API, with the tenant that owns each, and what each venue has
 * adopted. The shipped catalogue (policies/ on disk) is not stored here; catalogue versions an
 * operator adds are (owner CATALOGUE_OWNER). A venue enforces exactly the refs it adopted (or the
 * shipped catalogue, until its first adoption): adding a document changes no venue.
 */
import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** `owner` of shared-catalogue rows: not a valid tenant id (TENANT_PATTERN), so never a tenant's. */
export const CATALOGUE_OWNER = '*';

export const policyDocuments = sqliteTable(
  'policy_documents',
  {
    /** The tenant that added it, or CATALOGUE_OWNER for the shared catalogue. */
    owner: text('owner').notNull(),
    /** `id@version`. */
    ref: text('ref').notNull(),
    /** The document as added (JSON): compiled again on load, so the hash is always recomputed. */
    document: text('document').notNull(),
    /** API key id that added it. */
    addedBy: text('added_by').notNull(),
    /** Unix milliseconds. */
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.owner, t.ref] })],
);
export type PolicyDocumentRow = typeof policyDocuments.$inferSelect;

export const venuePolicies = sqliteTable(
  'venue_policies',
  {
    venue: text('venue').notNull(),
    ref: text('ref').notNull(),
    /** Whose document the ref resolved to when adopted (the venue's tenant or CATALOGUE_OWNER). */
    owner: text('owner').notNull(),
    adoptedBy: text('adopted_by').notNull(),
    /** Unix milliseconds. */
    adoptedAt: integer('adopted_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.venue, t.ref] }), index('venue_policies_venue').on(t.venue)],
);
export type VenuePolicyRow = typeof venuePolicies.$inferSelect;
