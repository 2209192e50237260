/**
 * Stored report bundles and their auditor grants, always read through the caller: an institution
 * reaches only its own tenant's bundles, an auditor only bundles granted to its tenant (also for
 * its own tenant: auditor access is by grant, never implied). Anything else answers NOT_FOUND with
 * the same message as a missing id, so a caller cannot learn that another tenant's bundle exists.
 * The store never returns the full bundle to an auditor whose grant names records: it returns the
 * disclosure of those records (salts of the others stay here).
 *
 * The rules live here, dialect-free; the rows live in a BundleStore: the SQLite file
 * (sqlite-bundle-store.ts) or PostgreSQL (pg-bundle-store.ts), chosen by reportingStores(deps).
 */
import { randomBytes } from 'node:crypto';
import type { Principal } from '../../auth/index.js';
import { VouchError } from '../../errors/index.js';
import { discloseRecords, type BundleLog, type ReportBundle } from '../../reporting/bundle/index.js';

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

export interface GrantRow extends BundleGrant {
  /** Id of the institution API key that granted it. */
  grantedBy: string;
}

/** What a reader gets: the bundle, or the disclosure its grant allows. */
export interface ReadableBundle extends StoredBundle {
  disclosure: boolean;
}

/** The rows of bundles and grants, on one database. Every method is one atomic operation. */
export interface BundleStore {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Makes a bundle with `produce` (which appends its report-commitment to the log it is given)
   * and keeps it. PostgreSQL: the log entry and the bundle's row commit in one transaction.
   */
  create(produce: (log: BundleLog) => Promise<StoredBundle>): Promise<StoredBundle>;
  /** The bundle when `tenant` owns it. */
  owned(tenant: string, id: string): Promise<StoredBundle | undefined>;
  /** The bundle and the grant `tenant` (an auditor tenant) holds on it. */
  granted(tenant: string, id: string): Promise<{ bundle: StoredBundle; grant: BundleGrant } | undefined>;
  /** Inserts a grant, or replaces the record scope of the one `tenant` holds. */
  putGrant(grant: GrantRow): Promise<void>;
  /** Grants on a bundle, by tenant. */
  grants(id: string): Promise<BundleGrant[]>;
  /** Removes a grant, returning it; undefined if there was none. */
  deleteGrant(id: string, tenant: string): Promise<BundleGrant | undefined>;
}

export const BUNDLE_ID_PATTERN = /^[0-9a-f]{32}$/;

export function newBundleId(): string {
  return randomBytes(16).toString('hex');
}

/** A bundle of the caller's own tenant (institution), or NOT_FOUND. */
export async function ownBundle(store: BundleStore, tenant: string, id: string): Promise<StoredBundle> {
  const b = await store.owned(tenant, id);
  if (!b) throw notFound();
  return b;
}

/** The bundle as the caller may read it: whole for its institution, per grant for an auditor. */
export async function readableBundle(store: BundleStore, caller: Principal, id: string): Promise<ReadableBundle> {
  if (caller.role === 'institution') return { ...(await ownBundle(store, caller.tenant, id)), disclosure: false };
  if (caller.role !== 'auditor') throw notFound();
  const hit = await store.granted(caller.tenant, id);
  if (!hit) throw notFound();
  const records = hit.grant.records;
  if (records === null) return { ...hit.bundle, disclosure: false };
  return { ...hit.bundle, bundle: discloseRecords(hit.bundle.bundle, records), disclosure: true };
}

/** Grants (or re-grants, replacing the record scope) read access to an auditor tenant. */
export async function grantBundle(
  store: BundleStore,
  owner: Principal,
  id: string,
  grant: { tenant: string; records?: number[] | undefined; now: number },
): Promise<BundleGrant> {
  const b = await ownBundle(store, owner.tenant, id);
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
  const row: GrantRow = { bundleId: id, tenant: grant.tenant, records, grantedAt: grant.now, grantedBy: owner.keyId };
  await store.putGrant(row);
  return { bundleId: id, tenant: grant.tenant, records, grantedAt: grant.now };
}

export async function listGrants(store: BundleStore, owner: Principal, id: string): Promise<BundleGrant[]> {
  await ownBundle(store, owner.tenant, id);
  return store.grants(id);
}

/** Withdraws a grant; NOT_FOUND when the bundle is not the caller's or the tenant holds no grant. */
export async function revokeGrant(
  store: BundleStore,
  owner: Principal,
  id: string,
  tenant: string,
): Promise<BundleGrant> {
  await ownBundle(store, owner.tenant, id);
  const removed = await store.deleteGrant(id, tenant);
  if (!removed) throw new VouchError('NOT_FOUND', 'no grant for that tenant on this bundle');
  return removed;
}

function notFound(): VouchError {
  return new VouchError('NOT_FOUND', 'no such bundle');
}
