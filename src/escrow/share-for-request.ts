/**
 * A committee member's decryption share for a logged unmasking request — the only way this code
 * base produces one. The request must first pass verifyLoggedRequest (in the log, under a signed
 * checkpoint newer than the request), and must be for this member's committee: a request for a
 * ciphertext under another committee's key is ESCROW_KEY_STALE.
 */
import { VouchError } from '../errors/index.js';
import type { EscrowCommittee } from './committee-key.js';
import { createDecryptionShare, type DecryptionShareJson } from './decryption-share.js';
import { verifyLoggedRequest, type VerifyLoggedRequestOptions } from './verify-logged-request.js';

export interface ShareForRequestOptions extends VerifyLoggedRequestOptions {
  committee: EscrowCommittee;
  member: number;
  /** The member's key share s_j (opened from its sealed file just for this call). */
  share: bigint;
}

export function shareForLoggedRequest(o: ShareForRequestOptions): {
  share: DecryptionShareJson;
  requestIndex: number;
  ref: string;
} {
  const verified = verifyLoggedRequest(o);
  const r = verified.request;
  if (r.committeeId !== o.committee.committeeId || r.epoch !== o.committee.epoch) {
    throw new VouchError(
      'ESCROW_KEY_STALE',
      `the request is for the escrow committee of epoch ${r.epoch}, not this member's (epoch ${o.committee.epoch})`,
      {
        details: { requestEpoch: r.epoch, memberEpoch: o.committee.epoch },
      },
    );
  }
  const share = createDecryptionShare({
    committee: o.committee,
    member: o.member,
    share: o.share,
    ciphertext: r.parsedCiphertext,
    request: verified.ref,
  });
  return { share, requestIndex: verified.index, ref: verified.ref };
}
