/**
 * What binds the proof to one credential, one issuer, one holder, one scope and one policy. Each
 * case is a witness an attacker computes in full (the attacker variant runs none of the circuit's
 * assertions) around one substitution; the real R1CS must refuse it, and only in the check that
 * owns that binding: everything else about the forged witness is consistent.
 */
import { beforeAll, describe, it } from 'vitest';
import { encodePolicy, policyHash, type EncodePolicyInput } from '../../src/zk/circuit-policy.js';
import { randomFieldElement } from '../../src/zk/field.js';
import { nullifierOf, type StatementInput } from '../../src/zk/statement.js';
import { BABYJUB_SUBORDER, mulBase8 } from '../../src/zk/babyjub-fixed-base.js';
import { IssuerSet } from '../../src/zk/trees/issuer-set.js';
import { StatusBitmap } from '../../src/zk/trees/status-bitmap.js';
import { makeScenario } from '../support/scenario.js';
import type { Forgery } from './support/harness.js';
import {
  attackerCircuit,
  expectHonestProverRefuses,
  expectRefusedOnlyBy,
  loadCircuits,
  realCircuit,
  resigned,
} from './support/suite.js';

beforeAll(() => loadCircuits());

const KYC_LEVEL = 5; // 2 in the scenario's credential
const REVOKED = 1000;

async function refusedOnlyBy(name: string, input: StatementInput, forge: Forgery, ...components: string[]) {
  const [real, attacker] = await Promise.all([realCircuit(), attackerCircuit()]);
  await expectHonestProverRefuses(input);
  expectRefusedOnlyBy(name, real.judge(real.project(await attacker.witness(input, forge))), ...components);
}

describe('issuer and status bindings', () => {
  it('refuses the issuer-set path of another member (the credential’s issuer is not at that position)', async () => {
    const s = makeScenario({ issuerPosition: 2, otherIssuers: 5 });
    await refusedOnlyBy(
      'issuer-set path of another member',
      { ...s.input, issuer: { ...s.input.issuer, path: s.set.path(4) } },
      {},
      'main.issuers',
    );
  });

  it('refuses a trusted member’s key and path presented with this issuer’s signature', async () => {
    const s = makeScenario({ issuerPosition: 2, otherIssuers: 5 });
    const other = s.set.members[4]!;
    const input: StatementInput = {
      ...s.input,
      credential: { ...s.input.credential, issuerPublicKey: other.publicKey },
      issuer: { ...s.input.issuer, statusRoot: other.statusRoot, path: s.set.path(4) },
      status: new StatusBitmap().witness(7),
    };
    await refusedOnlyBy(
      'another member’s key with this issuer’s signature',
      input,
      { attack: 'signature' },
      'main.sig',
    );
  });

  it('refuses the status path of another credential (an unrevoked leaf opened for revoked credential 1000)', async () => {
    const s = makeScenario({ credentialIndex: REVOKED });
    await refusedOnlyBy(
      'status path of another credential (leaf 1 for 1000)',
      { ...s.input, status: s.status.witness(REVOKED + 1024) },
      {},
      'main.status.path',
    );
  });
});

describe('holder and nullifier bindings', () => {
  it('refuses a holder secret that is not the credential’s subject', async () => {
    const { input } = makeScenario();
    await refusedOnlyBy(
      'holder secret not the subject',
      { ...input, holderSecret: randomFieldElement() },
      {},
      'main.subject',
    );
  });

  it('refuses the nullifier of another secret', async () => {
    const { input } = makeScenario();
    await refusedOnlyByForgery(
      'nullifier of another secret',
      input,
      { attack: 'nullifierSecret', value: randomFieldElement() },
      'main.nf',
    );
  });

  it('refuses the nullifier of another scope (the public scope unchanged)', async () => {
    const { input } = makeScenario();
    await refusedOnlyByForgery(
      'nullifier of another scope',
      input,
      { attack: 'nullifierScope', value: input.scope + 1n },
      'main.nf',
    );
  });

  it('refuses an honest witness whose nullifier output is another secret’s', async () => {
    const real = await realCircuit();
    const { input } = makeScenario();
    const w = real.tampered(await real.witness(input), {
      'main.nullifier': nullifierOf(randomFieldElement(), input.scope),
    });
    expectRefusedOnlyBy('nullifier output of another secret', real.judge(w), 'main.nf');
  });
});

/** A forgery of a value the honest prover derives itself: there is no honest input to refuse. */
async function refusedOnlyByForgery(name: string, input: StatementInput, forge: Forgery, ...components: string[]) {
  const [real, attacker] = await Promise.all([realCircuit(), attackerCircuit()]);
  expectRefusedOnlyBy(name, real.judge(real.project(await attacker.witness(input, forge))), ...components);
}

describe('signature bindings', () => {
  it('refuses an attribute changed after signing (kycLevel 2 -> 3 for a kycLevel >= 3 policy)', async () => {
    const s = makeScenario({ policy: { predicates: [{ slot: KYC_LEVEL, op: 'gte', value: 3n }] } });
    const slots = [...s.input.credential.slots];
    slots[KYC_LEVEL] = 3n;
    const input = { ...s.input, credential: { ...s.input.credential, slots } };
    await refusedOnlyBy('attribute changed after signing', input, { attack: 'signature' }, 'main.sig');
  });

  it('refuses a signature with S changed', async () => {
    const { input } = makeScenario();
    const signature = { ...input.credential.signature, S: input.credential.signature.S + 1n };
    await refusedOnlyBy(
      'signature S changed',
      { ...input, credential: { ...input.credential, signature } },
      { attack: 'signature' },
      'main.sig',
    );
  });

  it('refuses a credential signed by an issuer key the set does not list (re-signed by a stranger)', async () => {
    const s = makeScenario();
    const stranger = makeScenario();
    const forged = resigned(stranger, {}, { ...s.input, credential: { ...s.input.credential } });
    const input = {
      ...forged,
      credential: { ...forged.credential, issuerPublicKey: stranger.input.credential.issuerPublicKey },
    };
    await refusedOnlyBy('credential signed by a key outside the set', input, {}, 'main.issuers');
  });
});

describe('issuer key binding', () => {
  // Under a small-order key A, 8·h·A is the identity, so S·Base8 = R8 holds for any message with
  // R8 = S·Base8: anyone could sign. A trusted issuer would have to publish such a key (the registry
  // takes keys from issuer-signed snapshots); the circuit still refuses it.
  it('refuses a credential "signed" under the small-order issuer key (0, 1), where anyone can sign: the verifier’s A != 0 check', async () => {
    const s = makeScenario({ policy: { predicates: [{ slot: KYC_LEVEL, op: 'gte', value: 3n }] } });
    const identity = { x: 0n, y: 1n };
    const set = new IssuerSet([{ publicKey: identity, statusRoot: s.status.root }, ...s.set.members]);
    const slots = [...s.input.credential.slots];
    slots[KYC_LEVEL] = 3n;
    const S = randomFieldElement() % BABYJUB_SUBORDER;
    const [x, y] = mulBase8(S);
    const input: StatementInput = {
      ...s.input,
      credential: { slots, issuerPublicKey: identity, signature: { R8: { x, y }, S } },
      issuer: { statusRoot: s.status.root, path: set.path(0), setRoot: set.root },
    };
    await refusedOnlyBy(
      'credential under the small-order key (0, 1)',
      input,
      { attack: 'signature' },
      'main.sig.isZero',
    );
  });
});

describe('policy binding: policyHash with the predicates changed', () => {
  // [change, the verifier's policy (the credential fails it), the prover's policy (it passes)]
  const KYC_3: EncodePolicyInput = { predicates: [{ slot: KYC_LEVEL, op: 'gte', value: 3n }], tradeCapSlot: 11 };
  const EU_2: EncodePolicyInput = { predicates: [{ slot: 6, op: 'in', values: [40n, 250n] }], tradeCapSlot: 11 };
  const variants: [string, EncodePolicyInput, EncodePolicyInput, bigint?][] = [
    [
      'bound lowered (kycLevel >= 3 -> >= 2)',
      KYC_3,
      { ...KYC_3, predicates: [{ slot: KYC_LEVEL, op: 'gte', value: 2n }] },
    ],
    [
      'operator changed (kycLevel >= 3 -> <= 3)',
      KYC_3,
      { ...KYC_3, predicates: [{ slot: KYC_LEVEL, op: 'lte', value: 3n }] },
    ],
    [
      'slot changed (kycLevel -> sanctionsScreenedAt >= 3)',
      KYC_3,
      { ...KYC_3, predicates: [{ slot: 10, op: 'gte', value: 3n }] },
    ],
    ['predicate dropped', KYC_3, { ...KYC_3, predicates: [] }],
    [
      'set value added (276 in {40, 250, 276})',
      EU_2,
      { ...EU_2, predicates: [{ slot: 6, op: 'in', values: [40n, 250n, 276n] }] },
    ],
    ['set operator changed (in -> nin)', EU_2, { ...EU_2, predicates: [{ slot: 6, op: 'nin', values: [40n, 250n] }] }],
    [
      'trade cap disabled (tradeValue one over the limit)',
      { predicates: [], tradeCapSlot: 11 },
      { predicates: [] },
      100_000_001n,
    ],
  ];
  for (const [label, verifiers, provers, tradeValue] of variants) {
    it(`refuses predicates with the ${label} under the verifier's policyHash`, async () => {
      const s = makeScenario({ policy: provers, ...(tradeValue === undefined ? {} : { tradeValue }) });
      const [real, attacker] = await Promise.all([realCircuit(), attackerCircuit()]);
      const forged = await attacker.witness(s.input, { set: { policyHash: policyHash(encodePolicy(verifiers)) } });
      expectRefusedOnlyBy(`policyHash kept, ${label}`, real.judge(real.project(forged)), 'main.commit');
    });
  }
});
