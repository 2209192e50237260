/**
 * The end of the key generation, computed by every member from the same public transcript (all
 * dealings and complaints), so every member reaches the same committee key and can compare its
 * transcript digest with the others':
 *
 *   - dealings that fail a public check, and dealers who published two different dealings, are out;
 *   - a complaint whose proof holds and whose share really fails disqualifies its dealer;
 *     a complaint that does not hold is rejected and changes nothing;
 *   - Q = the remaining dealers, at least k of them (so at least one honest dealer contributed);
 *   - PK = Σ_{i∈Q} C_i0, PK_j = Σ_{i∈Q} Σ_t C_it·j^t, and member j's share s_j = Σ_{i∈Q} f_i(j),
 *     checked s_j·G = PK_j before it is returned.
 *
 * Pedersen's DKG with Feldman commitments lets a rushing dealer bias PK's distribution somewhat
 * (Gennaro, Jarecki, Krawczyk, Rabin 1999); for threshold ElGamal decryption that bias is known not
 * to help an attacker (Gennaro et al., "Secure applications of Pedersen's DKG", 2003), so the
 * simpler protocol is used, with proofs of possession against rogue keys.
 */
import { VouchError, isVouchError } from '../errors/index.js';
import { memberOfSecret, type Committee, type MemberSecret } from './committee.js';
import { escrowCommitteeToJson, type EscrowCommittee } from './committee-key.js';
import type { EscrowCommitteeJson } from './format.js';
import { scalar } from './lib/codec.js';
import { G, modL, type Point } from './lib/curve.js';
import { checkShare, judgeComplaint, objectDigest, parseComplaint, parseDealing, type Dealing } from './lib/dealing.js';
import { evaluateCommitments } from './lib/polynomial.js';
import { openShare, sharedPoint } from './lib/share-transport.js';

export interface CommitteeKeyJson extends EscrowCommitteeJson {
  type: 'vouch-escrow-committee-key';
  version: 1;
  /** The dealers whose polynomials make up the key. */
  qualified: number[];
  disqualified: { dealer: number; reason: string; complainant?: number }[];
  /** SHA-256 over the dealings and complaints this result was computed from: members compare it. */
  transcriptDigest: string;
}

export interface FinalizeCommitteeOptions {
  dealings: readonly unknown[];
  complaints?: readonly unknown[];
  /** This member's keys: to also compute its own share. */
  secret?: MemberSecret;
}

export interface FinalizeCommitteeResult {
  key: CommitteeKeyJson;
  committee: EscrowCommittee;
  /** Present when `secret` was given: this member's index and share s_j (keep it sealed). */
  share?: { index: number; share: bigint };
  /** Complaints that did not hold (for the record; they change nothing). */
  rejectedComplaints: { complainant?: number; dealer?: number; reason: string }[];
}

export function finalizeCommittee(committee: Committee, o: FinalizeCommitteeOptions): FinalizeCommitteeResult {
  const byDealer = new Map<number, Dealing>();
  const disqualified = new Map<number, { dealer: number; reason: string; complainant?: number }>();
  const digests: string[] = [];
  for (const json of o.dealings) {
    let d: Dealing;
    try {
      d = parseDealing(committee, json);
    } catch (err) {
      if (!isVouchError(err)) throw err;
      const dealer = err.details?.dealer;
      if (typeof dealer === 'number' && !disqualified.has(dealer))
        disqualified.set(dealer, { dealer, reason: err.message });
      continue;
    }
    const had = byDealer.get(d.dealer);
    if (had && had.digest !== d.digest)
      disqualified.set(d.dealer, { dealer: d.dealer, reason: 'published two different dealings' });
    byDealer.set(d.dealer, d);
    digests.push(d.digest);
  }
  const rejectedComplaints: FinalizeCommitteeResult['rejectedComplaints'] = [];
  for (const json of o.complaints ?? []) {
    let c;
    try {
      c = parseComplaint(committee, json);
    } catch (err) {
      if (!isVouchError(err)) throw err;
      rejectedComplaints.push({ reason: err.message });
      continue;
    }
    digests.push(objectDigest(json));
    const dealing = byDealer.get(c.dealer);
    if (!dealing) {
      rejectedComplaints.push({ complainant: c.complainant, dealer: c.dealer, reason: 'no such dealing' });
      continue;
    }
    const verdict = judgeComplaint(committee, dealing, c);
    if (verdict.upheld) {
      if (!disqualified.has(c.dealer))
        disqualified.set(c.dealer, {
          dealer: c.dealer,
          reason: `complaint upheld: ${verdict.reason}`,
          complainant: c.complainant,
        });
    } else {
      rejectedComplaints.push({ complainant: c.complainant, dealer: c.dealer, reason: `complaint ${verdict.reason}` });
    }
  }
  const qualified = [...byDealer.keys()].filter((i) => !disqualified.has(i)).sort((a, b) => a - b);
  if (qualified.length < committee.threshold) {
    throw new VouchError(
      'ESCROW_DKG_INCOMPLETE',
      `only ${qualified.length} qualified dealings; the committee needs at least ${committee.threshold}`,
      {
        details: { qualified, disqualified: [...disqualified.keys()].sort((a, b) => a - b) },
      },
    );
  }
  const dealings = qualified.map((i) => byDealer.get(i)!);
  let publicKey: Point = dealings[0]!.commitments[0]!;
  for (const d of dealings.slice(1)) publicKey = publicKey.add(d.commitments[0]!);
  const members = committee.members.map((m) => {
    let pk = evaluateCommitments(dealings[0]!.commitments, m.index);
    for (const d of dealings.slice(1)) pk = pk.add(evaluateCommitments(d.commitments, m.index));
    return { index: m.index, publicKey: pk };
  });
  if (publicKey.is0() || members.some((m) => m.publicKey.is0()))
    throw new VouchError('ESCROW_DKG_INCOMPLETE', 'the dealings add up to the identity; deal again');
  const escrow: EscrowCommittee = {
    committeeId: committee.id,
    epoch: committee.epoch,
    threshold: committee.threshold,
    publicKey,
    members,
  };
  const key: CommitteeKeyJson = {
    type: 'vouch-escrow-committee-key',
    version: 1,
    ...escrowCommitteeToJson(escrow),
    qualified,
    disqualified: [...disqualified.values()].sort((a, b) => a.dealer - b.dealer),
    transcriptDigest: objectDigest({ committeeId: committee.id, entries: [...new Set(digests)].sort() }),
  };
  const result: FinalizeCommitteeResult = { key, committee: escrow, rejectedComplaints };
  if (o.secret) result.share = ownShare(committee, o.secret, dealings, members);
  return result;
}

function ownShare(
  committee: Committee,
  secret: MemberSecret,
  dealings: readonly Dealing[],
  members: EscrowCommittee['members'],
): { index: number; share: bigint } {
  const me = memberOfSecret(committee, secret);
  const t = scalar(secret.transportSecret, 'transportSecret', 'INPUT_INVALID');
  let s = 0n;
  for (const d of dealings) {
    const sealed = d.shares[me.index - 1]!;
    const f = openShare(sealed, sharedPoint(t, sealed.ephemeral), {
      committeeId: committee.id,
      dealer: d.dealer,
      recipient: me.index,
    });
    if (checkShare(committee, d, me.index, f) !== 'ok') {
      throw new VouchError(
        'ESCROW_DEALING_INVALID',
        `the share from dealer ${d.dealer} does not verify and no upheld complaint excludes it: file your complaint and finalize again`,
        {
          details: { dealer: d.dealer },
        },
      );
    }
    s = modL(s + f!);
  }
  if (!G.multiply(s).equals(members[me.index - 1]!.publicKey))
    throw new VouchError('ESCROW_DEALING_INVALID', 'the combined share does not match its verification key');
  return { index: me.index, share: s };
}
