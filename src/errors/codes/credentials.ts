import type { CodeTable } from '../kinds.js';

export const credentialCodes = {
  ISSUER_KEY_UNAVAILABLE: { kind: 'unavailable', title: 'The issuer has no valid key for this operation' },
  CREDENTIAL_ALREADY_REVOKED: { kind: 'conflict', title: 'The credential is already revoked' },
  CREDENTIAL_INVALID: { kind: 'verification', title: 'The credential file does not verify' },
  HOLDER_FILE_INVALID: { kind: 'input', title: 'The holder file is malformed' },
  SNAPSHOT_SIGNATURE_INVALID: { kind: 'verification', title: 'The status snapshot signature does not verify' },
  SNAPSHOT_STALE: { kind: 'verification', title: 'The status snapshot is too old' },
  SNAPSHOT_ROLLBACK: { kind: 'verification', title: 'The status snapshot is older than one already accepted' },
  SNAPSHOT_INCONSISTENT: {
    kind: 'verification',
    title: 'The snapshot’s revoked list does not produce its status root',
  },
  REGISTRY_INVALID: { kind: 'input', title: 'The registry file is malformed' },
  REGISTRY_NOT_LOGGED: {
    kind: 'verification',
    title: 'A root the registry file carries is not in the transparency log',
  },
  ISSUER_SET_FULL: { kind: 'conflict', title: 'The issuer set is full' },
  ISSUER_SET_FORBIDDEN: {
    kind: 'forbidden',
    title: 'Only the issuer set’s owner may change it, or name it in a policy',
  },
} as const satisfies CodeTable;
