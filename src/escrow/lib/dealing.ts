/**
 * The two messages of the key generation's public channel, their JSON and their public checks:
 *
 *   dealing    dealer i's Feldman commitments C_i0..C_i(k−1), a Schnorr proof of possession of
 *              a_i0 (so no dealer can pick C_i0 to cancel the others' terms), and one encrypted
 *              share per member (share-transport.ts); signed with i's Ed25519 key.
 *   complaint  member j says dealer i's share to j is bad, and proves it: the shared point K of
 *              that one ciphertext with a Chaum–Pedersen proof that log_G T_j = log_E K; signed
 *              with j's key. Anyone can then open the share and check it against C_i.
 *
 * A dealing that fails a public check (shape, signature, proof of possession) is excluded by every
 * member alike; a complaint that fails its own proof is rejected (an honest dealer cannot be
 * disqualified by a member's word alone).
 */
import { createHash } from 'node:crypto';
import { VouchError } from '../../errors/index.js';
import { canonicalJson } from '../../log/index.js';
import { memberByIndex, verifyMessage, type Committee } from '../committee.js';
import type { EscrowPointJson } from '../format.js';
import { bytes, fail, hex, index, object, point, proof, type CodecCode } from './codec.js';
import { G, type Point, SUBGROUP_ORDER } from './curve.js';
import { verifyDleq, type DleqProof } from './dleq.js';
import { evaluateCommitments } from './polynomial.js';
import { openShare, type SealedShare } from './share-transport.js';

export const POP_DOMAIN = 'vouch/escrow/dkg/proof-of-possession/v1';
export const COMPLAINT_DOMAIN = 'vouch/escrow/dkg/complaint/v1';

export interface DealingJson {
  type: 'vouch-escrow-dealing';
  version: 1;
  committeeId: string;
  dealer: number;
  commitments: EscrowPointJson[];
  proofOfPossession: { c: string; z: string };
  shares: { recipient: number; ephemeral: EscrowPointJson; ciphertext: string }[];
  signature: string;
}

export interface Dealing {
  dealer: number;
  commitments: Point[];
  shares: SealedShare[];
  /** SHA-256 (hex) of the dealing's canonical JSON, signature included. */
  digest: string;
}

export interface ComplaintJson {
  type: 'vouch-escrow-complaint';
  version: 1;
  committeeId: string;
  complainant: number;
  dealer: number;
  dealingDigest: string;
  sharedPoint: EscrowPointJson;
  proof: { c: string; z: string };
  signature: string;
}

export interface Complaint {
  complainant: number;
  dealer: number;
  dealingDigest: string;
  sharedPoint: Point;
  proof: DleqProof;
}

const D: CodecCode = 'ESCROW_DEALING_INVALID';

/** Every public check of a dealing; ESCROW_DEALING_INVALID (or ESCROW_MEMBER_UNKNOWN) naming the dealer. */
export function parseDealing(committee: Committee, json: unknown): Dealing {
  const o = object(json, 'dealing', D);
  if (o.type !== 'vouch-escrow-dealing' || o.version !== 1)
    fail(D, 'dealing', 'is not a vouch-escrow-dealing version 1');
  if (typeof o.dealer !== 'number' || !Number.isInteger(o.dealer)) fail(D, 'dealer', 'must be a member index');
  const dealer = memberByIndex(committee, o.dealer);
  const bad = (why: string): never => {
    throw new VouchError('ESCROW_DEALING_INVALID', `dealing of member ${dealer.index} (${dealer.name}): ${why}`, {
      details: { dealer: dealer.index },
    });
  };
  if (o.committeeId !== committee.id) bad('it is for another committee');
  if (!verifyMessage(dealer.signingKey, 'dealing', o, o.signature))
    bad('its signature does not verify under the dealer’s key');
  if (!Array.isArray(o.commitments) || o.commitments.length !== committee.threshold)
    bad(`it must carry ${committee.threshold} commitments`);
  const commitments = (o.commitments as unknown[]).map((c, t) => point(c, `commitments[${t}]`, D));
  const pop = proof(o.proofOfPossession, 'proofOfPossession', D);
  const c0 = commitments[0]!;
  if (!verifyDleq(POP_DOMAIN, [committee.id, BigInt(dealer.index)], { g: G, x: c0, h: G, y: c0 }, pop))
    bad('its proof of possession does not verify');
  if (!Array.isArray(o.shares) || o.shares.length !== committee.members.length)
    bad('it must carry one share per member');
  const shares = (o.shares as unknown[]).map((raw, i) => {
    const s = object(raw, `shares[${i}]`, D);
    if (index(s.recipient, `shares[${i}].recipient`, D, committee.members.length) !== i + 1)
      bad('its shares must be in member order');
    return {
      ephemeral: point(s.ephemeral, `shares[${i}].ephemeral`, D),
      ciphertext: bytes(s.ciphertext, `shares[${i}].ciphertext`, D, 48),
    };
  });
  return { dealer: dealer.index, commitments, shares, digest: objectDigest(o) };
}

/** Parses and checks a complaint's signature and proof; ESCROW_DEALING_INVALID-free: returns a reason when it fails. */
export function parseComplaint(committee: Committee, json: unknown): Complaint {
  const C: CodecCode = 'INPUT_INVALID';
  const o = object(json, 'complaint', C);
  if (o.type !== 'vouch-escrow-complaint' || o.version !== 1)
    fail(C, 'complaint', 'is not a vouch-escrow-complaint version 1');
  if (o.committeeId !== committee.id) fail(C, 'complaint.committeeId', 'names another committee');
  const complainant = memberByIndex(committee, typeof o.complainant === 'number' ? o.complainant : 0);
  const dealer = memberByIndex(committee, typeof o.dealer === 'number' ? o.dealer : 0);
  if (!verifyMessage(complainant.signingKey, 'complaint', o, o.signature)) {
    throw new VouchError('INPUT_INVALID', `complaint by member ${complainant.index}: its signature does not verify`, {
      details: { complainant: complainant.index },
    });
  }
  return {
    complainant: complainant.index,
    dealer: dealer.index,
    dealingDigest: hex(o.dealingDigest, 'dealingDigest', C),
    sharedPoint: point(o.sharedPoint, 'sharedPoint', C),
    proof: proof(o.proof, 'proof', C),
  };
}

export function complaintContext(
  committee: Committee,
  c: { dealer: number; complainant: number; dealingDigest: string },
): (string | bigint)[] {
  return [committee.id, BigInt(c.dealer), BigInt(c.complainant), c.dealingDigest];
}

export type ComplaintVerdict =
  { upheld: true; reason: 'share-undecryptable' | 'share-inconsistent' } | { upheld: false; reason: string };

/** Whether a (parsed) complaint against a (valid) dealing holds: its proof verifies and the share is bad. */
export function judgeComplaint(committee: Committee, dealing: Dealing, c: Complaint): ComplaintVerdict {
  if (c.dealer !== dealing.dealer) return { upheld: false, reason: 'names another dealer' };
  if (c.dealingDigest !== dealing.digest) return { upheld: false, reason: 'is about another version of the dealing' };
  const me = memberByIndex(committee, c.complainant);
  const sealed = dealing.shares[c.complainant - 1]!;
  if (
    !verifyDleq(
      COMPLAINT_DOMAIN,
      complaintContext(committee, c),
      { g: G, x: me.transportKey, h: sealed.ephemeral, y: c.sharedPoint },
      c.proof,
    )
  ) {
    return { upheld: false, reason: 'its proof of the shared point does not verify' };
  }
  const verdict = checkShare(
    committee,
    dealing,
    c.complainant,
    openShare(sealed, c.sharedPoint, { committeeId: committee.id, dealer: dealing.dealer, recipient: c.complainant }),
  );
  return verdict === 'ok'
    ? { upheld: false, reason: 'the share is consistent with the dealer’s commitments' }
    : { upheld: true, reason: verdict };
}

/** Feldman's check of member j's share from a dealing. */
export function checkShare(
  committee: Committee,
  dealing: Dealing,
  recipient: number,
  share: bigint | undefined,
): 'ok' | 'share-undecryptable' | 'share-inconsistent' {
  void committee;
  if (share === undefined) return 'share-undecryptable';
  if (share >= SUBGROUP_ORDER) return 'share-inconsistent';
  const expected = evaluateCommitments(dealing.commitments, recipient);
  return share !== 0n && G.multiply(share).equals(expected) ? 'ok' : 'share-inconsistent';
}

export function objectDigest(o: unknown): string {
  return createHash('sha256').update(canonicalJson(o), 'utf8').digest('hex');
}
