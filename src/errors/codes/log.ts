import type { CodeTable } from '../kinds.js';

/** Transparency log, signed notes and checkpoints. */
export const logCodes = {
  LOG_ENTRY_INVALID: { kind: 'input', title: 'The log entry is not a valid kind and JSON payload' },
  LOG_RANGE_INVALID: { kind: 'input', title: 'The index or tree size is outside the log' },
  LOG_INCLUSION_INVALID: { kind: 'verification', title: 'The inclusion proof does not verify' },
  LOG_CONSISTENCY_INVALID: { kind: 'verification', title: 'The consistency proof does not verify' },
  LOG_INTEGRITY_FAILED: {
    kind: 'verification',
    title: 'The stored log does not match its own hashes or a published checkpoint',
  },
  LOG_STATE_CORRUPT: { kind: 'internal', title: 'The stored log is missing a hash it must have' },
  LOG_KEY_UNAVAILABLE: { kind: 'unavailable', title: 'The log signing key cannot be loaded' },
  LOG_KEY_INSECURE: { kind: 'unavailable', title: 'The log signing key file is readable by other users' },
  NOTE_MALFORMED: { kind: 'input', title: 'The signed note is malformed' },
  NOTE_SIGNATURE_INVALID: { kind: 'verification', title: 'A signature by a known key does not verify' },
  NOTE_UNVERIFIED: { kind: 'verification', title: 'The note carries no signature by a known key' },
  VERIFIER_KEY_INVALID: { kind: 'input', title: 'The verifier key string is malformed' },
  CHECKPOINT_MALFORMED: { kind: 'input', title: 'The checkpoint is not a well-formed tlog checkpoint' },
  CHECKPOINT_SIGNATURE_INVALID: { kind: 'verification', title: 'The checkpoint is not validly signed by the log key' },
  CHECKPOINT_ORIGIN_MISMATCH: { kind: 'verification', title: 'The checkpoint names a different log origin' },
  CHECKPOINT_INCONSISTENT: { kind: 'verification', title: 'Two checkpoints do not describe one append-only log' },
} as const satisfies CodeTable;
