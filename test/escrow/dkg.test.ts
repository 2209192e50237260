/**
 * The committee's key generation and threshold decryption, with real crypto end to end: a 3-of-5
 * Pedersen/Feldman DKG with no dealer, complaints that are checked rather than believed,
 * Chaum–Pedersen decryption shares, Lagrange combination and the bounded discrete log.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { VouchError } from '../../src/errors/index.js';
import {
  combineDecryptionShares,
  createCommittee,
  createDealing,
  createDecryptionShare,
  createMemberKeys,
  encryptEscrowIdentity,
  escrowCiphertextDigest,
  finalizeCommittee,
  parseCommittee,
  verifyDealings,
  assertCurrentCommitteeKey,
  parseEscrowPoint,
  type Committee,
  type DealingJson,
  type EscrowCommittee,
  type MemberSecret,
} from '../../src/escrow/index.js';
import { signMessage } from '../../src/escrow/committee.js';
import { pointJson } from '../../src/escrow/lib/codec.js';
import { G, mulG } from '../../src/escrow/lib/curve.js';
import { sealShare } from '../../src/escrow/lib/share-transport.js';
import { COMPLAINT_DOMAIN, complaintContext, objectDigest } from '../../src/escrow/lib/dealing.js';
import { proveDleq } from '../../src/escrow/lib/dleq.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof VouchError) return err.code;
    throw err;
  }
}
function errorOf(fn: () => unknown): VouchError {
  try {
    fn();
  } catch (err) {
    if (err instanceof VouchError) return err;
    throw err;
  }
  throw new Error('expected a VouchError');
}

const NAMES = ['alice', 'bob', 'carol', 'dave', 'erin'];

function setup(epoch = 1): { committee: Committee; secrets: MemberSecret[] } {
  const keys = NAMES.map((n) => createMemberKeys(n));
  const committee = parseCommittee(createCommittee({ epoch, threshold: 3, members: keys.map((k) => k.card) }));
  return { committee, secrets: keys.map((k) => k.secret) };
}

/** A dealing whose share to `victim` is replaced by a wrong value, re-signed by its dealer. */
function corrupt(committee: Committee, dealing: DealingJson, secret: MemberSecret, victim: number): DealingJson {
  const { signature: _s, ...body } = dealing;
  const wrong = sealShare(12345n, committee.members[victim - 1]!.transportKey, {
    committeeId: committee.id,
    dealer: dealing.dealer,
    recipient: victim,
  });
  body.shares = body.shares.map((s) =>
    s.recipient === victim
      ? { recipient: victim, ephemeral: pointJson(wrong.ephemeral), ciphertext: wrong.ciphertext.toString('base64url') }
      : s,
  );
  return { ...body, signature: signMessage(secret, 'dealing', body) };
}

describe('3-of-5 committee without a trusted dealer', () => {
  let committee: Committee;
  let secrets: MemberSecret[];
  let dealings: DealingJson[];
  let escrow: EscrowCommittee;
  let shares: bigint[];

  beforeAll(() => {
    ({ committee, secrets } = setup());
    dealings = secrets.map((s) => createDealing(committee, s));
    for (const s of secrets) {
      const v = verifyDealings(committee, s, dealings);
      expect(v.complaints).toEqual([]);
      expect(v.accepted).toEqual([1, 2, 3, 4, 5]);
    }
    const results = secrets.map((secret) => finalizeCommittee(committee, { dealings, complaints: [], secret }));
    escrow = results[0]!.committee;
    shares = results.map((r) => r.share!.share);
    // every member computes the same key from the same transcript
    for (const r of results) {
      expect(r.key.publicKey).toEqual(results[0]!.key.publicKey);
      expect(r.key.transcriptDigest).toBe(results[0]!.key.transcriptDigest);
    }
  });

  it('gives every member a share consistent with its published verification key, and any 3 shares the same secret', () => {
    expect(escrow.members).toHaveLength(5);
    shares.forEach((s, i) => expect(G.multiply(s).equals(escrow.members[i]!.publicKey)).toBe(true));
    expect(escrow.publicKey.equals(mulG(0n))).toBe(false);
  });

  it('decrypts an escrow identity with any 3 of 5 shares, each share proved correct', () => {
    const identity = { issuerIndex: 5, credentialIndex: 1_000_003 };
    const ciphertext = encryptEscrowIdentity({ publicKey: escrow.publicKey, identity });
    const request = 'a'.repeat(64);
    const all = shares.map((share, i) =>
      createDecryptionShare({ committee: escrow, member: i + 1, share, ciphertext, request }),
    );
    for (const pick of [
      [0, 1, 2],
      [2, 3, 4],
      [0, 2, 4],
      [4, 1, 3],
    ]) {
      const out = combineDecryptionShares({ committee: escrow, ciphertext, request, shares: pick.map((i) => all[i]) });
      expect(out.identity).toEqual(identity);
      expect(out.members).toEqual(pick.map((i) => i + 1).sort());
    }
    // more than k shares: still right, uses k of them
    expect(combineDecryptionShares({ committee: escrow, ciphertext, request, shares: all }).identity).toEqual(identity);
  });

  it('refuses fewer than k shares', () => {
    const ciphertext = encryptEscrowIdentity({
      publicKey: escrow.publicKey,
      identity: { issuerIndex: 0, credentialIndex: 1 },
    });
    const request = 'b'.repeat(64);
    const two = [0, 1].map((i) =>
      createDecryptionShare({ committee: escrow, member: i + 1, share: shares[i]!, ciphertext, request }),
    );
    expect(codeOf(() => combineDecryptionShares({ committee: escrow, ciphertext, request, shares: two }))).toBe(
      'ESCROW_NOT_ENOUGH_SHARES',
    );
    expect(
      codeOf(() =>
        combineDecryptionShares({ committee: escrow, ciphertext, request, shares: [two[0], two[1], two[0]] }),
      ),
    ).toBe('ESCROW_SHARE_DUPLICATE');
  });

  it('detects a forged share and names its member', () => {
    const ciphertext = encryptEscrowIdentity({
      publicKey: escrow.publicKey,
      identity: { issuerIndex: 1, credentialIndex: 2 },
    });
    const request = 'c'.repeat(64);
    const good = [0, 1, 2].map((i) =>
      createDecryptionShare({ committee: escrow, member: i + 1, share: shares[i]!, ciphertext, request }),
    );
    // member 2's share point replaced by another point: its proof no longer matches
    const forged = { ...good[1]!, share: pointJson(ciphertext.c1.multiply(777n)) };
    const err = errorOf(() =>
      combineDecryptionShares({ committee: escrow, ciphertext, request, shares: [good[0], forged, good[2]] }),
    );
    expect(err.code).toBe('ESCROW_SHARE_INVALID');
    expect(err.details).toEqual({ member: 2 });
    // a wrong Chaum–Pedersen proof on an otherwise correct share
    const wrongProof = { ...good[2]!, proof: { c: good[2]!.proof.c, z: (BigInt(good[2]!.proof.z) + 1n).toString() } };
    expect(
      errorOf(() =>
        combineDecryptionShares({ committee: escrow, ciphertext, request, shares: [good[0], good[1], wrongProof] }),
      ).details,
    ).toEqual({ member: 3 });
    // a correct share, but for another request, is refused too
    const other = createDecryptionShare({
      committee: escrow,
      member: 3,
      share: shares[2]!,
      ciphertext,
      request: 'd'.repeat(64),
    });
    expect(
      codeOf(() =>
        combineDecryptionShares({ committee: escrow, ciphertext, request, shares: [good[0], good[1], other] }),
      ),
    ).toBe('ESCROW_SHARE_INVALID');
  });

  it('refuses a share from a member who is not in the committee', () => {
    const ciphertext = encryptEscrowIdentity({
      publicKey: escrow.publicKey,
      identity: { issuerIndex: 1, credentialIndex: 3 },
    });
    const request = 'e'.repeat(64);
    const good = [0, 1].map((i) =>
      createDecryptionShare({ committee: escrow, member: i + 1, share: shares[i]!, ciphertext, request }),
    );
    const outsider = { ...good[0]!, member: 6 };
    expect(
      codeOf(() => combineDecryptionShares({ committee: escrow, ciphertext, request, shares: [...good, outsider] })),
    ).toBe('ESCROW_MEMBER_UNKNOWN');
    // an outsider with its own key cannot make a share for a member either
    expect(codeOf(() => createDecryptionShare({ committee: escrow, member: 1, share: 99n, ciphertext, request }))).toBe(
      'ESCROW_MEMBER_UNKNOWN',
    );
    // a member of another committee (another committee id)
    const foreign = {
      ...createDecryptionShare({ committee: escrow, member: 3, share: shares[2]!, ciphertext, request }),
      committeeId: 'f'.repeat(64),
    };
    expect(
      codeOf(() => combineDecryptionShares({ committee: escrow, ciphertext, request, shares: [...good, foreign] })),
    ).toBe('ESCROW_MEMBER_UNKNOWN');
  });

  it('refuses a ciphertext to an old committee key', () => {
    const next = setup(2);
    const nextDealings = next.secrets.map((s) => createDealing(next.committee, s));
    const nextKey = finalizeCommittee(next.committee, { dealings: nextDealings }).committee;
    const oldCiphertext = encryptEscrowIdentity({
      publicKey: escrow.publicKey,
      identity: { issuerIndex: 0, credentialIndex: 9 },
    });
    expect(codeOf(() => assertCurrentCommitteeKey(nextKey, escrow.publicKey))).toBe('ESCROW_KEY_STALE');
    expect(() => assertCurrentCommitteeKey(nextKey, nextKey.publicKey)).not.toThrow();
    // and the new committee's shares do not open it: the decrypted point is no escrow identity
    const nextShares = next.secrets.map(
      (secret) => finalizeCommittee(next.committee, { dealings: nextDealings, secret }).share!,
    );
    const request = '1'.repeat(64);
    const ds = nextShares.slice(0, 3).map((s) =>
      createDecryptionShare({
        committee: nextKey,
        member: s.index,
        share: s.share,
        ciphertext: oldCiphertext,
        request,
      }),
    );
    expect(
      codeOf(() => combineDecryptionShares({ committee: nextKey, ciphertext: oldCiphertext, request, shares: ds })),
    ).toBe('ESCROW_IDENTITY_OUT_OF_RANGE');
  });

  it('keeps two encryptions of one identity unlinkable (no shared component)', () => {
    const identity = { issuerIndex: 2, credentialIndex: 42 };
    const a = encryptEscrowIdentity({ publicKey: escrow.publicKey, identity });
    const b = encryptEscrowIdentity({ publicKey: escrow.publicKey, identity });
    expect(a.c1.equals(b.c1) || a.c2.equals(b.c2)).toBe(false);
    expect(escrowCiphertextDigest(a)).not.toBe(escrowCiphertextDigest(b));
  });
});

describe('complaints and disqualification', () => {
  it('a bad share leads to a complaint naming the dealer, which everyone upholds; the dealer is disqualified', () => {
    const { committee, secrets } = setup();
    const dealings = secrets.map((s) => createDealing(committee, s));
    dealings[1] = corrupt(committee, dealings[1]!, secrets[1]!, 4); // bob sends dave a wrong share
    const checks = secrets.map((s) => verifyDealings(committee, s, dealings));
    expect(checks[3]!.complaints).toHaveLength(1);
    expect(checks[3]!.complaints[0]!.dealer).toBe(2);
    expect(checks[3]!.complaints[0]!.complainant).toBe(4);
    expect(checks.filter((_, i) => i !== 3).every((c) => c.complaints.length === 0)).toBe(true);
    const complaints = checks.flatMap((c) => c.complaints);
    const results = secrets.map((secret) => finalizeCommittee(committee, { dealings, complaints, secret }));
    for (const r of results) {
      expect(r.key.qualified).toEqual([1, 3, 4, 5]);
      expect(r.key.disqualified).toEqual([
        { dealer: 2, complainant: 4, reason: 'complaint upheld: share-inconsistent' },
      ]);
      expect(r.key.publicKey).toEqual(results[0]!.key.publicKey);
    }
    // the committee still works, bob included (he holds shares from the qualified dealers)
    const escrow = results[0]!.committee;
    const identity = { issuerIndex: 7, credentialIndex: 7 };
    const ciphertext = encryptEscrowIdentity({ publicKey: escrow.publicKey, identity });
    const ds = [1, 2, 4].map((j) =>
      createDecryptionShare({
        committee: escrow,
        member: j,
        share: results[j - 1]!.share!.share,
        ciphertext,
        request: '0'.repeat(64),
      }),
    );
    expect(
      combineDecryptionShares({ committee: escrow, ciphertext, request: '0'.repeat(64), shares: ds }).identity,
    ).toEqual(identity);
  });

  it('rejects a false complaint against an honest dealer (its share checks out), and one whose proof fails', () => {
    const { committee, secrets } = setup();
    const dealings = secrets.map((s) => createDealing(committee, s));
    // carol reveals the true shared point of alice's share to her, with a valid proof, and claims it is bad
    const carol = committee.members[2]!;
    const sealed = dealings[0]!.shares[2]!;
    const ephemeral = parseEscrowPoint(sealed.ephemeral, 'ephemeral');
    const t = BigInt(secrets[2]!.transportSecret);
    const about = { dealer: 1, complainant: 3, dealingDigest: objectDigest(dealings[0]) };
    const honestProof = proveDleq(
      COMPLAINT_DOMAIN,
      complaintContext(committee, about),
      { g: G, x: carol.transportKey, h: ephemeral, y: ephemeral.multiply(t) },
      t,
    );
    const complaint = (sharedPoint: ReturnType<typeof pointJson>, proof: ReturnType<typeof proveDleq>) => {
      const body = {
        type: 'vouch-escrow-complaint',
        version: 1,
        committeeId: committee.id,
        ...about,
        sharedPoint,
        proof: { c: proof.c.toString(), z: proof.z.toString() },
      };
      return { ...body, signature: signMessage(secrets[2]!, 'complaint', body) };
    };
    const falseComplaint = complaint(pointJson(ephemeral.multiply(t)), honestProof);
    const r1 = finalizeCommittee(committee, { dealings, complaints: [falseComplaint] });
    expect(r1.key.qualified).toEqual([1, 2, 3, 4, 5]);
    expect(r1.rejectedComplaints).toEqual([
      { complainant: 3, dealer: 1, reason: 'complaint the share is consistent with the dealer’s commitments' },
    ]);
    // a made-up shared point (whose decryption would fail) with that proof: the proof does not verify
    const lie = complaint(pointJson(mulG(5n)), honestProof);
    const r2 = finalizeCommittee(committee, { dealings, complaints: [lie] });
    expect(r2.key.qualified).toEqual([1, 2, 3, 4, 5]);
    expect(r2.rejectedComplaints[0]!.reason).toMatch(/proof of the shared point does not verify/);
    // a complaint signed by someone other than the complainant is not even considered
    const { signature: _s, ...unsigned } = falseComplaint;
    const r3 = finalizeCommittee(committee, {
      dealings,
      complaints: [{ ...unsigned, signature: signMessage(secrets[1]!, 'complaint', unsigned) }],
    });
    expect(r3.key.qualified).toEqual([1, 2, 3, 4, 5]);
    expect(r3.rejectedComplaints[0]!.reason).toMatch(/signature does not verify/);
  });

  it('excludes a dealing with a bad signature or proof of possession, and refuses to finalize with fewer than k qualified dealers', () => {
    const { committee, secrets } = setup();
    const dealings = secrets.map((s) => createDealing(committee, s));
    const unsigned = { ...dealings[0]!, signature: dealings[1]!.signature };
    const v = verifyDealings(committee, secrets[2]!, [unsigned, ...dealings.slice(1)]);
    expect(v.refused).toEqual([expect.objectContaining({ dealer: 1, code: 'ESCROW_DEALING_INVALID' })]);
    const { signature: _s, ...noPop } = { ...dealings[2]!, proofOfPossession: dealings[3]!.proofOfPossession };
    const r = finalizeCommittee(committee, {
      dealings: [
        unsigned,
        dealings[1],
        { ...noPop, signature: signMessage(secrets[2]!, 'dealing', noPop) },
        dealings[3],
        dealings[4],
      ],
    });
    expect(r.key.qualified).toEqual([2, 4, 5]);
    expect(r.key.disqualified.map((d) => d.dealer)).toEqual([1, 3]);
    expect(codeOf(() => finalizeCommittee(committee, { dealings: dealings.slice(0, 2) }))).toBe(
      'ESCROW_DKG_INCOMPLETE',
    );
  });

  it('refuses an inconsistent committee description', () => {
    const keys = NAMES.map((n) => createMemberKeys(n));
    expect(codeOf(() => createCommittee({ epoch: 1, threshold: 6, members: keys.map((k) => k.card) }))).toBe(
      'ESCROW_COMMITTEE_INVALID',
    );
    expect(codeOf(() => createCommittee({ epoch: 1, threshold: 1, members: keys.map((k) => k.card) }))).toBe(
      'ESCROW_COMMITTEE_INVALID',
    );
    expect(codeOf(() => createCommittee({ epoch: 1, threshold: 2, members: [keys[0]!.card, keys[0]!.card] }))).toBe(
      'ESCROW_COMMITTEE_INVALID',
    );
  });
});
