/**
 * The committee's public outcome: the joint key PK that ciphertexts are encrypted to, the
 * threshold, and each member's verification key PK_i = s_i·G (decryption shares are checked
 * against it). This is what the signed registry publishes as `escrowCommittee`; parse it from any
 * untrusted copy with parseEscrowCommittee, which checks every point.
 */
import { VouchError } from '../errors/index.js';
import type { EscrowCommitteeJson, EscrowPointJson } from './format.js';
import { fail, hex, index, object, point, pointJson } from './lib/codec.js';
import type { Point } from './lib/curve.js';
import { MAX_COMMITTEE_MEMBERS } from './committee.js';

export interface EscrowCommittee {
  committeeId: string;
  epoch: number;
  threshold: number;
  publicKey: Point;
  members: { index: number; publicKey: Point }[];
}

const C = 'ESCROW_COMMITTEE_INVALID' as const;

export function parseEscrowCommittee(json: unknown): EscrowCommittee {
  const o = object(json, 'escrowCommittee', C);
  const committeeId = hex(o.committeeId, 'escrowCommittee.committeeId', C);
  if (typeof o.epoch !== 'number' || !Number.isSafeInteger(o.epoch) || o.epoch < 1)
    fail(C, 'escrowCommittee.epoch', 'must be a positive integer');
  if (!Array.isArray(o.members) || o.members.length < 2 || o.members.length > MAX_COMMITTEE_MEMBERS)
    fail(C, 'escrowCommittee.members', `must list 2 to ${MAX_COMMITTEE_MEMBERS} members`);
  const n = o.members.length;
  if (typeof o.threshold !== 'number' || !Number.isInteger(o.threshold) || o.threshold < 2 || o.threshold > n)
    fail(C, 'escrowCommittee.threshold', 'must be an integer k with 2 <= k <= n');
  const members = (o.members as unknown[]).map((raw, i) => {
    const m = object(raw, `escrowCommittee.members[${i}]`, C);
    if (index(m.index, `escrowCommittee.members[${i}].index`, C, n) !== i + 1)
      fail(C, `escrowCommittee.members[${i}].index`, 'must be the member’s position, counting from 1');
    return { index: i + 1, publicKey: point(m.publicKey, `escrowCommittee.members[${i}].publicKey`, C) };
  });
  return {
    committeeId,
    epoch: o.epoch,
    threshold: o.threshold,
    publicKey: point(o.publicKey, 'escrowCommittee.publicKey', C),
    members,
  };
}

export function escrowCommitteeToJson(c: EscrowCommittee): EscrowCommitteeJson {
  return {
    committeeId: c.committeeId,
    epoch: c.epoch,
    threshold: c.threshold,
    publicKey: pointJson(c.publicKey),
    members: c.members.map((m) => ({ index: m.index, publicKey: pointJson(m.publicKey) })),
  };
}

/**
 * ESCROW_KEY_STALE unless `publicKey` (the key a ciphertext was made for, e.g. a proof's public
 * signals) is the current committee's key: a ciphertext to a retired committee's key is refused.
 */
export function assertCurrentCommitteeKey(current: EscrowCommittee, publicKey: Point | EscrowPointJson): void {
  const given = 'equals' in publicKey ? publicKey : point(publicKey, 'publicKey', 'INPUT_INVALID');
  if (!given.equals(current.publicKey)) {
    throw new VouchError(
      'ESCROW_KEY_STALE',
      `the ciphertext is encrypted to a key that is not the current escrow committee's (epoch ${current.epoch})`,
      { details: { epoch: current.epoch } },
    );
  }
}
