/**
 * The compliance summary from hook decision records: counts per policy, reason code and period,
 * rejection rates in exact arithmetic, session counts, and nothing identifying in the output.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { buildComplianceReport, rate, type DecisionRecord } from '../../src/reporting/compliance/index.js';

const D = (
  time: string,
  policyId: string,
  allowed: boolean,
  code: string | null,
  sessionId?: string,
): DecisionRecord & Record<string, unknown> => ({
  time,
  policyId,
  allowed,
  code,
  ...(sessionId ? { sessionId } : {}),
  nullifier: '0x9f3c5e1d', // hook records carry more; none of it may reach the report
  tradeHash: '0xdeadbeef',
});

const RECORDS = [
  D('2026-01-05T10:00:00Z', 'kyc-basic', true, 'OK', 'sess-alpha'),
  D('2026-01-05T10:01:00Z', 'kyc-basic', false, 'PROOF_INVALID', 'sess-alpha'),
  D('2026-01-20T10:00:00Z', 'kyc-basic', true, 'OK', 'sess-beta'),
  D('2026-02-01T00:00:00Z', 'kyc-basic', false, 'NULLIFIER_SEEN', 'sess-beta'),
  D('2026-02-02T00:00:00Z', 'kyc-basic', false, 'PROOF_INVALID'),
  D('2026-02-02T00:00:00Z', 'eu-retail', true, null, 'sess-gamma'),
  D('2026-02-03T00:00:00Z', 'eu-retail', true, 'OK', 'sess-gamma'),
];

describe('compliance report', () => {
  it('counts decisions per policy, reason code and month, with rejection rates', () => {
    const r = buildComplianceReport(RECORDS);
    // 7 decisions, 3 rejected: 3/7 = 0.428571… -> 0.4286
    expect(r.totals).toEqual({ decisions: 7, allowed: 4, rejected: 3, rejectionRate: '0.4286' });
    expect(r.codes).toEqual([
      { code: 'OK', count: 3 },
      { code: 'PROOF_INVALID', count: 2 },
      { code: 'NULLIFIER_SEEN', count: 1 },
      { code: null, count: 1 },
    ]);
    const kyc = r.policies.find((p) => p.policyId === 'kyc-basic')!;
    // kyc-basic: 5 decisions, 3 rejected: 0.6
    expect(kyc).toMatchObject({
      decisions: 5,
      allowed: 2,
      rejected: 3,
      rejectionRate: '0.6000',
      sessions: { distinct: 2, withRejection: 2 },
    });
    // January: 3 decisions, 1 rejected: 1/3 = 0.3333; February: 2 of 2 rejected
    expect(kyc.periods.map((p) => [p.period, p.decisions, p.rejected, p.rejectionRate])).toEqual([
      ['2026-01', 3, 1, '0.3333'],
      ['2026-02', 2, 2, '1.0000'],
    ]);
    expect(r.policies.map((p) => p.policyId)).toEqual(['eu-retail', 'kyc-basic']);
    expect(r.sessions).toEqual({ distinct: 3, withRejection: 2, decisionsWithoutSession: 1 });
    expect([r.first, r.last]).toEqual(['2026-01-05T10:00:00.000Z', '2026-02-03T00:00:00.000Z']);
  });

  it('buckets by day or year and filters by time', () => {
    const byDay = buildComplianceReport(RECORDS, { period: 'day' });
    expect(byDay.policies[1]!.periods.map((p) => p.period)).toEqual([
      '2026-01-05',
      '2026-01-20',
      '2026-02-01',
      '2026-02-02',
    ]);
    const feb = buildComplianceReport(RECORDS, {
      period: 'year',
      fromMs: Date.parse('2026-02-01T00:00:00Z'),
      toMs: Date.parse('2026-02-03T00:00:00Z'),
    });
    expect(feb.totals).toEqual({ decisions: 3, allowed: 1, rejected: 2, rejectionRate: '0.6667' });
    expect(feb.policies[0]!.periods[0]!.period).toBe('2026');
  });

  it('contains no session id, nullifier, trade hash or other field of the records', () => {
    const text = JSON.stringify(buildComplianceReport(RECORDS, { period: 'day' }));
    for (const secret of [
      'sess-alpha',
      'sess-beta',
      'sess-gamma',
      '0x9f3c5e1d',
      '0xdeadbeef',
      'nullifier',
      'tradeHash',
    ])
      expect(text).not.toContain(secret);
  });

  it('matches its JSON Schema', () => {
    const ajv = new Ajv2020.default({ strict: false });
    const check = ajv.compile(
      JSON.parse(
        readFileSync(new URL('../../reports/compliance-report.schema.json', import.meta.url), 'utf8'),
      ) as object,
    );
    const r = buildComplianceReport(RECORDS);
    expect(check(r), JSON.stringify(check.errors)).toBe(true);
    expect(check({ ...r, totals: { ...r.totals, sessionIds: ['sess-alpha'] } })).toBe(false);
    expect(check(buildComplianceReport([])), JSON.stringify(check.errors)).toBe(true);
    const records = ajv.compile(
      JSON.parse(
        readFileSync(new URL('../../reports/decision-records.schema.json', import.meta.url), 'utf8'),
      ) as object,
    );
    expect(records(RECORDS)).toBe(true);
  });

  it('rejects a malformed record naming it', () => {
    expect(() => buildComplianceReport([RECORDS[0], { ...RECORDS[1], allowed: 'no' }])).toThrow(
      expect.objectContaining({
        code: 'DECISION_RECORD_INVALID',
        details: expect.objectContaining({ record: 2, field: 'allowed' }),
      }),
    );
    expect(() => buildComplianceReport([{ ...RECORDS[0], time: '2026-01-05' }])).toThrow(
      expect.objectContaining({ code: 'DECISION_RECORD_INVALID' }),
    );
  });

  it('computes rates exactly, rounding half to even at the fourth place', () => {
    expect(rate(1, 20000)).toBe('0.0000'); // 0.00005: a tie, rounds to even (0)
    expect(rate(3, 20000)).toBe('0.0002'); // 0.00015: a tie, rounds to even (2)
    expect(rate(1, 16)).toBe('0.0625');
    expect(rate(2, 3)).toBe('0.6667');
    expect(rate(0, 0)).toBe('0.0000');
  });
});
