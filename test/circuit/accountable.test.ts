/**
 * Soundness of the accountable variant (circuits/policy-accountable.circom) on its real R1CS:
 * identity escrow (the ciphertext is of the credential's own escrow identity, under the public
 * committee key, with one randomness) and the private cumulative limit (the old commitment opens,
 * totals stay below 2^64 and the cap, the period nullifier is the holder's). Each forged witness
 * is computed in full by the attacker variant (assertions stripped) and judged by the real
 * constraints; the case passes only if they refuse it, in the component that owns the check.
 * The honest witness is cross-checked against the committee's reference encryption (src/escrow).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { accountableCircuitInput, runningTotalCommitment, type AccountableInput } from '../../src/zk/accountable.js';
import { encodePolicy, type EncodePolicyInput } from '../../src/zk/circuit-policy.js';
import { FIELD_MODULUS, randomFieldElement } from '../../src/zk/field.js';
import type { StatementInput } from '../../src/zk/statement.js';
import { encryptEscrowIdentity } from '../../src/escrow/encrypt.js';
import { affine, mul, mulG, randomScalar } from '../../src/escrow/lib/curve.js';
import { DEFAULT_POLICY, makeScenario } from '../support/scenario.js';
import { AttackerCircuit, RealCircuit, type Forgery } from './support/harness.js';
import { expectRefusedBy, expectRefusedOnlyBy, expectSatisfied } from './support/suite.js';

const TWO_64 = 1n << 64n;
const COMMITTEE_SECRET = randomScalar();
const COMMITTEE_KEY = affine(mulG(COMMITTEE_SECRET));
const ISSUER_POSITION = 3;
const CREDENTIAL_INDEX = 4242;

let real: RealCircuit;
let attacker: AttackerCircuit;
// a cold cache builds the variant (2^15 dev ceremony) and compiles both: minutes on a busy machine
beforeAll(async () => {
  [real, attacker] = await Promise.all([
    RealCircuit.load('policy-accountable'),
    AttackerCircuit.load('policy-accountable'),
  ]);
}, 60 * 60_000);

function scenario(policy: Partial<EncodePolicyInput> = {}, tradeValue = 30_000_000n) {
  const s = makeScenario({
    issuerPosition: ISSUER_POSITION,
    credentialIndex: CREDENTIAL_INDEX,
    tradeValue,
    policy: { ...DEFAULT_POLICY, escrow: true, cumulativeCap: { slot: 11 }, ...policy },
  });
  return s;
}

function accountable(o: { old?: { total: bigint; salt: bigint }; r?: bigint } = {}): AccountableInput {
  return {
    escrow: { publicKey: COMMITTEE_KEY, randomness: o.r ?? randomScalar() },
    limit: {
      periodScope: randomFieldElement(),
      ...(o.old ? { old: { ...o.old, commitment: runningTotalCommitment(o.old) } } : {}),
      newSalt: randomFieldElement(),
    },
  };
}

const signal = (w: readonly bigint[], name: string) => w[real.wireOf(name)]!;

async function forged(
  name: string,
  input: StatementInput,
  a: AccountableInput,
  forge: Forgery,
  ...components: string[]
) {
  const j = real.judge(real.project(await attacker.witnessOf(accountableCircuitInput(input, a), forge)));
  expectRefusedOnlyBy(name, j, ...components);
  return j;
}

describe('accountable circuit: honest proofs', () => {
  it('accepts an honest witness whose ciphertext is the committee’s reference encryption of (issuer index, credential index)', async () => {
    const s = scenario();
    const r = randomScalar();
    const a = accountable({ r });
    const w = await real.witnessOf(accountableCircuitInput(s.input, a));
    expectSatisfied('honest accountable witness', real.judge(w));
    const ref = encryptEscrowIdentity({
      publicKey: mulG(COMMITTEE_SECRET),
      identity: { issuerIndex: ISSUER_POSITION, credentialIndex: CREDENTIAL_INDEX },
      randomness: r,
    });
    const [c1, c2] = [affine(ref.c1), affine(ref.c2)];
    expect([
      signal(w, 'main.escrowC1[0]'),
      signal(w, 'main.escrowC1[1]'),
      signal(w, 'main.escrowC2[0]'),
      signal(w, 'main.escrowC2[1]'),
    ]).toEqual([c1.x, c1.y, c2.x, c2.y]);
    // and the committee key opens it: C2 - sk·C1 = m·G
    const m = BigInt(ISSUER_POSITION) * (1n << 20n) + BigInt(CREDENTIAL_INDEX);
    expect(affine(ref.c2.subtract(mul(ref.c1, COMMITTEE_SECRET)))).toEqual(affine(mulG(m)));
  });

  it('the attacker variant forging nothing computes a witness the real R1CS accepts (the forgeries below are honest but for one change)', async () => {
    const s = scenario();
    expectSatisfied(
      'attacker, nothing forged',
      real.judge(
        real.project(
          await attacker.witnessOf(
            accountableCircuitInput(s.input, accountable({ old: { total: 5_000_000n, salt: randomFieldElement() } })),
          ),
        ),
      ),
    );
  });

  // A policy with neither feature is the base circuit's (its policyHash is the bare predicates
  // hash, which this circuit never outputs), so each switch is tested with the other one on.
  it('a policy without escrow outputs the identity ciphertext (0, 1), (0, 1), whatever the key', async () => {
    const s = scenario({ escrow: false });
    const w = await real.witnessOf(accountableCircuitInput(s.input, accountable()));
    expectSatisfied('escrow off', real.judge(w));
    expect([
      signal(w, 'main.escrowC1[0]'),
      signal(w, 'main.escrowC1[1]'),
      signal(w, 'main.escrowC2[0]'),
      signal(w, 'main.escrowC2[1]'),
    ]).toEqual([0n, 1n, 0n, 1n]);
    expect(signal(w, 'main.periodNullifier')).not.toBe(0n);
  });

  it('a policy without a cumulative limit outputs zero for the period nullifier and the new commitment', async () => {
    const s = scenario({ cumulativeCap: undefined });
    const w = await real.witnessOf(accountableCircuitInput(s.input, accountable()));
    expectSatisfied('limit off', real.judge(w));
    expect([signal(w, 'main.periodNullifier'), signal(w, 'main.newCommitment')]).toEqual([0n, 0n]);
    expect(signal(w, 'main.escrowC1[0]')).not.toBe(0n);
  });
});

describe('accountable circuit: escrow', () => {
  it('refuses a ciphertext of an escrow identity that is not the credential’s (m chosen freely)', async () => {
    const s = scenario();
    await forged(
      'escrow of another identity',
      s.input,
      accountable(),
      { attack: 'escrowIdentity', value: 1n },
      'main.escrow',
      'main',
    );
  });

  it('refuses C2 computed with another randomness than C1', async () => {
    const s = scenario();
    await forged(
      'C2 under another randomness',
      s.input,
      accountable(),
      { attack: 'escrowRandomness', value: randomScalar() },
      'main.escrow',
    );
  });

  it('refuses a ciphertext encrypted to a key other than the public committee key (G, whose secret is 1)', async () => {
    const s = scenario();
    await forged('encrypted to another key', s.input, accountable(), { attack: 'escrowKey' }, 'main.escrow');
  });

  it('refuses a ciphertext output that does not match r, PK and m', async () => {
    const s = scenario();
    const w = await real.witnessOf(accountableCircuitInput(s.input, accountable()));
    const j = real.judge(real.tampered(w, { 'main.escrowC2[0]': randomFieldElement() }));
    expectRefusedOnlyBy('ciphertext output tampered', j, 'main', 'main.escrow');
  });

  it('refuses the identity as committee key (C2 would be the plaintext m·G)', async () => {
    const s = scenario();
    const a = accountable();
    a.escrow!.publicKey = { x: 0n, y: 1n };
    await forged('identity committee key', s.input, a, {}, 'main.escrow.pkIsZero', 'main.escrow');
  });

  it('refuses a committee key that is not on the curve', async () => {
    const s = scenario();
    const a = accountable();
    a.escrow!.publicKey = { x: COMMITTEE_KEY.x, y: (COMMITTEE_KEY.y + 1n) % FIELD_MODULUS };
    const j = real.judge(real.project(await attacker.witnessOf(accountableCircuitInput(s.input, a))));
    expectRefusedBy('committee key off the curve', j, 'main.escrow.onCurve');
  });
});

describe('accountable circuit: cumulative limit', () => {
  const CAP = 100_000_000n; // the scenario credential's tradeLimit (slot 11)

  it('accepts the first trade of a period (empty commitment) and a later one that reaches the cap exactly', async () => {
    const s = scenario({}, 30_000_000n);
    expectSatisfied('first trade', real.judge(await real.witnessOf(accountableCircuitInput(s.input, accountable()))));
    const old = { total: CAP - 30_000_000n, salt: randomFieldElement() };
    expectSatisfied(
      'trade up to the cap',
      real.judge(await real.witnessOf(accountableCircuitInput(s.input, accountable({ old })))),
    );
  });

  it('refuses old total + trade value above the cap (one past it)', async () => {
    const s = scenario({}, 30_000_000n);
    const old = { total: CAP - 30_000_000n + 1n, salt: randomFieldElement() };
    await forged(
      'running total one past the cap',
      s.input,
      accountable({ old }),
      { attack: 'limitWithinCap', value: -TWO_64 },
      'main.limit.within',
      'main.limit',
    );
  });

  it('refuses a fixed-amount cap exceeded (cap bound by policyHash, not the credential)', async () => {
    const s = scenario({ cumulativeCap: { amount: 50_000_000n } }, 30_000_000n);
    const old = { total: 20_000_001n, salt: randomFieldElement() };
    await forged(
      'fixed cap one past',
      s.input,
      accountable({ old }),
      { attack: 'limitWithinCap', value: -TWO_64 },
      'main.limit.within',
      'main.limit',
    );
  });

  it('refuses a running total that would reach 2^64 (overflow)', async () => {
    const s = scenario({ cumulativeCap: { amount: TWO_64 - 1n } }, 30_000_000n);
    const old = { total: TWO_64 - 1n, salt: randomFieldElement() };
    const j = real.judge(
      real.project(
        await attacker.witnessOf(accountableCircuitInput(s.input, accountable({ old })), {
          attack: 'limitWithinCap',
          value: -TWO_64,
        }),
      ),
    );
    expectRefusedBy('running total overflows 2^64', j, 'main.limit.newRange');
  });

  it('refuses an old total that wraps modulo r (p - 10 + 30M = a small total)', async () => {
    const s = scenario({}, 30_000_000n);
    const old = { total: FIELD_MODULUS - 10n, salt: randomFieldElement() };
    const j = real.judge(
      real.project(await attacker.witnessOf(accountableCircuitInput(s.input, accountable({ old })))),
    );
    expectRefusedBy('old total wraps modulo r', j, 'main.limit.oldRange');
  });

  it('refuses a wrong opening of the old commitment (another salt)', async () => {
    const s = scenario();
    const a = accountable({ old: { total: 1_000n, salt: randomFieldElement() } });
    a.limit!.old!.salt += 1n;
    await forged('wrong old opening', s.input, a, {}, 'main.limit');
  });

  it('refuses the empty commitment opened to a non-zero total (a reset of the period is not forgeable)', async () => {
    const s = scenario();
    const a = accountable();
    a.limit!.old = { commitment: 0n, total: 1_000n, salt: 0n };
    // opening "0" to 1000 makes the new total larger, never smaller; the point is it is refused
    await forged('empty commitment with a total', s.input, a, {}, 'main.limit');
  });

  it('refuses a period nullifier not bound to the holder (another secret)', async () => {
    const s = scenario();
    await forged(
      'period nullifier of another secret',
      s.input,
      accountable(),
      { attack: 'periodNullifierSecret', value: randomFieldElement() },
      'main.limit.nf',
      'main.limit',
    );
  });

  it('refuses a tampered new-commitment output (not Poseidon(old + value, salt))', async () => {
    const s = scenario();
    const w = await real.witnessOf(accountableCircuitInput(s.input, accountable()));
    expectRefusedOnlyBy(
      'new commitment tampered',
      real.judge(real.tampered(w, { 'main.newCommitment': randomFieldElement() })),
      'main',
      'main.limit',
    );
  });
});
