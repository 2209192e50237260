/** Bundle and grant rows ↔ values, shared by both dialects' stores (same columns on each). */
import type { ReportBundle } from '../../reporting/bundle/index.js';
import type { BundleGrant, GrantRow, StoredBundle } from './bundle-store.js';

export interface BundleRowShape {
  id: string;
  tenant: string;
  kind: string;
  institution: string;
  period: string;
  kid: string;
  recordCount: number;
  commitmentRoot: string;
  logIndex: number;
  document: string;
  createdAt: number;
}

export interface GrantRowShape {
  bundleId: string;
  tenant: string;
  records: string | null;
  grantedAt: number;
  grantedBy: string;
}

export function bundleRow(b: StoredBundle): BundleRowShape {
  return {
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
  };
}

export function storedBundle(
  row: Pick<BundleRowShape, 'id' | 'tenant' | 'kid' | 'createdAt' | 'document'>,
): StoredBundle {
  return {
    id: row.id,
    tenant: row.tenant,
    kid: row.kid,
    createdAt: Number(row.createdAt),
    bundle: JSON.parse(row.document) as ReportBundle,
  };
}

export function grantRow(g: GrantRow): GrantRowShape {
  return {
    bundleId: g.bundleId,
    tenant: g.tenant,
    records: g.records === null ? null : JSON.stringify(g.records),
    grantedAt: g.grantedAt,
    grantedBy: g.grantedBy,
  };
}

export function grantView(row: Pick<GrantRowShape, 'bundleId' | 'tenant' | 'records' | 'grantedAt'>): BundleGrant {
  return {
    bundleId: row.bundleId,
    tenant: row.tenant,
    records: row.records === null ? null : (JSON.parse(row.records) as number[]),
    grantedAt: Number(row.grantedAt),
  };
}
