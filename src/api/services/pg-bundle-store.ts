/**
 * Bundles and grants on PostgreSQL. A bundle's report-commitment entry and its row commit in ONE
 * transaction (READ COMMITTED, as the log requires: the log's head is locked by
 * appendEntriesIn and held until commit, and each statement after it sees the tree as it now
 * stands). The checkpoint and inclusion proof the bundle carries are computed inside that
 * transaction, over the tree including the new entry; if the row cannot be written, the entry is
 * rolled back with it, so the log never holds a commitment to a bundle nobody kept.
 */
import { and, asc, eq } from 'drizzle-orm';
import { type VouchPgDb, guarded } from '../../db/pg-client.js';
import { reportBundleGrants, reportBundles } from '../../db/schema-pg/reporting.js';
import { formatCheckpointText, signNote } from '../../log/index.js';
import { headRoot, pgReadHead, withNodes, type PgExecutor } from '../../log/lib/pg-store.js';
import { inclusionPath } from '../../log/lib/subtrees.js';
import type { PostgresTransparencyLog } from '../../log/pg-transparency-log.js';
import type { BundleLog } from '../../reporting/bundle/index.js';
import { bundleRow, grantRow, grantView, storedBundle } from './bundle-rows.js';
import type { BundleGrant, BundleStore, GrantRow, StoredBundle } from './bundle-store.js';

export class PgBundleStore implements BundleStore {
  readonly dialect = 'postgres' as const;
  constructor(
    private readonly db: VouchPgDb,
    private readonly log: PostgresTransparencyLog,
  ) {}

  create(produce: (log: BundleLog) => Promise<StoredBundle>): Promise<StoredBundle> {
    return guarded(() =>
      this.db.transaction(
        async (tx) => {
          const b = await produce(logIn(tx, this.log));
          await tx.insert(reportBundles).values(bundleRow(b));
          return b;
        },
        { isolationLevel: 'read committed' },
      ),
    );
  }

  async owned(tenant: string, id: string): Promise<StoredBundle | undefined> {
    const [row] = await guarded(() =>
      this.db
        .select()
        .from(reportBundles)
        .where(and(eq(reportBundles.id, id), eq(reportBundles.tenant, tenant))),
    );
    return row && storedBundle(row);
  }

  async granted(tenant: string, id: string): Promise<{ bundle: StoredBundle; grant: BundleGrant } | undefined> {
    const [hit] = await guarded(() =>
      this.db
        .select()
        .from(reportBundles)
        .innerJoin(reportBundleGrants, eq(reportBundleGrants.bundleId, reportBundles.id))
        .where(and(eq(reportBundles.id, id), eq(reportBundleGrants.tenant, tenant))),
    );
    return hit && { bundle: storedBundle(hit.report_bundles), grant: grantView(hit.report_bundle_grants) };
  }

  async putGrant(grant: GrantRow): Promise<void> {
    const row = grantRow(grant);
    // one statement: two concurrent grants to one tenant leave exactly one row (the later scope)
    await guarded(() =>
      this.db
        .insert(reportBundleGrants)
        .values(row)
        .onConflictDoUpdate({
          target: [reportBundleGrants.bundleId, reportBundleGrants.tenant],
          set: { records: row.records, grantedAt: row.grantedAt, grantedBy: row.grantedBy },
        }),
    );
  }

  async grants(id: string): Promise<BundleGrant[]> {
    const rows = await guarded(() =>
      this.db
        .select()
        .from(reportBundleGrants)
        .where(eq(reportBundleGrants.bundleId, id))
        .orderBy(asc(reportBundleGrants.tenant)),
    );
    return rows.map(grantView);
  }

  async deleteGrant(id: string, tenant: string): Promise<BundleGrant | undefined> {
    const [removed] = await guarded(() =>
      this.db
        .delete(reportBundleGrants)
        .where(and(eq(reportBundleGrants.bundleId, id), eq(reportBundleGrants.tenant, tenant)))
        .returning(),
    );
    return removed && grantView(removed);
  }
}

/** The log as seen from inside `tx`: appends under the log's lock, reads see the uncommitted entry. */
function logIn(tx: PgExecutor, log: PostgresTransparencyLog): BundleLog {
  return {
    async appendEntry(kind, payload) {
      const [e] = await log.appendEntriesIn(tx, [{ kind, payload }]);
      return { index: e!.index };
    },
    async checkpoint() {
      const signer = log.signer();
      const head = await pgReadHead(tx);
      const size = head.size;
      const rootHash = headRoot(head);
      const text = formatCheckpointText({ origin: signer.name, size, rootHash, extensions: [] });
      return { note: signNote(text, [signer]), size };
    },
    async inclusionProof(leafIndex, treeSize) {
      return { proof: await withNodes(tx, (r) => inclusionPath(r, leafIndex, treeSize)) };
    },
  };
}
