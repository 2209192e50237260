import type { CodeTable } from '../kinds.js';

export const zkCodes = {
  ARTIFACT_MISSING: { kind: 'unavailable', title: 'Circuit artifacts have not been built' },
  DEV_ARTIFACTS_REFUSED: {
    kind: 'unavailable',
    title:
      'The verifying key comes from the dev ceremony (anyone can forge proofs under it) and development mode is off',
  },
  ARTIFACT_HASH_MISMATCH: { kind: 'internal', title: 'A circuit artifact does not match its manifest' },
  WITNESS_UNSATISFIED: { kind: 'input', title: 'The inputs do not satisfy the circuit' },
  PROOF_MALFORMED: { kind: 'input', title: 'The proof is not a well-formed Groth16 proof' },
  PROOF_INVALID: { kind: 'verification', title: 'The proof does not verify' },
  SIGNAL_NOT_CANONICAL: { kind: 'input', title: 'A public signal is not a canonical field element' },
  SIGNAL_OUT_OF_RANGE: { kind: 'input', title: 'A public signal is outside the range the circuit allows for it' },
  POINT_INVALID: { kind: 'input', title: 'A proof point is not on the curve or not in the subgroup' },
  CREDENTIAL_NOT_HOLDERS: { kind: 'input', title: 'The credential was issued to another holder' },
  CREDENTIAL_SIGNATURE_INVALID: {
    kind: 'verification',
    title: 'The issuer signature over the credential does not verify',
  },
  ISSUER_NOT_IN_SET: { kind: 'input', title: 'The issuer is not in the trusted issuer set' },
  STATUS_WITNESS_STALE: { kind: 'input', title: 'The non-revocation witness does not match the status root' },
  CREDENTIAL_REVOKED: { kind: 'input', title: 'The credential is revoked' },
  CREDENTIAL_NOT_YET_VALID: { kind: 'input', title: 'The credential is not valid yet' },
  CREDENTIAL_EXPIRED: { kind: 'input', title: 'The credential has expired' },
  POLICY_UNSATISFIED: { kind: 'input', title: 'The credential does not satisfy the policy' },
  TRADE_VALUE_EXCEEDS_LIMIT: { kind: 'input', title: 'The trade value exceeds the per-trade limit' },
  CUMULATIVE_LIMIT_EXCEEDED: {
    kind: 'input',
    title: 'The trade would take the period’s running total over the policy’s cumulative cap',
  },
  LIMIT_STATE_MISSING: {
    kind: 'input',
    title: 'The policy sets a cumulative limit but no running-total state was given',
  },
  LIMIT_STATE_INVALID: {
    kind: 'input',
    title: 'The running-total opening does not open its commitment, or the wallet state does not match the receipts',
  },
  ESCROW_KEY_MISSING: {
    kind: 'input',
    title: 'The policy requires identity escrow but no escrow committee key was given',
  },
} as const satisfies CodeTable;
