/**
 * Compiled policies against the real circuit (witness generation, no proving): the circuit
 * recomputes policyHash from the compiled predicate inputs, so an encoding mismatch fails here.
 * Uses the circuit artifacts (built by globalSetup, or found in the cache).
 */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalTrade, loadPolicy, nullifierScope, type CompiledPolicy } from '../../src/policy/index.js';
import { assertSatisfiable, expectedPublicSignals, releaseCurves } from '../../src/zk/index.js';
import { makeScenario, NOW, type ScenarioOptions } from '../support/scenario.js';
import { POLICIES_DIR } from './fixtures.js';

afterAll(releaseCurves);

const TRADE = {
  venue: 'v1',
  market: 'ETH-EUR-PERP',
  side: 'buy',
  size: '0.5',
  price: '60000',
  nonce: '8f3a5c7e9b1d2f40',
  time: Number(NOW),
};

function inputFor(policy: CompiledPolicy, o: ScenarioOptions = {}, trade: object = TRADE) {
  const { input } = makeScenario(o);
  const t = canonicalTrade(trade);
  return {
    ...input,
    policy: policy.circuit,
    tradeHash: t.tradeHash,
    tradeValue: t.tradeValue,
    scope: nullifierScope(policy, t),
  };
}

const load = (name: string) => loadPolicy(join(POLICIES_DIR, `${name}.json`));

describe('compiled policies in the circuit', () => {
  it.each(['eu-mica-retail-spot', 'fatf-high-risk-exclusion', 'pro-perps-notional-cap'])(
    '%s: the circuit accepts a satisfying credential and commits to the compiled policyHash',
    async (name) => {
      const policy = await load(name);
      const input = inputFor(policy); // default credential: DE, KYC 2, professional, adult, screened 2025-12-01
      await expect(assertSatisfiable(input)).resolves.toBeUndefined();
      const signals = expectedPublicSignals(input);
      expect(signals.policyHash).toBe(policy.policyHash);
      expect(signals.scope).toBe(nullifierScope(policy, canonicalTrade(TRADE)));
    },
  );

  it('the FATF set excludes jurisdiction 0 (ZZ) inside the circuit', async () => {
    const policy = await load('fatf-high-risk-exclusion');
    await expect(assertSatisfiable(inputFor(policy, { attributes: { jurisdiction: 0 } }))).rejects.toMatchObject({
      code: 'WITNESS_UNSATISFIED',
    });
    await expect(assertSatisfiable(inputFor(policy, { attributes: { jurisdiction: 364 } }))).rejects.toMatchObject({
      code: 'WITNESS_UNSATISFIED',
    });
  });

  it('the per-trade cap holds at the limit and fails one hundredth past it', async () => {
    const policy = await load('pro-perps-notional-cap');
    // tradeLimit 30000.00; the trade is 0.5 × 60000 = 30000.00 exactly.
    await expect(assertSatisfiable(inputFor(policy, { attributes: { tradeLimit: '30000' } }))).resolves.toBeUndefined();
    await expect(assertSatisfiable(inputFor(policy, { attributes: { tradeLimit: '29999.99' } }))).rejects.toMatchObject(
      { code: 'WITNESS_UNSATISFIED' },
    );
  });

  it('a stale sanctions screening fails the MiCA policy inside the circuit', async () => {
    const policy = await load('eu-mica-retail-spot');
    await expect(
      assertSatisfiable(inputFor(policy, { attributes: { sanctionsScreenedAt: 1_759_276_799 } })),
    ).rejects.toMatchObject({ code: 'WITNESS_UNSATISFIED' });
  });
});
