/**
 * Values the circuit derives with `<--` (one-hot selectors, bit decompositions, IsZero inverses,
 * comparator internals) chosen by the prover instead. For each: the honest prover cannot make a
 * witness; the attacker variant forges that one hint (and computes everything else honestly from
 * it), and the real R1CS refuses its witness in the constraints that pin the hint, and nowhere
 * else: the forgery fools every other check, so that constraint is what stands in the way.
 * Also: every comparator input one past its range (2^64), as an issuer-signed attribute.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encodePolicy } from '../../src/zk/circuit-policy.js';
import type { StatementInput } from '../../src/zk/statement.js';
import { NOW, makeScenario } from '../support/scenario.js';
import type { Attack } from './support/attacker.js';
import {
  R,
  TWO_64,
  attackerCircuit,
  expectHonestProverRefuses,
  expectRefusedBy,
  expectRefusedOnlyBy,
  loadCircuits,
  realCircuit,
  resigned,
} from './support/suite.js';

beforeAll(() => loadCircuits());

const PREDICATES = Array.from({ length: 8 }, (_, k) => `main.pred[${k}]`);
const KYC_LEVEL = 5; // 2 in the scenario's credential
const JURISDICTION = 6; // 276
const SANCTIONS_SCREENED_AT = 10; // 1_764_547_200: larger than any bound below
const LIMIT = 100_000_000n; // the scenario's tradeLimit, 1,000,000.00 in hundredths
const REVOKED = 1000; // revoked in the scenario's status bitmap (leaf 0, word 7, bit 104)
/** Added to a comparator's 65-bit difference: claims in[0] < in[1] when it is not. */
const CLAIM_LESS = R - TWO_64;
/** ... and claims in[0] >= in[1] when it is not. */
const CLAIM_NOT_LESS = TWO_64;

async function forgedAndRefused(name: string, input: StatementInput, attack: Attack, value: bigint, ...only: string[]) {
  const [real, attacker] = await Promise.all([realCircuit(), attackerCircuit()]);
  await expectHonestProverRefuses(input);
  const j = real.judge(real.project(await attacker.witness(input, { attack, value })));
  expectRefusedOnlyBy(name, j, ...only);
  return j;
}

describe('derived values chosen by the prover', () => {
  // --O2 substitutes op.out[0] by chosen[0] (their constraint is linear when r[0] = 1), so the
  // refusing constraint reads Predicate 0's own signals and its header bits
  it('refuses an operator code chosen by the prover (op "none" for kycLevel >= 3): Predicate 0', async () => {
    const { input } = makeScenario({ policy: { predicates: [{ slot: KYC_LEVEL, op: 'gte', value: 3n }] } });
    await forgedAndRefused('operator forged to none (kycLevel gte 3)', input, 'predicateOperator', 0n, 'main.pred[0]');
  });

  it('refuses a slot index chosen by the prover (sanctionsScreenedAt compared instead of kycLevel): Predicate.slot', async () => {
    const { input } = makeScenario({ policy: { predicates: [{ slot: KYC_LEVEL, op: 'gte', value: 3n }] } });
    const j = await forgedAndRefused(
      'slot forged to 10 (kycLevel gte 3)',
      input,
      'predicateSlot',
      BigInt(SANCTIONS_SCREENED_AT),
      ...PREDICATES.map((p) => `${p}.slot`),
    );
    expect(j.refusedBy('main.pred[0].slot')).toBe(true);
  });

  it('refuses set membership claimed by a forged IsZero inverse (276 "in" {40, 250}): Predicate.inSet', async () => {
    const { input } = makeScenario({ policy: { predicates: [{ slot: JURISDICTION, op: 'in', values: [40n, 250n] }] } });
    const j = await forgedAndRefused(
      'set membership forged (276 in {40, 250})',
      input,
      'setMembership',
      0n,
      ...PREDICATES.map((p) => `${p}.inSet`),
    );
    expect(j.refusedBy('main.pred[0].inSet')).toBe(true);
  });

  it('refuses a trade-cap slot chosen by the prover (sanctionsScreenedAt as the limit): capSlot', async () => {
    const { input } = makeScenario({ tradeValue: LIMIT + 1n });
    await forgedAndRefused(
      'cap slot forged to 10 (tradeValue = limit + 1)',
      input,
      'capSlot',
      BigInt(SANCTIONS_SCREENED_AT),
      'main.capSlot',
    );
  });

  // the selector's out[0] is substituted into the Pick that reads it: the refusing constraint reads
  // the word Pick and the index bits
  it('refuses a status word chosen by the prover (word 0 read for revoked credential 1000): NotRevoked word select', async () => {
    const { input } = makeScenario({ credentialIndex: REVOKED });
    await forgedAndRefused(
      'status word forged to 0 (credential 1000 revoked)',
      input,
      'statusWord',
      0n,
      'main.status.word',
      'main.status.wordSel',
    );
  });

  it('refuses a bitmap index chosen by the prover (bit 1001 read for revoked credential 1000): NotRevoked.idx', async () => {
    const { input } = makeScenario({ credentialIndex: REVOKED });
    await forgedAndRefused(
      'status bit index forged to 1001 (credential 1000 revoked)',
      input,
      'statusIndex',
      1n,
      'main.status.idx',
    );
  });

  it('refuses a Merkle path position chosen by the prover (leaf 1 opened for credential 1000 in leaf 0): NotRevoked.idx', async () => {
    const s = makeScenario({ credentialIndex: REVOKED });
    const input = { ...s.input, status: s.status.witness(REVOKED + 1024) };
    await forgedAndRefused(
      'status leaf position forged (leaf 1 for credential 1000)',
      input,
      'statusIndex',
      1024n,
      'main.status.idx',
    );
  });

  it('refuses a forged "now < expiresAt" decomposition for an expired credential: notExpired', async () => {
    const { input } = makeScenario({ expiresAt: Number(NOW) });
    await forgedAndRefused(
      'validity comparator forged (now == expiresAt)',
      input,
      'notExpired',
      CLAIM_LESS,
      'main.notExpired',
    );
  });

  it('refuses a forged "issuedAt <= now" decomposition for a credential issued one second later: started', async () => {
    const { input } = makeScenario({ issuedAt: Number(NOW) + 1 });
    await forgedAndRefused(
      'validity comparator forged (issuedAt == now + 1)',
      input,
      'started',
      CLAIM_LESS,
      'main.started',
    );
  });

  it('refuses a forged "x < lo" decomposition (kycLevel 2 "lt" 2): Predicate.ltLo', async () => {
    const { input } = makeScenario({ policy: { predicates: [{ slot: KYC_LEVEL, op: 'lt', value: 2n }] } });
    const j = await forgedAndRefused(
      'predicate comparator forged (kycLevel 2 lt 2)',
      input,
      'predicateBelow',
      CLAIM_LESS,
      ...PREDICATES.map((p) => `${p}.ltLo`),
    );
    expect(j.refusedBy('main.pred[0].ltLo')).toBe(true);
  });

  it('refuses a forged "hi < x" decomposition (kycLevel 2 "between" 0 and 1): Predicate.gtHi', async () => {
    const { input } = makeScenario({ policy: { predicates: [{ slot: KYC_LEVEL, op: 'between', lo: 0n, hi: 1n }] } });
    const j = await forgedAndRefused(
      'predicate comparator forged (kycLevel 2 between 0 and 1)',
      input,
      'predicateAbove',
      CLAIM_NOT_LESS,
      ...PREDICATES.map((p) => `${p}.gtHi`),
    );
    expect(j.refusedBy('main.pred[0].gtHi')).toBe(true);
  });

  it('refuses a forged "tradeValue <= cap" decomposition one over the limit: withinCap', async () => {
    const { input } = makeScenario({ tradeValue: LIMIT + 1n });
    await forgedAndRefused(
      'cap comparator forged (tradeValue = limit + 1)',
      input,
      'withinCap',
      CLAIM_LESS,
      'main.withinCap',
    );
  });
});

describe('comparator inputs one past their range', () => {
  // Slots 2..15 reach a comparator (slot 2 the status index decomposition); an issuer signs 2^64.
  for (let slot = 2; slot < 16; slot++) {
    it(`refuses attribute slot ${slot} = 2^64 in attrRange[${slot - 2}]`, async () => {
      const [real, attacker] = await Promise.all([realCircuit(), attackerCircuit()]);
      const input = resigned(makeScenario(), { [slot]: TWO_64 });
      const j = real.judge(real.project(await attacker.witness(input)));
      expectRefusedBy(
        `attribute slot ${slot} = 2^64`,
        j,
        `main.attrRange[${slot - 2}]`,
        ...(slot === 2 ? ['main.status.idx'] : []),
      );
    });
  }

  it('refuses issuerIndex one past its 6-bit range (64 issuers) in the index decomposition', async () => {
    const real = await realCircuit();
    const { input } = makeScenario({ issuerPosition: 2 });
    const w = real.tampered(await real.witness(input), { 'main.issuerIndex': 2n + 64n });
    expectRefusedOnlyBy('issuerIndex = position + 64', real.judge(w), 'main.ib');
  });

  it('policy constants are not range-checked in the circuit: encodePolicy refuses 2^64, and policyHash binds the rest', () => {
    expect(() => encodePolicy({ predicates: [{ slot: KYC_LEVEL, op: 'lte', value: TWO_64 }] })).toThrow(RangeError);
    expect(() => encodePolicy({ predicates: [{ slot: KYC_LEVEL, op: 'in', values: [TWO_64] }] })).toThrow(RangeError);
  });
});
