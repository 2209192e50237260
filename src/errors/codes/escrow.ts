import type { CodeTable } from '../kinds.js';

/** Identity escrow: the committee's threshold key, decryption shares, unmasking through the log. */
export const escrowCodes = {
  ESCROW_POINT_INVALID: {
    kind: 'input',
    title: 'A point is not a BabyJubJub point of the prime-order subgroup, or is the identity',
  },
  ESCROW_CIPHERTEXT_MALFORMED: { kind: 'input', title: 'The escrow ciphertext does not have the expected shape' },
  ESCROW_COMMITTEE_INVALID: { kind: 'input', title: 'The escrow committee description is malformed or inconsistent' },
  ESCROW_DEALING_INVALID: {
    kind: 'verification',
    title: 'A dealt share does not match its dealer’s published commitments',
  },
  ESCROW_DEALER_DISQUALIFIED: { kind: 'verification', title: 'The dealer was disqualified by an upheld complaint' },
  ESCROW_DKG_INCOMPLETE: { kind: 'conflict', title: 'The key generation is not complete enough for this step' },
  ESCROW_MEMBER_UNKNOWN: { kind: 'verification', title: 'The member is not in the escrow committee' },
  ESCROW_SHARE_INVALID: { kind: 'verification', title: 'The decryption share’s proof of correctness does not verify' },
  ESCROW_SHARE_DUPLICATE: { kind: 'input', title: 'Two decryption shares come from the same member' },
  ESCROW_NOT_ENOUGH_SHARES: {
    kind: 'verification',
    title: 'Fewer valid decryption shares than the committee threshold',
  },
  ESCROW_KEY_STALE: {
    kind: 'verification',
    title: 'The ciphertext is encrypted to a committee key that is not the current one',
  },
  ESCROW_IDENTITY_OUT_OF_RANGE: {
    kind: 'verification',
    title: 'The decrypted point is not an escrow identity in the bounded range',
  },
  ESCROW_MEMBER_KEY_UNAVAILABLE: {
    kind: 'unavailable',
    title: 'The escrow member’s sealed key or key share cannot be read or written',
  },
  ESCROW_MEMBER_KEY_INSECURE: { kind: 'unavailable', title: 'The escrow member’s key file is readable by other users' },
  UNMASK_REQUEST_INVALID: { kind: 'input', title: 'The unmasking request is malformed' },
  UNMASK_NOT_LOGGED: {
    kind: 'verification',
    title: 'The unmasking request is not proved to be in the transparency log',
  },
  UNMASK_CHECKPOINT_STALE: { kind: 'verification', title: 'The checkpoint does not cover the unmasking request' },
} as const satisfies CodeTable;
