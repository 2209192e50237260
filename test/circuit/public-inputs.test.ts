/**
 * Every public signal at r - 1, at 2^64 and at its largest legal value. Written into an honest
 * witness each must be refused by the check that reads it; computed consistently by the attacker
 * (every other wire matching) the hash-bound ones are refused by their hash alone; at the largest
 * legal value the honest witness satisfies every constraint (a range check one bit too tight would
 * refuse an honest holder).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encodePolicy, policyHash } from '../../src/zk/circuit-policy.js';
import { nullifierOf } from '../../src/zk/statement.js';
import { makeScenario } from '../support/scenario.js';
import {
  MAX_64,
  R,
  TWO_64,
  attackerCircuit,
  expectRefusedBy,
  expectRefusedOnlyBy,
  expectSatisfied,
  loadCircuits,
  realCircuit,
  resigned,
} from './support/suite.js';

beforeAll(() => loadCircuits());

/** The component that reads each public signal (the one that must refuse a foreign value). */
const READER: Record<string, string> = {
  nullifier: 'main.nf',
  issuerSetRoot: 'main.issuers',
  now: 'main.nowRange',
  policyHash: 'main.commit',
  tradeHash: 'main', // tradeHashSquared
  tradeValue: 'main.valueRange',
  scope: 'main.nf',
};

describe('public signals written into an honest witness', () => {
  let honest: Promise<bigint[]> | undefined;
  const honestWitness = async () => (honest ??= realCircuit().then((c) => c.witness(makeScenario().input)));
  for (const [signal, reader] of Object.entries(READER)) {
    for (const [label, value] of [
      ['r - 1', R - 1n],
      ['2^64', TWO_64],
    ] as const) {
      it(`refuses ${signal} = ${label} in ${reader}`, async () => {
        const real = await realCircuit();
        const w = real.tampered(await honestWitness(), { [`main.${signal}`]: value });
        expectRefusedBy(`${signal} = ${label} written into the honest witness`, real.judge(w), reader);
      });
    }
  }
});

describe('public signals the attacker computes a whole witness around', () => {
  it('refuses issuerSetRoot = r - 1 and 2^64 only where the issuer path is hashed to the root', async () => {
    const [real, attacker] = await Promise.all([realCircuit(), attackerCircuit()]);
    const { input } = makeScenario();
    for (const [label, root] of [
      ['r - 1', R - 1n],
      ['2^64', TWO_64],
    ] as const) {
      const forged = await attacker.witness({ ...input, issuer: { ...input.issuer, setRoot: root } });
      expectRefusedOnlyBy(
        `issuerSetRoot = ${label}, witness consistent`,
        real.judge(real.project(forged)),
        'main.issuers',
      );
    }
  });

  it('refuses policyHash = r - 1 and 2^64 only in the policy commitment', async () => {
    const [real, attacker] = await Promise.all([realCircuit(), attackerCircuit()]);
    const { input } = makeScenario();
    for (const [label, hash] of [
      ['r - 1', R - 1n],
      ['2^64', TWO_64],
    ] as const) {
      const forged = await attacker.witness(input, { set: { policyHash: hash } });
      expectRefusedOnlyBy(`policyHash = ${label}, witness consistent`, real.judge(real.project(forged)), 'main.commit');
    }
  });

  it('refuses tradeValue = 2^64 under a cap in the range check and the cap comparison', async () => {
    const [real, attacker] = await Promise.all([realCircuit(), attackerCircuit()]);
    const forged = await attacker.witness({ ...makeScenario().input, tradeValue: TWO_64 });
    expectRefusedBy(
      'tradeValue = 2^64 with a cap, witness consistent',
      real.judge(real.project(forged)),
      'main.valueRange',
      'main',
    );
  });
});

describe('public signals at their largest legal value', () => {
  it('accepts tradeHash = r - 1 and scope = r - 1 (any field element binds a trade or a scope)', async () => {
    const real = await realCircuit();
    const { input } = makeScenario();
    const w = await real.witness({ ...input, tradeHash: R - 1n, scope: R - 1n });
    expectSatisfied('tradeHash = r - 1, scope = r - 1', real.judge(w));
    expect(w[real.wireOf('main.nullifier')]).toBe(nullifierOf(input.holderSecret, R - 1n));
  });

  it('accepts tradeValue = 2^64 - 1, now = 2^64 - 2 and every comparable slot at its largest legal value', async () => {
    const real = await realCircuit();
    const policy = {
      predicates: [
        { slot: 5, op: 'gte', value: MAX_64 },
        { slot: 6, op: 'eq', value: MAX_64 },
        { slot: 7, op: 'between', lo: MAX_64, hi: MAX_64 },
        { slot: 8, op: 'in', values: [0n, MAX_64] },
        { slot: 9, op: 'lte', value: MAX_64 },
        { slot: 10, op: 'nin', values: [MAX_64 - 1n] },
        { slot: 12, op: 'notbetween', lo: 0n, hi: MAX_64 - 1n },
      ],
      tradeCapSlot: 11,
    } as const;
    const s = makeScenario({ policy });
    const slots: Record<number, bigint> = { 3: MAX_64 - 1n, 4: MAX_64 };
    for (let k = 5; k < 16; k++) slots[k] = MAX_64;
    const input = { ...resigned(s, slots), now: MAX_64 - 1n, tradeValue: MAX_64 };
    expect(policyHash(input.policy)).toBe(policyHash(encodePolicy(policy)));
    expectSatisfied(
      'largest legal values: tradeValue 2^64-1, now 2^64-2, slots 3..15 at 2^64-2/2^64-1',
      real.judge(await real.witness(input)),
    );
  });

  it('refuses now = 2^64 - 1 only because no expiresAt can exceed it (the range check lets it through)', async () => {
    const [real, attacker] = await Promise.all([realCircuit(), attackerCircuit()]);
    const s = makeScenario();
    const forged = await attacker.witness({ ...resigned(s, { 4: MAX_64 }), now: MAX_64 });
    expectRefusedOnlyBy('now = 2^64 - 1, expiresAt = 2^64 - 1', real.judge(real.project(forged)), 'main.notExpired');
  });
});
