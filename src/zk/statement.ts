/**
 * The inputs of one policy proof, the circuit input object built from them, and a clear-text
 * evaluation of the statement used as a preflight: a doomed proof fails in microseconds with a
 * code saying which clause failed, instead of seconds later with "witness unsatisfied".
 */
import { VouchError } from '../errors/index.js';
import { tradeCap, predicateHolds, policyHash, type CircuitPolicy } from './circuit-policy.js';
import { verifyPoseidon, type BabyJubPoint, type EddsaSignature } from './eddsa.js';
import { isCanonical } from './field.js';
import type { PublicSignals } from './public-signals.js';
import { poseidon } from './poseidon.js';
import { QuadTree, type QuadPath } from './trees/quad-tree.js';
import { issuerLeaf } from './trees/issuer-set.js';
import type { NonRevocationWitness } from './trees/status-bitmap.js';

export interface SignedSlots {
  slots: bigint[];
  signature: EddsaSignature;
  issuerPublicKey: BabyJubPoint;
}

export interface StatementInput {
  holderSecret: bigint;
  credential: SignedSlots;
  issuer: { statusRoot: bigint; path: QuadPath; setRoot: bigint };
  status: NonRevocationWitness;
  policy: CircuitPolicy;
  now: bigint;
  tradeHash: bigint;
  tradeValue: bigint;
  scope: bigint;
}

export { PUBLIC_SIGNAL_NAMES, PUBLIC_SIGNAL_BITS } from './public-signals.js';
export type { PublicSignalName, PublicSignals } from './public-signals.js';

export function nullifierOf(holderSecret: bigint, scope: bigint): bigint {
  return poseidon([holderSecret, scope]);
}

export function subjectOf(holderSecret: bigint): bigint {
  return poseidon([holderSecret]);
}

export function credentialMessage(slots: readonly bigint[]): bigint {
  return poseidon(slots);
}

/** Circuit input object (decimal strings), keyed by circuits/policy.circom's signal names. */
export function circuitInput(s: StatementInput): Record<string, string | string[] | string[][]> {
  const str = (v: bigint) => v.toString();
  const c = s.credential;
  return {
    issuerSetRoot: str(s.issuer.setRoot),
    now: str(s.now),
    policyHash: str(policyHash(s.policy)),
    tradeHash: str(s.tradeHash),
    tradeValue: str(s.tradeValue),
    scope: str(s.scope),
    holderSecret: str(s.holderSecret),
    attrs: c.slots.map(str),
    sigR8x: str(c.signature.R8.x),
    sigR8y: str(c.signature.R8.y),
    sigS: str(c.signature.S),
    issuerAx: str(c.issuerPublicKey.x),
    issuerAy: str(c.issuerPublicKey.y),
    statusRoot: str(s.issuer.statusRoot),
    issuerIndex: String(s.issuer.path.index),
    issuerPath: s.issuer.path.children.map((l) => l.map(str)),
    statusWords: s.status.words.map(str),
    statusPath: s.status.path.children.map((l) => l.map(str)),
    predHeader: s.policy.headers.map(str),
    predLo: s.policy.lo.map(str),
    predHi: s.policy.hi.map(str),
    pool: s.policy.pool.map(str),
    rules: str(s.policy.rules),
  };
}

/** The public signals an honest proof of `s` will carry. */
export function expectedPublicSignals(s: StatementInput): PublicSignals {
  return {
    nullifier: nullifierOf(s.holderSecret, s.scope),
    issuerSetRoot: s.issuer.setRoot,
    now: s.now,
    policyHash: policyHash(s.policy),
    tradeHash: s.tradeHash,
    tradeValue: s.tradeValue,
    scope: s.scope,
  };
}

/**
 * Checks every clause of the statement in the clear. Throws the code of the first failing clause.
 * Mirrors the circuit; the circuit remains the authority (tests prove both reject the same cases).
 */
export function assertStatement(s: StatementInput): void {
  const { slots } = s.credential;
  for (const v of [s.now, s.tradeHash, s.tradeValue, s.scope, s.holderSecret, ...slots]) {
    if (!isCanonical(v)) throw new VouchError('SIGNAL_NOT_CANONICAL', 'an input is not a canonical field element');
  }
  if (slots.length !== 16) throw new VouchError('INPUT_INVALID', 'a kyc-v1 credential has 16 slots');
  if (subjectOf(s.holderSecret) !== slots[0])
    throw new VouchError('CREDENTIAL_NOT_HOLDERS', 'the credential was not issued to this holder secret');
  if (!verifyPoseidon(s.credential.issuerPublicKey, credentialMessage(slots), s.credential.signature)) {
    throw new VouchError('CREDENTIAL_SIGNATURE_INVALID', 'the issuer signature over the credential does not verify');
  }
  const leaf = issuerLeaf({ publicKey: s.credential.issuerPublicKey, statusRoot: s.issuer.statusRoot });
  if (QuadTree.rootFromPath(leaf, s.issuer.path) !== s.issuer.setRoot) {
    throw new VouchError('ISSUER_NOT_IN_SET', 'the credential issuer (with this status root) is not in the issuer set');
  }
  if (s.status.root !== s.issuer.statusRoot || s.status.index !== Number(slots[2])) {
    throw new VouchError(
      'STATUS_WITNESS_STALE',
      'the non-revocation witness does not match the issuer status root or credential',
    );
  }
  const leafHash = poseidon(s.status.words);
  if (QuadTree.rootFromPath(leafHash, s.status.path) !== s.status.root) {
    throw new VouchError('STATUS_WITNESS_STALE', 'the non-revocation witness does not open the status root');
  }
  const idx = s.status.index;
  const word = s.status.words[Math.floor((idx % 1024) / 128)]!;
  if (((word >> BigInt(idx % 128)) & 1n) === 1n)
    throw new VouchError('CREDENTIAL_REVOKED', 'the credential is revoked');
  if (slots[3]! > s.now) throw new VouchError('CREDENTIAL_NOT_YET_VALID', 'the credential is not valid yet');
  if (s.now >= slots[4]!) throw new VouchError('CREDENTIAL_EXPIRED', 'the credential has expired');
  for (let k = 0; k < s.policy.headers.length; k++) {
    if (!predicateHolds(s.policy, k, slots)) {
      throw new VouchError('POLICY_UNSATISFIED', `the credential does not satisfy predicate ${k + 1} of the policy`, {
        details: { predicate: k },
      });
    }
  }
  const cap = tradeCap(s.policy);
  if (cap !== undefined && s.tradeValue > slots[cap]!) {
    throw new VouchError('TRADE_VALUE_EXCEEDS_LIMIT', 'the trade value exceeds the credential’s per-trade limit');
  }
}
