/**
 * A complete, real proving scenario for tests: an issuer with a BabyJubJub key signs a kyc-v1
 * credential for a holder; a verifier trusts a set of issuers; a policy with predicates. Every
 * value is real (real keys, real signatures, real Merkle trees) and each field can be overridden
 * to build the must-fail cases.
 */
import { encodeAttributes, type KycAttributes } from '../../src/credentials/schema.js';
import {
  IssuerSet,
  StatusBitmap,
  babyJubPublicKey,
  credentialMessage,
  encodePolicy,
  randomBabyJubPrivateKey,
  randomFieldElement,
  signPoseidon,
  subjectOf,
  type EncodePolicyInput,
  type StatementInput,
} from '../../src/zk/index.js';

export const NOW = 1_767_225_600n; // 2026-01-01T00:00:00Z

export interface ScenarioOptions {
  attributes?: Partial<KycAttributes>;
  issuedAt?: number;
  expiresAt?: number;
  credentialIndex?: number;
  revoked?: number[];
  policy?: EncodePolicyInput;
  now?: bigint;
  tradeValue?: bigint;
  /** Put the issuer at this position of a set padded with other real issuers. */
  issuerPosition?: number;
  otherIssuers?: number;
}

export interface Scenario {
  input: StatementInput;
  issuerKey: Uint8Array;
  holderSecret: bigint;
  slots: bigint[];
  status: StatusBitmap;
  set: IssuerSet;
}

export const DEFAULT_ATTRIBUTES: KycAttributes = {
  kycLevel: 2,
  jurisdiction: 276, // Germany
  investorClass: 'professional',
  birthYear: 1990,
  ageOver18: true,
  sanctionsScreenedAt: 1_764_547_200, // 2025-12-01
  tradeLimit: '1000000', // 1,000,000.00 -> 100000000 hundredths
  subdivision: 0,
};

export const DEFAULT_POLICY: EncodePolicyInput = {
  predicates: [
    { slot: 5, op: 'gte', value: 2n }, // kycLevel >= 2
    { slot: 6, op: 'in', values: [40n, 56n, 250n, 276n, 380n, 528n, 724n] }, // EU subset
    { slot: 9, op: 'eq', value: 1n }, // ageOver18
  ],
  tradeCapSlot: 11,
};

export function makeScenario(o: ScenarioOptions = {}): Scenario {
  const issuerKey = randomBabyJubPrivateKey();
  const issuerPublicKey = babyJubPublicKey(issuerKey);
  const holderSecret = randomFieldElement();
  const credentialIndex = o.credentialIndex ?? 7;
  const slots = encodeAttributes({
    subject: subjectOf(holderSecret),
    credentialIndex,
    issuedAt: o.issuedAt ?? Number(NOW) - 86_400,
    expiresAt: o.expiresAt ?? Number(NOW) + 365 * 86_400,
    evidenceKind: 'manual',
    attributes: { ...DEFAULT_ATTRIBUTES, ...o.attributes },
  });
  const signature = signPoseidon(issuerKey, credentialMessage(slots));
  const status = StatusBitmap.fromRevoked(o.revoked ?? [3, 1000, 65_535]);
  const others = Array.from({ length: o.otherIssuers ?? 5 }, () => ({
    publicKey: babyJubPublicKey(randomBabyJubPrivateKey()),
    statusRoot: new StatusBitmap().root,
  }));
  const position = Math.min(o.issuerPosition ?? 2, others.length);
  const members = [...others];
  members.splice(position, 0, { publicKey: issuerPublicKey, statusRoot: status.root });
  const set = new IssuerSet(members);
  const input: StatementInput = {
    holderSecret,
    credential: { slots, signature, issuerPublicKey },
    issuer: { statusRoot: status.root, path: set.path(position), setRoot: set.root },
    status: status.witness(credentialIndex),
    policy: encodePolicy(o.policy ?? DEFAULT_POLICY),
    now: o.now ?? NOW,
    tradeHash: randomFieldElement(),
    tradeValue: o.tradeValue ?? 30_000_000n,
    scope: randomFieldElement(),
  };
  return { input, issuerKey, holderSecret, slots, status, set };
}
