/**
 * Policy documents that ask for identity escrow or a cumulative limit: schema, compilation to the
 * accountable circuit's rules and cap, a policyHash that changes with each of them, the period
 * scope, and the plain-language explanation.
 */
import { describe, expect, it } from 'vitest';
import {
  compilePolicy,
  explainPolicy,
  limitPeriod,
  periodScope,
  nullifierScope,
  type PolicyDocument,
} from '../../src/policy/index.js';
import { limitCapOf, RULE_CUMULATIVE_LIMIT, RULE_ESCROW } from '../../src/zk/circuit-policy.js';
import { SLOTS } from '../../src/credentials/schema.js';
import { baseDoc } from './fixtures.js';
import { loadPolicy } from '../../src/policy/load-policy.js';
import { POLICIES_DIR } from '../../src/config/package-files.js';
import { join } from 'node:path';

const doc = (extra: Partial<PolicyDocument>): PolicyDocument => ({
  ...baseDoc(),
  session: { allowed: false },
  ...extra,
});

describe('accountable policy documents', () => {
  it('compiles escrow: required to the escrow rule bit and the accountable circuit, with another policyHash', () => {
    const plain = compilePolicy(doc({}));
    const escrow = compilePolicy(doc({ escrow: 'required' }));
    expect(plain.circuitName).toBe('policy');
    expect(escrow.circuitName).toBe('policy-accountable');
    expect(escrow.escrow).toBe(true);
    expect(escrow.circuit.rules & RULE_ESCROW).toBe(RULE_ESCROW);
    expect(escrow.policyHash).not.toBe(plain.policyHash);
  });

  it('compiles a fixed monthly cap (hundredths) and a tradeLimit cap to different caps and hashes', () => {
    const fixed = compilePolicy(doc({ cumulativeLimit: { period: 'calendar-month', cap: '10000' } }));
    const fixedHigher = compilePolicy(doc({ cumulativeLimit: { period: 'calendar-month', cap: '10000.01' } }));
    const attr = compilePolicy(doc({ cumulativeLimit: { period: 'calendar-month', cap: 'tradeLimit' } }));
    expect(fixed.circuit.rules & RULE_CUMULATIVE_LIMIT).toBe(RULE_CUMULATIVE_LIMIT);
    expect(limitCapOf(fixed.circuit)).toBe(1_000_000n);
    expect(limitCapOf(attr.circuit)).toBe(BigInt(SLOTS.tradeLimit) << 64n);
    expect(new Set([fixed.policyHash, fixedHigher.policyHash, attr.policyHash]).size).toBe(3);
    expect(fixed.cumulativeLimit).toEqual({ period: 'calendar-month', cap: 1_000_000n });
  });

  it('refuses session mode with escrow or a cumulative limit (orders would carry no proof), naming the path', () => {
    const sessions = { allowed: true, ttlSeconds: 60, maxOrders: 5, maxNotional: '100' } as const;
    expect(() => compilePolicy(doc({ escrow: 'required', session: sessions }))).toThrow(
      expect.objectContaining({ code: 'POLICY_INVALID', details: { path: '$.session.allowed' } }),
    );
    expect(() =>
      compilePolicy(doc({ cumulativeLimit: { period: 'calendar-year', cap: '1' }, session: sessions })),
    ).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
  });

  it('refuses a malformed cumulativeLimit or escrow value with POLICY_INVALID', () => {
    expect(() => compilePolicy(doc({ cumulativeLimit: { period: 'weekly', cap: '10' } as never }))).toThrow(
      expect.objectContaining({ code: 'POLICY_INVALID' }),
    );
    expect(() => compilePolicy(doc({ cumulativeLimit: { period: 'calendar-month', cap: 'birthYear' } }))).toThrow(
      expect.objectContaining({ code: 'POLICY_INVALID' }),
    );
    expect(() => compilePolicy(doc({ escrow: 'optional' as never }))).toThrow(
      expect.objectContaining({ code: 'POLICY_INVALID' }),
    );
    expect(() =>
      compilePolicy(doc({ cumulativeLimit: { period: 'calendar-month', cap: '184467440737095516.16' } })),
    ).toThrow(expect.objectContaining({ code: 'POLICY_INVALID' }));
  });

  it('gives one period scope per policy, venue and UTC calendar month, never equal to a trade scope', () => {
    const p = compilePolicy(doc({ cumulativeLimit: { period: 'calendar-month', cap: '10000' } }));
    const dec31 = Date.UTC(2026, 11, 31, 23, 59, 59) / 1000;
    const jan1 = dec31 + 1;
    expect(limitPeriod(p, jan1) - limitPeriod(p, dec31)).toBe(1);
    expect(periodScope(p, 'venue-a', dec31)).toBe(periodScope(p, 'venue-a', dec31 - 86_400 * 20));
    expect(periodScope(p, 'venue-a', dec31)).not.toBe(periodScope(p, 'venue-a', jan1));
    expect(periodScope(p, 'venue-a', dec31)).not.toBe(periodScope(p, 'venue-b', dec31));
    expect(periodScope(p, 'venue-a', dec31)).not.toBe(
      nullifierScope(
        { scope: { mode: 'per-venue-epoch', epochSeconds: 1 } },
        { tradeHash: 1n, venue: 'venue-a', time: dec31 },
      ),
    );
  });

  it('explains both features in plain language, and the shipped policies use them', async () => {
    const mica = await loadPolicy(join(POLICIES_DIR, 'eu-mica-retail-monthly-cap.json'));
    const inst = await loadPolicy(join(POLICIES_DIR, 'institutional-escrow-required.json'));
    expect(mica.cumulativeLimit).toEqual({ period: 'calendar-month', cap: 1_000_000n });
    expect(inst.escrow).toBe(true);
    expect(explainPolicy(mica.document)).toMatch(
      /calendar month \(UTC\), this one included, add up to at most 10,?000(\.00)?/,
    );
    expect(explainPolicy(inst.document)).toMatch(/escrow identity .* encrypted to the escrow committee/);
  });
});
