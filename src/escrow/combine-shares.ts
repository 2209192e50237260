/**
 * Combining decryption shares: every share given is checked (a wrong one is refused and its member
 * named, never silently skipped), at least k distinct members are needed, and then
 * S = Σ λ_j·d_j = sk·C1 (Lagrange at 0 over the k members used), M = C2 − S, and m from M by the
 * bounded discrete log. The result names the members whose shares were used.
 */
import { VouchError } from '../errors/index.js';
import type { EscrowCommittee } from './committee-key.js';
import { verifyDecryptionShare } from './decryption-share.js';
import { decodeEscrowIdentity, type EscrowCiphertext, type EscrowIdentity } from './format.js';
import { mul, type Point } from './lib/curve.js';
import { smallDiscreteLog } from './lib/dlog.js';
import { lagrangeAtZero } from './lib/polynomial.js';

export interface CombineSharesOptions {
  committee: EscrowCommittee;
  ciphertext: EscrowCiphertext;
  /** The request the shares were made for (its log leaf hash, hex). */
  request: string;
  shares: readonly unknown[];
}

export interface CombineSharesResult {
  identity: EscrowIdentity;
  /** m = issuerIndex·2^20 + credentialIndex. */
  m: bigint;
  /** The k members whose shares were combined. */
  members: number[];
}

export function combineDecryptionShares(o: CombineSharesOptions): CombineSharesResult {
  const valid = new Map<number, Point>();
  for (const json of o.shares) {
    const s = verifyDecryptionShare(o.committee, o.ciphertext, o.request, json);
    if (valid.has(s.member))
      throw new VouchError('ESCROW_SHARE_DUPLICATE', `two shares from member ${s.member}`, {
        details: { member: s.member },
      });
    valid.set(s.member, s.point);
  }
  const k = o.committee.threshold;
  if (valid.size < k) {
    throw new VouchError(
      'ESCROW_NOT_ENOUGH_SHARES',
      `${valid.size} valid decryption share(s); the committee's threshold is ${k}`,
      { details: { valid: valid.size, threshold: k } },
    );
  }
  const members = [...valid.keys()].sort((a, b) => a - b).slice(0, k);
  let s: Point | undefined;
  for (const j of members) {
    const term = mul(valid.get(j)!, lagrangeAtZero(members, j));
    s = s === undefined ? term : s.add(term);
  }
  const mPoint = o.ciphertext.c2.subtract(s!);
  const m = smallDiscreteLog(mPoint);
  if (m === undefined)
    throw new VouchError(
      'ESCROW_IDENTITY_OUT_OF_RANGE',
      'the decrypted point is not an escrow identity (wrong committee key, or not an escrow ciphertext)',
    );
  return { identity: decodeEscrowIdentity(m), m, members };
}
