/**
 * Assembles a proof statement from what a holder has: its secret, its credential file, the
 * verifier's registry, and the (compiled) policy and trade values. Nothing is fetched.
 */
import type { CircuitPolicy, StatementInput } from '../zk/index.js';
import { signedSlots, verifyCredentialFile, type CredentialFile } from './credential-file.js';
import { witnessFor, type RegistryMember } from './registry.js';

export interface StatementForOptions {
  holderSecret: bigint;
  holderSubject: bigint;
  credential: CredentialFile;
  members: readonly RegistryMember[];
  policy: CircuitPolicy;
  now: bigint;
  tradeHash: bigint;
  tradeValue: bigint;
  scope: bigint;
}

export function statementFor(o: StatementForOptions): StatementInput {
  verifyCredentialFile(o.credential, o.holderSubject);
  const signed = signedSlots(o.credential);
  const w = witnessFor(o.members, signed.issuerPublicKey, o.credential.credentialIndex);
  return {
    holderSecret: o.holderSecret,
    credential: signed,
    issuer: { statusRoot: w.statusRoot, path: w.issuerPath, setRoot: w.setRoot },
    status: w.status,
    policy: o.policy,
    now: o.now,
    tradeHash: o.tradeHash,
    tradeValue: o.tradeValue,
    scope: o.scope,
  };
}
