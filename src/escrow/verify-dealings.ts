/**
 * A member's check of every dealing it received: the public checks (dealing.ts) and, for its own
 * share, Feldman's check f_i(j)·G = Σ C_it·j^t. For each dealer whose share to it is bad it makes a
 * signed complaint that proves which share it was (the shared point K with a Chaum–Pedersen proof),
 * so every other member can confirm the complaint without trusting the complainant.
 */
import { isVouchError, type VouchErrorCode } from '../errors/index.js';
import { memberOfSecret, signMessage, type Committee, type MemberSecret } from './committee.js';
import { pointJson, proofJson, scalar } from './lib/codec.js';
import { G } from './lib/curve.js';
import { checkShare, complaintContext, COMPLAINT_DOMAIN, parseDealing, type ComplaintJson } from './lib/dealing.js';
import { proveDleq } from './lib/dleq.js';
import { openShare, sharedPoint } from './lib/share-transport.js';

export interface VerifyDealingsResult {
  /** Dealers whose share to this member checks out. */
  accepted: number[];
  /** Complaints this member files (publish them beside the dealings). */
  complaints: ComplaintJson[];
  /** Dealings every member refuses on public grounds (no complaint needed), with the code. */
  refused: { index: number; dealer?: number; code: VouchErrorCode; message: string }[];
}

export function verifyDealings(
  committee: Committee,
  secret: MemberSecret,
  dealings: readonly unknown[],
): VerifyDealingsResult {
  const me = memberOfSecret(committee, secret);
  const t = scalar(secret.transportSecret, 'transportSecret', 'INPUT_INVALID');
  const out: VerifyDealingsResult = { accepted: [], complaints: [], refused: [] };
  dealings.forEach((json, i) => {
    let dealing;
    try {
      dealing = parseDealing(committee, json);
    } catch (err) {
      if (!isVouchError(err)) throw err;
      const dealer = (err.details?.dealer as number | undefined) ?? undefined;
      out.refused.push({ index: i, ...(dealer === undefined ? {} : { dealer }), code: err.code, message: err.message });
      return;
    }
    const sealed = dealing.shares[me.index - 1]!;
    const k = sharedPoint(t, sealed.ephemeral);
    const verdict = checkShare(
      committee,
      dealing,
      me.index,
      openShare(sealed, k, { committeeId: committee.id, dealer: dealing.dealer, recipient: me.index }),
    );
    if (verdict === 'ok') {
      out.accepted.push(dealing.dealer);
      return;
    }
    const about = { dealer: dealing.dealer, complainant: me.index, dealingDigest: dealing.digest };
    const proof = proveDleq(
      COMPLAINT_DOMAIN,
      complaintContext(committee, about),
      { g: G, x: me.transportKey, h: sealed.ephemeral, y: k },
      t,
    );
    const body: Omit<ComplaintJson, 'signature'> = {
      type: 'vouch-escrow-complaint',
      version: 1,
      committeeId: committee.id,
      complainant: me.index,
      dealer: dealing.dealer,
      dealingDigest: dealing.digest,
      sharedPoint: pointJson(k),
      proof: proofJson(proof),
    };
    out.complaints.push({ ...body, signature: signMessage(secret, 'complaint', body) });
  });
  return out;
}
