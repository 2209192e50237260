/**
 * The `pubkeyHash` an Anon Aadhaar proof outputs, computed from a UIDAI certificate or public key
 * so trust is configured as "this key", never as a pasted number. The circuit
 * (helpers/signature.circom, SignatureVerifier(121, 17)) splits the RSA modulus into 17
 * little-endian 121-bit limbs (@anon-aadhaar/core `splitToWords`), merges neighbours as
 * lo + hi·2^121 (the odd last limb stays alone) and hashes the 9 results with Poseidon.
 */
import { createPublicKey } from 'node:crypto';
import { poseidon9 } from 'poseidon-lite';
import { VouchError } from '../../errors/index.js';

/** Circuit parameters: n = 121 bits per limb, k = 17 limbs (room for a 2048-bit modulus). */
const LIMB_BITS = 121n;
const LIMBS = 17;

/** Poseidon pubkey hash of the RSA key in a PEM certificate or SubjectPublicKeyInfo. */
export function uidaiPubkeyHash(pem: string | Uint8Array): bigint {
  let jwk: { kty?: string; n?: string; e?: string };
  try {
    jwk = createPublicKey(typeof pem === 'string' ? pem : Buffer.from(pem)).export({ format: 'jwk' });
  } catch (cause) {
    throw new VouchError('CONFIG_INVALID', 'UIDAI key is not a PEM certificate or public key', { cause });
  }
  // The circuit is RSAVerifier65537 over 17×121-bit limbs: other exponents or sizes cannot appear in a proof.
  if (jwk.kty !== 'RSA' || jwk.e !== 'AQAB' || jwk.n === undefined) {
    throw new VouchError('CONFIG_INVALID', 'UIDAI key must be RSA with exponent 65537');
  }
  const modulus = BigInt('0x' + Buffer.from(jwk.n, 'base64url').toString('hex'));
  if (modulus.toString(2).length !== 2048) throw new VouchError('CONFIG_INVALID', 'UIDAI key must be RSA-2048');
  return pubkeyHashFromModulus(modulus);
}

export function pubkeyHashFromModulus(modulus: bigint): bigint {
  const mask = (1n << LIMB_BITS) - 1n;
  const limbs: bigint[] = [];
  let rest = modulus;
  for (let i = 0; i < LIMBS; i++) {
    limbs.push(rest & mask);
    rest >>= LIMB_BITS;
  }
  if (rest !== 0n) throw new RangeError('modulus does not fit 17 limbs of 121 bits');
  const merged: bigint[] = [];
  for (let i = 0; i < LIMBS; i += 2) {
    merged.push(i + 1 < LIMBS ? limbs[i]! + (limbs[i + 1]! << LIMB_BITS) : limbs[i]!);
  }
  return poseidon9(merged);
}
