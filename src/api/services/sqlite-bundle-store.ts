/**
 * Bundles and grants in the embedded SQLite file. A bundle's log entry is written first (by
 * `produce`, on the synchronous log) and its row after: if the insert failed, the log would hold a
 * commitment to a bundle nobody kept — harmless, and the log is never rolled back.
 */
import { and, asc, eq } from 'drizzle-orm';
import type { VouchDb } from '../../db/client.js';
import { reportBundleGrants, reportBundles } from '../../db/schema.js';
import type { TransparencyLog } from '../../log/index.js';
import type { BundleLog } from '../../reporting/bundle/index.js';
import { bundleRow, grantRow, grantView, storedBundle } from './bundle-rows.js';
import type { BundleGrant, BundleStore, GrantRow, StoredBundle } from './bundle-store.js';

export class SqliteBundleStore implements BundleStore {
  readonly dialect = 'sqlite' as const;
  constructor(
    private readonly db: VouchDb,
    private readonly log: () => TransparencyLog,
  ) {}

  async create(produce: (log: BundleLog) => Promise<StoredBundle>): Promise<StoredBundle> {
    const b = await produce(this.log());
    this.db.insert(reportBundles).values(bundleRow(b)).run();
    return b;
  }

  async owned(tenant: string, id: string): Promise<StoredBundle | undefined> {
    const row = this.db
      .select()
      .from(reportBundles)
      .where(and(eq(reportBundles.id, id), eq(reportBundles.tenant, tenant)))
      .get();
    return row && storedBundle(row);
  }

  async granted(tenant: string, id: string): Promise<{ bundle: StoredBundle; grant: BundleGrant } | undefined> {
    const hit = this.db
      .select()
      .from(reportBundles)
      .innerJoin(reportBundleGrants, eq(reportBundleGrants.bundleId, reportBundles.id))
      .where(and(eq(reportBundles.id, id), eq(reportBundleGrants.tenant, tenant)))
      .get();
    return hit && { bundle: storedBundle(hit.report_bundles), grant: grantView(hit.report_bundle_grants) };
  }

  async putGrant(grant: GrantRow): Promise<void> {
    const row = grantRow(grant);
    this.db
      .insert(reportBundleGrants)
      .values(row)
      .onConflictDoUpdate({
        target: [reportBundleGrants.bundleId, reportBundleGrants.tenant],
        set: { records: row.records, grantedAt: row.grantedAt, grantedBy: row.grantedBy },
      })
      .run();
  }

  async grants(id: string): Promise<BundleGrant[]> {
    return this.db
      .select()
      .from(reportBundleGrants)
      .where(eq(reportBundleGrants.bundleId, id))
      .orderBy(asc(reportBundleGrants.tenant))
      .all()
      .map(grantView);
  }

  async deleteGrant(id: string, tenant: string): Promise<BundleGrant | undefined> {
    const removed = this.db
      .delete(reportBundleGrants)
      .where(and(eq(reportBundleGrants.bundleId, id), eq(reportBundleGrants.tenant, tenant)))
      .returning()
      .get();
    return removed && grantView(removed);
  }
}
