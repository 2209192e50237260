/**
 * Stored report bundles and their auditor grants, always read through the caller: an institution
 * reaches only its own tenant's bundles, an auditor only bundles granted to its tenant (also for
 * its own tenant: auditor access is by grant, never implied). Anything else answers NOT_FOUND with
 * the same message as a missing id, so a caller cannot learn that another tenant's bundle exists.
 * The store never returns the full bundle to an auditor whose grant names records: it returns the
 * disclosure of those records (salts of the others stay here).
 */
import { randomBytes } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import type { Principal } from '../../auth/index.js';
import type { VouchDb } from '../../db/client.js';
import { reportBundleGrants, reportBundles, type ReportBundleGrantRow, type ReportBundleRow } from '../../db/schema.js';
import { VouchError } from '../../errors/index.js';
import { discloseRecords, type ReportBundle } from '../../reporting/bundle/index.js';

export interface StoredBundle {
  id: string;
  tenant: string;
  kid: string;
  createdAt: number;
  bundle: ReportBundle;
}

export interface BundleGrant {
  bundleId: string;
  tenant: string;
  /** Record indexes the auditor may see; null: every record. */
  records: number[] | null;
  grantedAt: number;
}

/** What a reader gets: the bundle, or the disclosure its grant allows. */
export interface ReadableBundle extends StoredBundle {
  disclosure: boolean;
}

export const BUNDLE_ID_PATTERN = /^[0-9a-f]{32}$/;

export function newBundleId(): string {
  return randomBytes(16).toString('hex');
}

export function saveBundle(db: VouchDb, b: StoredBundle): void {
  db.insert(reportBundles)
    .values({
      id: b.id,
      tenant: b.tenant,
      kind: b.bundle.kind,
      institution: b.bundle.institution,
      period: b.bundle.period,
      kid: b.kid,
      recordCount: b.bundle.commitment.count,
      commitmentRoot: b.bundle.commitment.root,
      logIndex: b.bundle.log.index,
      document: JSON.stringify(b.bundle),
      createdAt: b.createdAt,
    })
    .run();
}

/** A bundle of the caller's own tenant (institution), or NOT_FOUND. */
export function ownBundle(db: VouchDb, tenant: string, id: string): StoredBundle {
  const row = db
    .select()
    .from(reportBundles)
    .where(and(eq(reportBundles.id, id), eq(reportBundles.tenant, tenant)))
    .get();
  if (!row) throw notFound();
  return stored(row);
}

/** The bundle as the caller may read it: whole for its institution, per grant for an auditor. */
export function readableBundle(db: VouchDb, caller: Principal, id: string): ReadableBundle {
  if (caller.role === 'institution') return { ...ownBundle(db, caller.tenant, id), disclosure: false };
  if (caller.role !== 'auditor') throw notFound();
  const hit = db
    .select()
    .from(reportBundles)
    .innerJoin(reportBundleGrants, eq(reportBundleGrants.bundleId, reportBundles.id))
    .where(and(eq(reportBundles.id, id), eq(reportBundleGrants.tenant, caller.tenant)))
    .get();
  if (!hit) throw notFound();
  const full = stored(hit.report_bundles);
  const records = grantView(hit.report_bundle_grants).records;
  if (records === null) return { ...full, disclosure: false };
  return { ...full, bundle: discloseRecords(full.bundle, records), disclosure: true };
}

/** Grants (or re-grants, replacing the record scope) read access to an auditor tenant. */
export function grantBundle(
  db: VouchDb,
  owner: Principal,
  id: string,
  grant: { tenant: string; records?: number[] | undefined; now: number },
): BundleGrant {
  const b = ownBundle(db, owner.tenant, id);
  let records: number[] | null = null;
  if (grant.records !== undefined) {
    records = [...new Set(grant.records)].sort((x, y) => x - y);
    const bad = records.find((i) => i >= b.bundle.commitment.count);
    if (bad !== undefined) {
      throw new VouchError(
        'INPUT_INVALID',
        `record index ${bad} is not in the bundle (0..${b.bundle.commitment.count - 1})`,
        {
          details: { issues: [{ path: '/body/records', code: 'too_big', message: 'record index outside the bundle' }] },
        },
      );
    }
  }
  const row = {
    bundleId: id,
    tenant: grant.tenant,
    records: records === null ? null : JSON.stringify(records),
    grantedAt: grant.now,
    grantedBy: owner.keyId,
  };
  db.insert(reportBundleGrants)
    .values(row)
    .onConflictDoUpdate({
      target: [reportBundleGrants.bundleId, reportBundleGrants.tenant],
      set: { records: row.records, grantedAt: row.grantedAt, grantedBy: row.grantedBy },
    })
    .run();
  return grantView(row);
}

export function listGrants(db: VouchDb, owner: Principal, id: string): BundleGrant[] {
  ownBundle(db, owner.tenant, id);
  return db
    .select()
    .from(reportBundleGrants)
    .where(eq(reportBundleGrants.bundleId, id))
    .orderBy(asc(reportBundleGrants.tenant))
    .all()
    .map(grantView);
}

/** Withdraws a grant; NOT_FOUND when the bundle is not the caller's or the tenant holds no grant. */
export function revokeGrant(db: VouchDb, owner: Principal, id: string, tenant: string): BundleGrant {
  ownBundle(db, owner.tenant, id);
  const removed = db
    .delete(reportBundleGrants)
    .where(and(eq(reportBundleGrants.bundleId, id), eq(reportBundleGrants.tenant, tenant)))
    .returning()
    .get();
  if (!removed) throw new VouchError('NOT_FOUND', 'no grant for that tenant on this bundle');
  return grantView(removed);
}

function stored(row: ReportBundleRow): StoredBundle {
  return {
    id: row.id,
    tenant: row.tenant,
    kid: row.kid,
    createdAt: row.createdAt,
    bundle: JSON.parse(row.document) as ReportBundle,
  };
}

function grantView(row: Pick<ReportBundleGrantRow, 'bundleId' | 'tenant' | 'records' | 'grantedAt'>): BundleGrant {
  return {
    bundleId: row.bundleId,
    tenant: row.tenant,
    records: row.records === null ? null : (JSON.parse(row.records) as number[]),
    grantedAt: row.grantedAt,
  };
}

function notFound(): VouchError {
  return new VouchError('NOT_FOUND', 'no such bundle');
}
