/**
 * compilePolicy: the circuit encoding round-trips to the document's meaning, the hash commits to
 * semantics (not to listing order) while policyId names the exact version, and the shipped
 * examples compile and admit / refuse the holders they are written for.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy, failingPredicates, loadPolicy, type CompiledPolicy } from '../../src/policy/index.js';
import { encodeAttributes, SLOTS, type KycAttributes, type EvidenceKind } from '../../src/credentials/schema.js';
import { OPERATORS, predicateHolds, tradeCap, type CircuitPolicy } from '../../src/zk/circuit-policy.js';
import { FIELD_MODULUS } from '../../src/zk/field.js';
import { baseDoc, docWith, EXAMPLE_FILES, POLICIES_DIR } from './fixtures.js';
import { join } from 'node:path';

/** Reads the circuit encoding back: [slot, op, lo, hi, sorted set values] per used slot. */
function decode(c: CircuitPolicy): Array<[number, string, bigint, bigint, bigint[]]> {
  const names = Object.fromEntries(Object.entries(OPERATORS).map(([k, v]) => [v, k]));
  return c.headers.flatMap((h, k) => {
    const op = names[Number(h & 0xfn)]!;
    if (op === 'none') return [];
    const mask = h >> 8n;
    const values = c.pool.filter((_, j) => ((mask >> BigInt(j)) & 1n) === 1n);
    return [[Number((h >> 4n) & 0xfn), op, c.lo[k]!, c.hi[k]!, values] as [number, string, bigint, bigint, bigint[]]];
  });
}

const sortRows = (rows: ReturnType<typeof decode>) =>
  rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? v.toString() : v))).sort();

describe('compilePolicy', () => {
  it('encodes typed operands as the issuer encodes the slots', () => {
    const p = compilePolicy(
      docWith((d) => {
        d.predicates.push(
          { attribute: 'sanctionsScreenedAt', operator: 'gte', value: '2025-10-01T02:00:00+02:00' },
          { attribute: 'tradeLimit', operator: 'between', min: '1000', max: '2500.5' },
          { attribute: 'investorClass', operator: 'nin', values: ['retail', 'none'] },
          { attribute: 'evidenceKind', operator: 'ne', value: 'manual' },
        );
      }),
    );
    expect(sortRows(decode(p.circuit))).toEqual(
      sortRows([
        [SLOTS.jurisdiction, 'in', 0n, 0n, [40n, 250n, 276n]], // AT, FR, DE (ISO numeric)
        [SLOTS.kycLevel, 'gte', 2n, 0n, []],
        [SLOTS.ageOver18, 'eq', 1n, 0n, []],
        [SLOTS.sanctionsScreenedAt, 'gte', 1759276800n, 0n, []], // 2025-10-01T00:00:00Z
        [SLOTS.tradeLimit, 'between', 100000n, 250050n, []], // ×100
        [SLOTS.investorClass, 'nin', 0n, 0n, [0n, 1n]],
        [SLOTS.evidenceKind, 'ne', 3n, 0n, []],
      ]),
    );
    expect(tradeCap(p.circuit)).toBe(SLOTS.tradeLimit);
  });

  it('compiles ZZ to jurisdiction 0 (unknown)', () => {
    const p = compilePolicy(
      docWith((d) => {
        d.predicates[0] = { attribute: 'jurisdiction', operator: 'ne', value: 'ZZ' };
      }),
    );
    expect(p.predicates[0]).toEqual({ slot: SLOTS.jurisdiction, op: 'ne', value: 0n });
  });

  it('sets no trade cap without maxValueAttribute', () => {
    const p = compilePolicy(
      docWith((d) => {
        delete d.trade;
      }),
    );
    expect(tradeCap(p.circuit)).toBeUndefined();
    expect(p.maxValueAttribute).toBeUndefined();
    expect(p.markets).toBeUndefined();
  });

  it('carries the off-circuit rules, money in hundredths', () => {
    const p = compilePolicy(baseDoc());
    expect(p).toMatchObject({
      id: 'test-policy',
      version: '1.0.0',
      ref: 'test-policy@1.0.0',
      issuerSet: 'test-issuers',
      maxClockSkewSeconds: 30,
      markets: ['BTC-EUR', '*-PERP'],
      maxValueAttribute: 'tradeLimit',
      scope: { mode: 'per-trade' },
      session: { allowed: true, ttlSeconds: 600, maxOrders: 50, maxNotional: 250050n },
    });
    const epoch = compilePolicy(
      docWith((d) => {
        d.nullifierScope = { mode: 'per-venue-epoch', epochSeconds: 3600 };
        d.session = { allowed: false };
      }),
    );
    expect(epoch.scope).toEqual({ mode: 'per-venue-epoch', epochSeconds: 3600 });
    expect(epoch.session).toEqual({ allowed: false });
  });

  it('is deterministic and keeps the hash a canonical field element with 0x hex beside it', () => {
    const a = compilePolicy(baseDoc());
    const b = compilePolicy(baseDoc());
    expect(a.policyHash).toBe(b.policyHash);
    expect(a.policyHash < FIELD_MODULUS && a.policyId < FIELD_MODULUS).toBe(true);
    expect(a.policyHashHex).toBe(`0x${a.policyHash.toString(16).padStart(64, '0')}`);
    expect(BigInt(a.policyIdHex)).toBe(a.policyId);
  });

  it('gives the same policyHash however predicates and set values are listed', () => {
    const base = compilePolicy(baseDoc());
    const shuffled = compilePolicy(
      docWith((d) => {
        d.predicates.reverse();
        d.predicates[2].values = ['AT', 'DE', 'FR'];
      }),
    );
    expect(shuffled.policyHash).toBe(base.policyHash);
    expect(shuffled.policyId).toBe(base.policyId);
  });

  it('changes policyHash when any predicate, operand or the cap changes', () => {
    const base = compilePolicy(baseDoc()).policyHash;
    const variants = [
      docWith((d) => {
        d.predicates[0].values.push('IT');
      }),
      docWith((d) => {
        d.predicates[0].operator = 'nin';
      }),
      docWith((d) => {
        d.predicates[1].value = 3;
      }),
      docWith((d) => {
        d.predicates[1].operator = 'gt';
      }),
      docWith((d) => {
        d.predicates[2].value = false;
      }),
      docWith((d) => {
        d.predicates.pop();
      }),
      docWith((d) => {
        delete d.trade.maxValueAttribute;
      }),
    ];
    const hashes = variants.map((v) => compilePolicy(v).policyHash);
    for (const h of hashes) expect(h).not.toBe(base);
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('changes policyId but not policyHash when only the version or id changes', () => {
    const base = compilePolicy(baseDoc());
    const v2 = compilePolicy(
      docWith((d) => {
        d.version = '1.0.1';
      }),
    );
    const other = compilePolicy(
      docWith((d) => {
        d.id = 'other-policy';
      }),
    );
    expect(v2.policyHash).toBe(base.policyHash);
    expect(other.policyHash).toBe(base.policyHash);
    expect(new Set([base.policyId, v2.policyId, other.policyId]).size).toBe(3);
  });

  it('leaves policyHash and policyId alone for off-circuit rules (the hook enforces them from the document)', () => {
    const base = compilePolicy(baseDoc());
    const p = compilePolicy(
      docWith((d) => {
        d.trade.markets = ['ETH-EUR'];
        d.freshness.maxClockSkewSeconds = 5;
        d.title = 'Other';
      }),
    );
    expect([p.policyHash, p.policyId]).toEqual([base.policyHash, base.policyId]);
  });

  it('returns a frozen result that does not alias the input', () => {
    const doc = baseDoc();
    const p = compilePolicy(doc);
    expect(Object.isFrozen(p) && Object.isFrozen(p.document) && Object.isFrozen(p.document.predicates[0])).toBe(true);
    doc.predicates.length = 0;
    expect(p.document.predicates).toHaveLength(3);
  });

  it('re-compiling its own document reproduces the policy (round trip)', () => {
    const p = compilePolicy(baseDoc());
    const q = compilePolicy(JSON.parse(JSON.stringify(p.document)));
    expect(q.policyHash).toBe(p.policyHash);
    expect(q.circuit).toEqual(p.circuit);
  });
});

// ---- the shipped examples against the holders they are written for ----

interface Holder {
  attributes: Partial<KycAttributes>;
  evidenceKind?: EvidenceKind;
}

function slotsOf(h: Holder): bigint[] {
  const attributes: KycAttributes = {
    kycLevel: 2,
    jurisdiction: 276,
    investorClass: 'retail',
    ageOver18: true,
    birthYear: 1990,
    sanctionsScreenedAt: 1_764_547_200,
    tradeLimit: '100000',
    ...h.attributes,
  };
  return encodeAttributes({
    subject: 1n,
    credentialIndex: 0,
    issuedAt: 1_760_000_000,
    expiresAt: 1_800_000_000,
    evidenceKind: h.evidenceKind ?? 'vendor-jws',
    attributes,
  });
}

function satisfies(p: CompiledPolicy, h: Holder): boolean {
  const slots = slotsOf(h);
  return p.circuit.headers.every((_, k) => predicateHolds(p.circuit, k, slots));
}

describe('shipped example policies', () => {
  it('are the seven documented examples', () => {
    expect(EXAMPLE_FILES).toEqual([
      'eu-mica-retail-monthly-cap.json',
      'eu-mica-retail-spot.json',
      'fatf-high-risk-exclusion.json',
      'india-retail-anon-aadhaar.json',
      'institutional-escrow-required.json',
      'pro-perps-notional-cap.json',
      'us-accredited-derivatives.json',
    ]);
  });

  it.each(EXAMPLE_FILES)('%s compiles within the circuit limits', async (name) => {
    const p = await loadPolicy(join(POLICIES_DIR, name));
    expect(`${p.id}.json`).toBe(name);
    expect(p.complexity.predicates).toBeLessThanOrEqual(8);
    expect(p.complexity.setValues).toBeLessThanOrEqual(32);
  });

  const load = (name: string) => loadPolicy(join(POLICIES_DIR, `${name}.json`));

  it('EU MiCA retail spot: admits an adult Austrian at KYC 2, refuses non-EEA, KYC 1, minors and stale screening', async () => {
    const p = await load('eu-mica-retail-spot');
    expect(p.complexity.setValues).toBe(30);
    expect(satisfies(p, { attributes: { jurisdiction: 40 } })).toBe(true);
    expect(satisfies(p, { attributes: { jurisdiction: 578 } })).toBe(true); // Norway (EEA)
    expect(satisfies(p, { attributes: { jurisdiction: 756 } })).toBe(false); // Switzerland
    expect(satisfies(p, { attributes: { jurisdiction: 643 } })).toBe(false); // Russia
    expect(satisfies(p, { attributes: { kycLevel: 1 } })).toBe(false);
    expect(satisfies(p, { attributes: { ageOver18: false } })).toBe(false);
    expect(satisfies(p, { attributes: { sanctionsScreenedAt: 1_759_276_799 } })).toBe(false); // 1 s before the cut-off
    expect(satisfies(p, { attributes: { sanctionsScreenedAt: 1_759_276_800 } })).toBe(true); // at the cut-off
    expect(failingPredicates(p, slotsOf({ attributes: { jurisdiction: 840, ageOver18: false } }))).toEqual([0, 2]);
  });

  it('US accredited derivatives: admits a US accredited investor at KYC 3 only', async () => {
    const p = await load('us-accredited-derivatives');
    const us = { jurisdiction: 840, kycLevel: 3 };
    for (const investorClass of ['accredited', 'qualified_purchaser', 'institutional'] as const) {
      expect(satisfies(p, { attributes: { ...us, investorClass } })).toBe(true);
    }
    expect(satisfies(p, { attributes: { ...us, investorClass: 'retail' } })).toBe(false);
    expect(satisfies(p, { attributes: { ...us, investorClass: 'accredited', kycLevel: 2 } })).toBe(false);
    expect(satisfies(p, { attributes: { jurisdiction: 124, kycLevel: 3, investorClass: 'accredited' } })).toBe(false);
  });

  it('FATF exclusion: refuses the listed and unknown jurisdictions, admits others', async () => {
    const p = await load('fatf-high-risk-exclusion');
    for (const j of [408, 364, 104, 862, 92, 0]) expect(satisfies(p, { attributes: { jurisdiction: j } })).toBe(false); // KP IR MM VE VG unknown
    for (const j of [276, 566, 710, 840]) expect(satisfies(p, { attributes: { jurisdiction: j } })).toBe(true); // DE NG ZA US (NG, ZA delisted Oct 2025)
    expect(satisfies(p, { attributes: { kycLevel: 0 } })).toBe(false);
  });

  it('India retail: needs IN, 18+ and Anon Aadhaar evidence', async () => {
    const p = await load('india-retail-anon-aadhaar');
    expect(satisfies(p, { attributes: { jurisdiction: 356 }, evidenceKind: 'anon-aadhaar' })).toBe(true);
    expect(satisfies(p, { attributes: { jurisdiction: 356 }, evidenceKind: 'vendor-jws' })).toBe(false);
    expect(satisfies(p, { attributes: { jurisdiction: 356, ageOver18: false }, evidenceKind: 'anon-aadhaar' })).toBe(
      false,
    );
    expect(satisfies(p, { attributes: { jurisdiction: 50 }, evidenceKind: 'anon-aadhaar' })).toBe(false);
  });

  it('pro perps: professional classes only, with the per-trade cap on tradeLimit and -PERP markets', async () => {
    const p = await load('pro-perps-notional-cap');
    expect(tradeCap(p.circuit)).toBe(SLOTS.tradeLimit);
    expect(p.markets).toEqual(['*-PERP']);
    expect(p.scope).toEqual({ mode: 'per-venue-epoch', epochSeconds: 3600 });
    for (const investorClass of ['professional', 'eligible_counterparty', 'institutional'] as const) {
      expect(satisfies(p, { attributes: { investorClass } })).toBe(true);
    }
    expect(satisfies(p, { attributes: { investorClass: 'retail' } })).toBe(false);
    expect(satisfies(p, { attributes: { investorClass: 'accredited' } })).toBe(false);
    expect(satisfies(p, { attributes: { investorClass: 'professional', jurisdiction: 408 } })).toBe(false);
  });
});
