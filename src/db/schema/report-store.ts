import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Signed report bundles the API built, kept for the tenant that made them, and the auditor
 * tenants they were shared with. `document` is the FULL bundle JSON (every record with its salt):
 * it is served to its own tenant, and to a granted auditor tenant only as far as the grant reaches
 * (every record, or a disclosure of the records the grant names). Bundles are never updated.
 */
export const reportBundles = sqliteTable(
  'report_bundles',
  {
    /** 32 lowercase hex characters (128 random bits: not guessable, not sequential). */
    id: text('id').primaryKey(),
    tenant: text('tenant').notNull(),
    kind: text('kind').notNull(),
    institution: text('institution').notNull(),
    period: text('period').notNull(),
    /** The JWS key id the bundle is signed with. */
    kid: text('kid').notNull(),
    recordCount: integer('record_count').notNull(),
    /** base64 RFC 6962 root over the salted record hashes. */
    commitmentRoot: text('commitment_root').notNull(),
    /** Index of the bundle's report-commitment entry in the transparency log. */
    logIndex: integer('log_index').notNull(),
    document: text('document').notNull(),
    /** Unix milliseconds. */
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('report_bundles_tenant_idx').on(t.tenant, t.createdAt)],
);
export type ReportBundleRow = typeof reportBundles.$inferSelect;
export type NewReportBundleRow = typeof reportBundles.$inferInsert;

/** Read access to one bundle for the auditor keys of one tenant. */
export const reportBundleGrants = sqliteTable(
  'report_bundle_grants',
  {
    bundleId: text('bundle_id')
      .notNull()
      .references(() => reportBundles.id),
    /** The auditor tenant granted access. */
    tenant: text('tenant').notNull(),
    /** JSON array of record indexes the auditor may see, or null for every record. */
    records: text('records'),
    /** Unix milliseconds. */
    grantedAt: integer('granted_at').notNull(),
    /** Id of the institution API key that granted it. */
    grantedBy: text('granted_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bundleId, t.tenant] }), index('report_bundle_grants_tenant_idx').on(t.tenant)],
);
export type ReportBundleGrantRow = typeof reportBundleGrants.$inferSelect;
