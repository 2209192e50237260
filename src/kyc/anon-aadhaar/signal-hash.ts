/**
 * Anon Aadhaar's own signal hashing (@anon-aadhaar/core `hash`): keccak256 over the signal as a
 * 32-byte big-endian word, shifted right by 3 bits so it fits the BN254 field. Vouch's signal is
 * the holder's subject commitment, so the proof is bound to that holder: the holder passes
 * `signal: subject.toString()` (decimal) when proving.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { FIELD_MODULUS } from '../../zk/index.js';

export function anonAadhaarSignalHash(signal: bigint): bigint {
  if (typeof signal !== 'bigint' || signal < 0n || signal >= FIELD_MODULUS) {
    throw new RangeError('signal must be a BN254 field element');
  }
  const word = new Uint8Array(32);
  let v = signal;
  for (let i = 31; i >= 0; i--) {
    word[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  let digest = 0n;
  for (const b of keccak_256(word)) digest = (digest << 8n) | BigInt(b);
  return digest >> 3n;
}
