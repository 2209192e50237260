/**
 * The compliance summary an institution or auditor reads: decisions per policy, per reason code
 * and per period; rejection rates; session counts. Only counts and the policy ids and reason codes
 * the hook already publishes leave this function: no session id, account, nullifier or other
 * identifier (schema: reports/compliance-report.schema.json).
 * Rates are rejected / decisions as a decimal string with 4 places, rounded half-even (exact
 * integer arithmetic, no floats).
 */
import { divHalfEven } from '../ledger/index.js';
import { Calendar } from '../tax/index.js';
import { parseDecisionRecord, type Decision } from './decision-record.js';

export const COMPLIANCE_REPORT_FORMAT = 'vouch-compliance-report/1';

export type CompliancePeriod = 'day' | 'month' | 'year';

export interface ComplianceReportOptions {
  /** Bucket size. Default month. */
  period?: CompliancePeriod;
  /** IANA zone for period boundaries. Default UTC. */
  timeZone?: string;
  /** Only decisions at or after this instant (Unix ms). */
  fromMs?: number;
  /** Only decisions before this instant (Unix ms). */
  toMs?: number;
}

export interface CodeCount {
  code: string | null;
  count: number;
}

export interface Counts {
  decisions: number;
  allowed: number;
  rejected: number;
  /** rejected / decisions, 4 decimal places. */
  rejectionRate: string;
}

export interface PeriodSummary extends Counts {
  period: string;
  codes: CodeCount[];
}

export interface PolicySummary extends Counts {
  policyId: string;
  codes: CodeCount[];
  periods: PeriodSummary[];
  sessions: { distinct: number; withRejection: number };
}

export interface ComplianceReport {
  format: typeof COMPLIANCE_REPORT_FORMAT;
  period: CompliancePeriod;
  timeZone: string;
  /** Earliest and latest decision counted (ISO 8601), null when there were none. */
  first: string | null;
  last: string | null;
  totals: Counts;
  codes: CodeCount[];
  policies: PolicySummary[];
  sessions: { distinct: number; withRejection: number; decisionsWithoutSession: number };
}

interface Bucket {
  decisions: number;
  allowed: number;
  codes: Map<string | null, number>;
}

const bucket = (): Bucket => ({ decisions: 0, allowed: 0, codes: new Map() });

export function buildComplianceReport(
  records: Iterable<unknown>,
  options: ComplianceReportOptions = {},
): ComplianceReport {
  const period = options.period ?? 'month';
  const calendar = new Calendar(options.timeZone ?? 'UTC');
  const total = bucket();
  const policies = new Map<string, { all: Bucket; periods: Map<string, Bucket>; sessions: Map<string, boolean> }>();
  const sessions = new Map<string, boolean>(); // session → had a rejection
  let withoutSession = 0;
  let first = Infinity;
  let last = -Infinity;
  let index = 0;
  for (const raw of records) {
    const d = parseDecisionRecord(raw, index++);
    if (options.fromMs !== undefined && d.timeMs < options.fromMs) continue;
    if (options.toMs !== undefined && d.timeMs >= options.toMs) continue;
    first = Math.min(first, d.timeMs);
    last = Math.max(last, d.timeMs);
    let p = policies.get(d.policyId);
    if (p === undefined) {
      p = { all: bucket(), periods: new Map(), sessions: new Map() };
      policies.set(d.policyId, p);
    }
    const key = periodKey(calendar, d.timeMs, period);
    let pb = p.periods.get(key);
    if (pb === undefined) {
      pb = bucket();
      p.periods.set(key, pb);
    }
    for (const b of [total, p.all, pb]) count(b, d);
    if (d.sessionId === null) withoutSession += 1;
    else {
      sessions.set(d.sessionId, (sessions.get(d.sessionId) ?? false) || !d.allowed);
      p.sessions.set(d.sessionId, (p.sessions.get(d.sessionId) ?? false) || !d.allowed);
    }
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return {
    format: COMPLIANCE_REPORT_FORMAT,
    period,
    timeZone: calendar.timeZone,
    first: Number.isFinite(first) ? new Date(first).toISOString() : null,
    last: Number.isFinite(last) ? new Date(last).toISOString() : null,
    totals: counts(total),
    codes: codeCounts(total),
    policies: [...policies.keys()].sort(cmp).map((policyId) => {
      const p = policies.get(policyId)!;
      return {
        policyId,
        ...counts(p.all),
        codes: codeCounts(p.all),
        periods: [...p.periods.keys()]
          .sort(cmp)
          .map((k) => ({ period: k, ...counts(p.periods.get(k)!), codes: codeCounts(p.periods.get(k)!) })),
        sessions: { distinct: p.sessions.size, withRejection: [...p.sessions.values()].filter(Boolean).length },
      };
    }),
    sessions: {
      distinct: sessions.size,
      withRejection: [...sessions.values()].filter(Boolean).length,
      decisionsWithoutSession: withoutSession,
    },
  };
}

function count(b: Bucket, d: Decision): void {
  b.decisions += 1;
  if (d.allowed) b.allowed += 1;
  b.codes.set(d.code, (b.codes.get(d.code) ?? 0) + 1);
}

function counts(b: Bucket): Counts {
  const rejected = b.decisions - b.allowed;
  return { decisions: b.decisions, allowed: b.allowed, rejected, rejectionRate: rate(rejected, b.decisions) };
}

/** Most frequent first, then by code (null last). */
function codeCounts(b: Bucket): CodeCount[] {
  return [...b.codes.entries()]
    .map(([code, n]) => ({ code, count: n }))
    .sort(
      (x, y) =>
        y.count - x.count ||
        (x.code === null ? 1 : y.code === null ? -1 : x.code < y.code ? -1 : x.code > y.code ? 1 : 0),
    );
}

/** n / d with 4 decimal places, half-even; "0.0000" for 0 / 0. */
export function rate(n: number, d: number): string {
  if (d === 0) return '0.0000';
  const q = divHalfEven(BigInt(n) * 10_000n, BigInt(d));
  return `${q / 10_000n}.${(q % 10_000n).toString().padStart(4, '0')}`;
}

function periodKey(calendar: Calendar, ms: number, period: CompliancePeriod): string {
  const date = calendar.isoDate(calendar.dayOf(ms));
  return period === 'day' ? date : period === 'month' ? date.slice(0, 7) : date.slice(0, 4);
}
