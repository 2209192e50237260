import type { CodeTable } from '../kinds.js';

/** Codes of the multi-party phase-2 ceremony (`vouch ceremony`, src/zk/ceremony). */
export const ceremonyCodes = {
  PTAU_INVALID: {
    kind: 'input',
    title:
      'The powers-of-tau file is not a prepared BN254 phase-1 file, does not verify, or is not the one the ceremony started from',
  },
  PTAU_TOO_SMALL: { kind: 'input', title: 'The powers-of-tau file has too few powers for the circuit' },
  PTAU_UNLISTED: {
    kind: 'input',
    title:
      'The powers-of-tau file is not one of the supported public phase-1 files (acknowledge with --ptau-unlisted to have it verified instead)',
  },
  PTAU_DEV: {
    kind: 'input',
    title: 'The powers-of-tau file is the dev ceremony’s, whose randomness is public: only a rehearsal may use it',
  },
  CEREMONY_INVALID: {
    kind: 'input',
    title: 'The directory is not a ceremony, or its transcript is malformed or does not match its files',
  },
  CEREMONY_CONTRIBUTION_INVALID: { kind: 'verification', title: 'A contribution of the ceremony does not verify' },
  CEREMONY_BEACON_MISSING: { kind: 'conflict', title: 'The ceremony has no public beacon yet: it cannot be finalized' },
  CEREMONY_CLOSED: { kind: 'conflict', title: 'The ceremony’s beacon is applied: it takes no more contributions' },
} as const satisfies CodeTable;
