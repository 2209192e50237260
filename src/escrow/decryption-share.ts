/**
 * A member's decryption share for one logged unmasking request: d_j = s_j·C1, with a Chaum–Pedersen
 * proof that log_G PK_j = log_C1 d_j, bound (in its Fiat–Shamir transcript) to the committee, the
 * member, the request and the ciphertext. So a wrong share is detected and the member named, and a
 * share made for one request is worthless for any other. The share s_j itself never leaves here.
 *
 * Producing a share is only allowed once the request is proved to be in the log: the CLI and
 * `shareForLoggedRequest` (unmask.ts) check that first; this module is the arithmetic.
 */
import { VouchError } from '../errors/index.js';
import type { EscrowCommittee } from './committee-key.js';
import { escrowCiphertextDigest, type EscrowCiphertext, type EscrowPointJson } from './format.js';
import { hex, object, point, pointJson, proof, proofJson } from './lib/codec.js';
import { G, mul, type Point } from './lib/curve.js';
import { proveDleq, verifyDleq } from './lib/dleq.js';

export const DECRYPTION_SHARE_DOMAIN = 'vouch/escrow/decryption-share/v1';

export interface DecryptionShareJson {
  type: 'vouch-escrow-decryption-share';
  version: 1;
  committeeId: string;
  member: number;
  /** The unmasking request this share is for: its log leaf hash (hex). */
  request: string;
  ciphertextDigest: string;
  share: EscrowPointJson;
  proof: { c: string; z: string };
}

export interface CreateDecryptionShareOptions {
  committee: EscrowCommittee;
  member: number;
  /** s_j (from the member's sealed share file). */
  share: bigint;
  ciphertext: EscrowCiphertext;
  request: string;
}

export function createDecryptionShare(o: CreateDecryptionShareOptions): DecryptionShareJson {
  const m = o.committee.members.find((x) => x.index === o.member);
  if (!m || !G.multiply(o.share).equals(m.publicKey)) {
    throw new VouchError('ESCROW_MEMBER_UNKNOWN', 'this share is not the key share of a member of this committee', {
      details: { member: o.member },
    });
  }
  const d = mul(o.ciphertext.c1, o.share);
  const ciphertextDigest = escrowCiphertextDigest(o.ciphertext);
  const p = proveDleq(
    DECRYPTION_SHARE_DOMAIN,
    context(o.committee.committeeId, o.member, o.request, ciphertextDigest),
    { g: G, x: m.publicKey, h: o.ciphertext.c1, y: d },
    o.share,
  );
  return {
    type: 'vouch-escrow-decryption-share',
    version: 1,
    committeeId: o.committee.committeeId,
    member: o.member,
    request: o.request,
    ciphertextDigest,
    share: pointJson(d),
    proof: proofJson(p),
  };
}

/**
 * A share from untrusted input, checked against the committee, the ciphertext and the request:
 * ESCROW_MEMBER_UNKNOWN for a member (or committee) that is not this one, ESCROW_SHARE_INVALID
 * naming the member for anything else (malformed, another request, a proof that fails).
 */
export function verifyDecryptionShare(
  committee: EscrowCommittee,
  ciphertext: EscrowCiphertext,
  request: string,
  json: unknown,
): { member: number; point: Point } {
  const o = object(json, 'share', 'INPUT_INVALID');
  const member = typeof o.member === 'number' && Number.isInteger(o.member) ? o.member : undefined;
  const m = committee.members.find((x) => x.index === member);
  if (o.committeeId !== committee.committeeId || !m) {
    throw new VouchError(
      'ESCROW_MEMBER_UNKNOWN',
      member === undefined ? 'the share names no member' : `member ${member} is not in this escrow committee`,
      {
        details: member === undefined ? {} : { member },
      },
    );
  }
  const bad = (why: string, cause?: unknown): never => {
    throw new VouchError('ESCROW_SHARE_INVALID', `decryption share of member ${m.index}: ${why}`, {
      details: { member: m.index },
      ...(cause ? { cause } : {}),
    });
  };
  if (o.type !== 'vouch-escrow-decryption-share' || o.version !== 1)
    bad('not a vouch-escrow-decryption-share version 1');
  const ciphertextDigest = escrowCiphertextDigest(ciphertext);
  if (o.request !== request || o.ciphertextDigest !== ciphertextDigest)
    bad('it was made for another request or ciphertext');
  let d: Point;
  let p;
  try {
    hex(o.request, 'request', 'INPUT_INVALID');
    d = point(o.share, 'share', 'INPUT_INVALID');
    p = proof(o.proof, 'proof', 'INPUT_INVALID');
  } catch (err) {
    return bad('it is malformed', err);
  }
  if (
    !verifyDleq(
      DECRYPTION_SHARE_DOMAIN,
      context(committee.committeeId, m.index, request, ciphertextDigest),
      { g: G, x: m.publicKey, h: ciphertext.c1, y: d },
      p,
    )
  ) {
    bad('its Chaum–Pedersen proof does not verify');
  }
  return { member: m.index, point: d };
}

function context(committeeId: string, member: number, request: string, ciphertextDigest: string): (string | bigint)[] {
  return [committeeId, BigInt(member), request, ciphertextDigest];
}
