/**
 * The policy circuit accepts exactly the honest statements: every clause is probed at its bound and
 * one past it. Each refusal is checked twice: the clear-text preflight names the clause by code, and
 * the circuit itself (preflight off) refuses to produce a witness.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  IssuerSet,
  StatusBitmap,
  assertSatisfiable,
  assertStatement,
  babyJubPublicKey,
  encodePolicy,
  policyHash,
  randomBabyJubPrivateKey,
  releaseCurves,
  type EncodePolicyInput,
  type Predicate,
} from '../../src/zk/index.js';
import { isVouchError } from '../../src/errors/index.js';
import { NOW, makeScenario, type ScenarioOptions } from '../support/scenario.js';

afterAll(releaseCurves);

async function expectAccepted(o: ScenarioOptions | ReturnType<typeof makeScenario>['input']) {
  const input = 'holderSecret' in o ? o : makeScenario(o).input;
  expect(() => assertStatement(input)).not.toThrow();
  await expect(assertSatisfiable(input)).resolves.toBeUndefined();
}

async function expectRefused(o: ScenarioOptions | ReturnType<typeof makeScenario>['input'], code: string) {
  const input = 'holderSecret' in o ? o : makeScenario(o).input;
  let thrown: unknown;
  try {
    assertStatement(input);
  } catch (err) {
    thrown = err;
  }
  expect(isVouchError(thrown) && thrown.code).toBe(code);
  await expect(assertSatisfiable(input)).rejects.toMatchObject({ code: 'WITNESS_UNSATISFIED' });
}

const onKycLevel = (p: Predicate): EncodePolicyInput => ({ predicates: [p] });
// kycLevel is 2 in the default credential: every bound below is placed at 2 or one past it.
const KYC = 5;

describe('policy circuit: predicates at and one past each bound', () => {
  const cases: [string, Predicate, boolean][] = [
    ['eq at the value', { slot: KYC, op: 'eq', value: 2n }, true],
    ['eq one past', { slot: KYC, op: 'eq', value: 3n }, false],
    ['ne at the value', { slot: KYC, op: 'ne', value: 2n }, false],
    ['ne one past', { slot: KYC, op: 'ne', value: 3n }, true],
    ['lt one past the bound', { slot: KYC, op: 'lt', value: 3n }, true],
    ['lt at the bound', { slot: KYC, op: 'lt', value: 2n }, false],
    ['lte at the bound', { slot: KYC, op: 'lte', value: 2n }, true],
    ['lte one past', { slot: KYC, op: 'lte', value: 1n }, false],
    ['gt one past the bound', { slot: KYC, op: 'gt', value: 1n }, true],
    ['gt at the bound', { slot: KYC, op: 'gt', value: 2n }, false],
    ['gte at the bound', { slot: KYC, op: 'gte', value: 2n }, true],
    ['gte one past', { slot: KYC, op: 'gte', value: 3n }, false],
    ['between at the lower bound', { slot: KYC, op: 'between', lo: 2n, hi: 5n }, true],
    ['between at the upper bound', { slot: KYC, op: 'between', lo: 0n, hi: 2n }, true],
    ['between one past the lower bound', { slot: KYC, op: 'between', lo: 3n, hi: 5n }, false],
    ['between one past the upper bound', { slot: KYC, op: 'between', lo: 0n, hi: 1n }, false],
    ['notbetween one past the lower bound', { slot: KYC, op: 'notbetween', lo: 3n, hi: 5n }, true],
    ['notbetween one past the upper bound', { slot: KYC, op: 'notbetween', lo: 0n, hi: 1n }, true],
    ['notbetween at the lower bound', { slot: KYC, op: 'notbetween', lo: 2n, hi: 5n }, false],
    ['notbetween at the upper bound', { slot: KYC, op: 'notbetween', lo: 0n, hi: 2n }, false],
    ['in with the value', { slot: KYC, op: 'in', values: [1n, 2n] }, true],
    ['in without the value', { slot: KYC, op: 'in', values: [1n, 3n] }, false],
    ['nin without the value', { slot: KYC, op: 'nin', values: [1n, 3n] }, true],
    ['nin with the value', { slot: KYC, op: 'nin', values: [2n] }, false],
  ];
  for (const [name, predicate, holds] of cases) {
    it(`${holds ? 'accepts' : 'refuses'} ${name}`, async () => {
      if (holds) await expectAccepted({ policy: onKycLevel(predicate) });
      else await expectRefused({ policy: onKycLevel(predicate) }, 'POLICY_UNSATISFIED');
    });
  }

  // a 32-value set: jurisdiction 276 is the last member, then absent
  const many = Array.from({ length: 31 }, (_, i) => BigInt(100 + i));
  it('accepts membership in a 32-value set (value in the last selected pool entry)', async () => {
    await expectAccepted({ policy: { predicates: [{ slot: 6, op: 'in', values: [...many, 276n] }] } });
  });
  it('refuses a 31-value set that lacks the value', async () => {
    await expectRefused({ policy: { predicates: [{ slot: 6, op: 'in', values: many }] } }, 'POLICY_UNSATISFIED');
  });
  it('refuses nin over 17 values when the value is the last one', async () => {
    await expectRefused(
      { policy: { predicates: [{ slot: 6, op: 'nin', values: [...many.slice(0, 16), 276n] }] } },
      'POLICY_UNSATISFIED',
    );
  });
  it('accepts eight predicates at once, several sharing the pool', async () => {
    await expectAccepted({
      policy: {
        predicates: [
          { slot: 5, op: 'gte', value: 2n },
          { slot: 6, op: 'in', values: [40n, 276n, 250n] },
          { slot: 6, op: 'nin', values: [408n, 364n] },
          { slot: 7, op: 'in', values: [2n, 3n] },
          { slot: 8, op: 'lte', value: 2007n },
          { slot: 9, op: 'eq', value: 1n },
          { slot: 10, op: 'gte', value: 1_764_547_200n },
          { slot: 11, op: 'between', lo: 1n, hi: 10n ** 12n },
        ],
        tradeCapSlot: 11,
      },
    });
  });
  it('treats unused predicate slots as no-ops (an empty policy accepts any valid credential)', async () => {
    await expectAccepted({ policy: { predicates: [] } });
  });
  it('refuses a policy that fails only in its eighth predicate', async () => {
    const preds: Predicate[] = Array.from({ length: 7 }, () => ({ slot: KYC, op: 'gte', value: 1n }) as Predicate);
    await expectRefused(
      { policy: { predicates: [...preds, { slot: KYC, op: 'gte', value: 3n }] } },
      'POLICY_UNSATISFIED',
    );
  });
});

describe('policy circuit: trade cap, validity window, issuer, signature, revocation', () => {
  it('accepts tradeValue equal to the per-trade limit', () => expectAccepted({ tradeValue: 100_000_000n }));
  it('refuses tradeValue one above the per-trade limit', () =>
    expectRefused({ tradeValue: 100_000_001n }, 'TRADE_VALUE_EXCEEDS_LIMIT'));
  it('ignores tradeValue when the policy sets no cap', () =>
    expectAccepted({ tradeValue: 10n ** 15n, policy: { predicates: [] } }));

  it('accepts now == issuedAt', () => expectAccepted({ issuedAt: Number(NOW) }));
  it('refuses now == issuedAt - 1 (not yet valid)', () =>
    expectRefused({ issuedAt: Number(NOW) + 1 }, 'CREDENTIAL_NOT_YET_VALID'));
  it('accepts now == expiresAt - 1', () => expectAccepted({ expiresAt: Number(NOW) + 1 }));
  it('refuses now == expiresAt (expired)', () => expectRefused({ expiresAt: Number(NOW) }, 'CREDENTIAL_EXPIRED'));

  it('accepts an issuer at the last position of a full 64-issuer set', () =>
    expectAccepted({ otherIssuers: 63, issuerPosition: 63 }));
  it('refuses an issuer that is not in the verifier’s set', async () => {
    const s = makeScenario();
    const stranger = new IssuerSet([
      { publicKey: babyJubPublicKey(randomBabyJubPrivateKey()), statusRoot: new StatusBitmap().root },
    ]);
    await expectRefused({ ...s.input, issuer: { ...s.input.issuer, setRoot: stranger.root } }, 'ISSUER_NOT_IN_SET');
  });
  it('refuses an issuer listed with a different (stale) status root', async () => {
    const s = makeScenario();
    const stale = StatusBitmap.fromRevoked([3]);
    await expectRefused(
      { ...s.input, issuer: { ...s.input.issuer, statusRoot: stale.root }, status: stale.witness(7) },
      'ISSUER_NOT_IN_SET',
    );
  });
  it('refuses a wrong signature (S changed)', async () => {
    const s = makeScenario();
    const sig = { ...s.input.credential.signature, S: s.input.credential.signature.S + 1n };
    await expectRefused(
      { ...s.input, credential: { ...s.input.credential, signature: sig } },
      'CREDENTIAL_SIGNATURE_INVALID',
    );
  });
  it('refuses attributes changed after signing (kycLevel raised)', async () => {
    const s = makeScenario();
    const slots = [...s.slots];
    slots[5] = 3n;
    await expectRefused({ ...s.input, credential: { ...s.input.credential, slots } }, 'CREDENTIAL_SIGNATURE_INVALID');
  });
  it('refuses a revoked credential', () => expectRefused({ credentialIndex: 1000 }, 'CREDENTIAL_REVOKED'));
  it('accepts the neighbour of a revoked credential', () => expectAccepted({ credentialIndex: 1001 }));
  it('accepts the highest credential index 2^20 - 1', () => expectAccepted({ credentialIndex: 2 ** 20 - 1 }));
  it('refuses a holder secret that is not the credential subject', async () => {
    const s = makeScenario();
    await expectRefused({ ...s.input, holderSecret: s.input.holderSecret + 1n }, 'CREDENTIAL_NOT_HOLDERS');
  });
  it('binds the policy: a different predicate set yields a different policyHash', () => {
    const a = policyHash(encodePolicy({ predicates: [{ slot: 5, op: 'gte', value: 2n }] }));
    const b = policyHash(encodePolicy({ predicates: [{ slot: 5, op: 'gte', value: 1n }] }));
    const c = policyHash(encodePolicy({ predicates: [{ slot: 5, op: 'gte', value: 2n }], tradeCapSlot: 11 }));
    expect(new Set([a, b, c]).size).toBe(3);
  });
});
