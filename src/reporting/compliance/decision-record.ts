/**
 * A hook decision as the compliance report reads it: when, under which policy, admitted or not,
 * the reason code, and the session it belonged to. Other fields a hook record carries (nullifier,
 * trade hash, receipt) are ignored and never copied into a report. Session ids are only counted.
 */
import { VouchError } from '../../errors/index.js';
import { parseTime } from '../ledger/index.js';

export interface DecisionRecord {
  /** Unix seconds or ISO 8601 with an offset. */
  time: number | string;
  policyId: string;
  allowed: boolean;
  /** Reason code (e.g. OK, PROOF_INVALID); null when the hook gave none. */
  code: string | null;
  sessionId?: string | null;
}

export interface Decision {
  timeMs: number;
  policyId: string;
  allowed: boolean;
  code: string | null;
  sessionId: string | null;
}

const ID_RE = /^[^\u0000-\u001f\u007f]{1,200}$/;

/** Validates one record; `index` (0-based) names it in errors. */
export function parseDecisionRecord(value: unknown, index: number): Decision {
  const fail = (field: string, reason: string): VouchError =>
    new VouchError('DECISION_RECORD_INVALID', `decision ${index + 1}${field ? ` (${field})` : ''}: ${reason}`, {
      details: { record: index + 1, pointer: `/${index}${field ? `/${field}` : ''}`, ...(field ? { field } : {}) },
    });
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw fail('', 'must be an object');
  const r = value as Record<string, unknown>;
  const timeMs = typeof r.time === 'number' || typeof r.time === 'string' ? parseTime(r.time) : undefined;
  if (timeMs === undefined) throw fail('time', 'must be Unix seconds or ISO 8601 with an offset');
  if (typeof r.policyId !== 'string' || !ID_RE.test(r.policyId)) throw fail('policyId', 'must be a non-empty string');
  if (typeof r.allowed !== 'boolean') throw fail('allowed', 'must be a boolean');
  if (r.code !== null && r.code !== undefined && (typeof r.code !== 'string' || !ID_RE.test(r.code)))
    throw fail('code', 'must be a string or null');
  if (
    r.sessionId !== null &&
    r.sessionId !== undefined &&
    (typeof r.sessionId !== 'string' || !ID_RE.test(r.sessionId))
  ) {
    throw fail('sessionId', 'must be a string or null');
  }
  return {
    timeMs,
    policyId: r.policyId,
    allowed: r.allowed,
    code: (r.code as string | null | undefined) ?? null,
    sessionId: (r.sessionId as string | null | undefined) ?? null,
  };
}
