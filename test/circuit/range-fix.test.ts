/**
 * What the pre-fix circuit (431bf23) accepted and the range checks now refuse. Each case builds
 * the attacker's witness once, shows it satisfies every constraint of the pre-fix R1CS (so the
 * test can fail: without the fix this is a valid proof) and that the real R1CS refuses it in the
 * range check alone (so the fix, and nothing incidental, is what refuses it).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseCurves } from '../../src/zk/curve.js';
import type { StatementInput } from '../../src/zk/statement.js';
import { NOW, makeScenario } from '../support/scenario.js';
import {
  R,
  TWO_64,
  attackerCircuit,
  expectHonestProverRefuses,
  expectRefusedBy,
  expectRefusedOnlyBy,
  expectSatisfied,
  loadCircuits,
  preFixCircuit,
  realCircuit,
  resigned,
} from './support/suite.js';

beforeAll(() => loadCircuits({ preFix: true }));
afterAll(releaseCurves);

const TRADE_LIMIT_SLOT = 11;
const BIRTH_YEAR_SLOT = 8;

async function preFixAcceptsRealRefuses(name: string, input: StatementInput, ...refusedBy: string[]) {
  const [real, preFix, attacker] = await Promise.all([realCircuit(), preFixCircuit(), attackerCircuit()]);
  await expectHonestProverRefuses(input);
  const forged = await attacker.witness(input);
  expectSatisfied(`${name} (pre-fix circuit)`, preFix.judge(preFix.project(forged)));
  expectRefusedOnlyBy(name, real.judge(real.project(forged)), ...refusedBy);
}

describe('range checks: what the pre-fix circuit accepted', () => {
  // The session-mode attack of issue 11: a holder whose credential says tradeLimit = 100.00 opens
  // a session with tradeValue = r - 1; LessEqThan(64) sees r - 1 + 2^64 - 10001 = 2^64 - 10002.
  it('refuses the session cap bypass tradeValue = r - 1 under tradeLimit 100.00 (LessEqThan(64) wraps)', async () => {
    const s = makeScenario({ attributes: { tradeLimit: '100.00' } });
    expect(s.input.credential.slots[TRADE_LIMIT_SLOT]).toBe(10_000n);
    await preFixAcceptsRealRefuses(
      'session cap bypass: tradeValue = r - 1, tradeLimit 100.00',
      { ...s.input, tradeValue: R - 1n },
      'main.valueRange',
    );
  });

  it('a Groth16 proof made from the cap-bypass witness does not verify; the same path proves the honest one', async () => {
    const [real, attacker] = await Promise.all([realCircuit(), attackerCircuit()]);
    const s = makeScenario({ attributes: { tradeLimit: '100.00' } });
    const honest = await real.proveAndVerify(real.project(await attacker.witness({ ...s.input, tradeValue: 10_000n })));
    expect(honest.valid).toBe(true);
    const bypass = await real.proveAndVerify(real.project(await attacker.witness({ ...s.input, tradeValue: R - 1n })));
    expect(bypass.publicSignals[5]).toBe((R - 1n).toString());
    expect(bypass.valid).toBe(false);
  });

  it('refuses the smallest wrapping tradeValue, r - (2^64 - cap - 1), the bottom of the interval the issue names', async () => {
    const s = makeScenario({ attributes: { tradeLimit: '100.00' } });
    const bottom = R - (TWO_64 - 10_000n - 1n);
    await preFixAcceptsRealRefuses(
      'session cap bypass: tradeValue = r - (2^64 - cap - 1)',
      { ...s.input, tradeValue: bottom },
      'main.valueRange',
    );
    // one below the interval the pre-fix comparator itself refused (its 65-bit decomposition fails)
    const [preFix, attacker] = await Promise.all([preFixCircuit(), attackerCircuit()]);
    const below = preFix.judge(preFix.project(await attacker.witness({ ...s.input, tradeValue: bottom - 1n })));
    expectRefusedOnlyBy('tradeValue = r - (2^64 - cap) (pre-fix circuit)', below, 'main.withinCap');
  });

  it('refuses tradeValue = 2^64 when the policy sets no trade cap (nothing else compared it)', async () => {
    const s = makeScenario({ policy: { predicates: [{ slot: 5, op: 'gte', value: 2n }] } });
    await preFixAcceptsRealRefuses('tradeValue = 2^64, no cap', { ...s.input, tradeValue: TWO_64 }, 'main.valueRange');
  });

  it('refuses an issuer-signed attribute at r - 1 that wraps a predicate (birthYear = r - 1 passes lte 2007)', async () => {
    const s = makeScenario({ policy: { predicates: [{ slot: BIRTH_YEAR_SLOT, op: 'lte', value: 2007n }] } });
    await preFixAcceptsRealRefuses(
      'attribute wrap: birthYear = r - 1, lte 2007',
      resigned(s, { [BIRTH_YEAR_SLOT]: R - 1n }),
      `main.attrRange[${BIRTH_YEAR_SLOT - 2}]`,
    );
  });

  it('refuses an issuer-signed expiresAt = 2^64 (the pre-fix window compared it modulo 2^64: never expires)', async () => {
    const s = makeScenario();
    await preFixAcceptsRealRefuses('expiresAt = 2^64', resigned(s, { 4: TWO_64 }), 'main.attrRange[2]');
  });

  it('now >= 2^64 was already refused by the validity window; the range check refuses it first-hand', async () => {
    const [real, preFix, attacker] = await Promise.all([realCircuit(), preFixCircuit(), attackerCircuit()]);
    const s = makeScenario();
    for (const [label, now] of [
      ['r - 1', R - 1n],
      ['2^64', TWO_64],
    ] as const) {
      const forged = await attacker.witness({ ...s.input, now });
      expectRefusedBy(
        `now = ${label} (pre-fix circuit)`,
        preFix.judge(preFix.project(forged)),
        now === TWO_64 ? 'main.notExpired' : 'main.started',
      );
      expectRefusedBy(`now = ${label}`, real.judge(real.project(forged)), 'main.nowRange');
    }
    expect(NOW < TWO_64).toBe(true);
  });
});
