/**
 * Identity escrow: the committee's threshold key (k of n, no trusted dealer), decryption shares
 * with proofs of correctness, and unmasking that only happens after the request is in the
 * transparency log. See format.ts for the ciphertext the circuit produces.
 */
export {
  ESCROW_CREDENTIAL_INDEX_BITS,
  ESCROW_ISSUER_INDEX_BITS,
  ESCROW_IDENTITY_BITS,
  ESCROW_IDENTITY_BOUND,
  encodeEscrowIdentity,
  decodeEscrowIdentity,
  parseEscrowPoint,
  escrowPointToJson,
  parseEscrowCiphertext,
  escrowCiphertextToJson,
  escrowCiphertextSignals,
  escrowCiphertextFromSignals,
  escrowCiphertextDigest,
} from './format.js';
export type { EscrowIdentity, EscrowPointJson, EscrowCiphertextJson, EscrowCiphertext, EscrowCommitteeJson } from './format.js';
export { encryptEscrowIdentity } from './encrypt.js';
export type { EncryptEscrowIdentityOptions } from './encrypt.js';
export { G as ESCROW_GENERATOR, SUBGROUP_ORDER as ESCROW_SUBGROUP_ORDER, pointFromAffine } from './lib/curve.js';
export type { Point as EscrowPoint } from './lib/curve.js';
