/** What an audit verification returns: one entry per check performed, and what was not checked. */
import type { VouchErrorCode } from '../../errors/index.js';

export type AuditCheckName =
  | 'structure'
  | 'signature'
  | 'records'
  | 'aggregates'
  | 'checkpoint'
  | 'log-inclusion'
  | 'previous-checkpoint'
  | 'consistency';

export interface AuditCheck {
  name: AuditCheckName;
  ok: boolean;
  /** Set when ok is false: what failed, as a stable code. */
  code?: VouchErrorCode;
  /** A short non-secret explanation. */
  detail?: string;
}

export interface AuditSkip {
  name: AuditCheckName;
  reason: string;
}

export interface BundleVerification {
  /** True only when every performed check holds. */
  ok: boolean;
  checks: AuditCheck[];
  skipped: AuditSkip[];
  /** Records in the commitment, records present, and whether all are present. */
  records: { count: number; present: number; complete: boolean };
}

export function pass(name: AuditCheckName, detail?: string): AuditCheck {
  return detail === undefined ? { name, ok: true } : { name, ok: true, detail };
}

export function fail(name: AuditCheckName, code: VouchErrorCode, detail: string): AuditCheck {
  return { name, ok: false, code, detail };
}
