/**
 * EdDSA-Poseidon on BabyJubJub, compatible with circomlib's EdDSAPoseidonVerifier (the circuit's
 * signature check). Keys follow circomlibjs: a 32-byte private key, BLAKE-512 derived scalar.
 * Private keys never leave the caller; nothing here logs.
 */
import { createHash, createHmac } from 'node:crypto';
import { createRequire } from 'node:module';
import { BABYJUB_SUBORDER, mulBase8 } from './babyjub-fixed-base.js';
import { FIELD_MODULUS } from './field.js';
import { poseidon } from './poseidon.js';
import type * as EddsaPoseidon from '@zk-kit/eddsa-poseidon';

// The package's ESM build imports CommonJS blakejs by named exports, which Node's ESM loader
// rejects; its CommonJS build is the same code and loads everywhere.
const { deriveSecretScalar, verifySignature } = createRequire(import.meta.url)(
  '@zk-kit/eddsa-poseidon',
) as typeof EddsaPoseidon;

export interface BabyJubPoint {
  x: bigint;
  y: bigint;
}

export interface EddsaSignature {
  R8: BabyJubPoint;
  S: bigint;
}

/** A = s'·Base8 with s' = circomlibjs' secret scalar (BLAKE-512 of the key, pruned, >> 3). */
export function babyJubPublicKey(privateKey: Uint8Array): BabyJubPoint {
  assertKey(privateKey);
  const [x, y] = mulBase8(BigInt(deriveSecretScalar(Buffer.from(privateKey))));
  return { x, y };
}

/**
 * EdDSA-Poseidon signature verifiable by circomlib's EdDSAPoseidonVerifier:
 *   R8 = r·Base8, h = Poseidon(R8x, R8y, Ax, Ay, M), S = r + 8·h·s' (mod l), so S·Base8 = R8 + 8·h·A.
 * The nonce r is deterministic (RFC 6979 in spirit): HMAC-SHA-512 keyed by a hash of the private
 * key over the message, reduced mod l (bias < 2^-250), so no RNG failure can leak the key.
 * Both scalar multiplications use the fixed-base table (babyjub-fixed-base.ts).
 */
export function signPoseidon(privateKey: Uint8Array, message: bigint): EddsaSignature {
  assertKey(privateKey);
  if (typeof message !== 'bigint' || message < 0n || message >= FIELD_MODULUS)
    throw new RangeError('message must be a field element');
  const sPrime = BigInt(deriveSecretScalar(Buffer.from(privateKey)));
  const [ax, ay] = mulBase8(sPrime);
  const nonceKey = createHash('sha512').update('vouch/eddsa-poseidon/nonce').update(privateKey).digest();
  const msg = Buffer.alloc(32);
  let m = message;
  for (let i = 0; i < 32; i++, m >>= 8n) msg[i] = Number(m & 0xffn);
  const digest = createHmac('sha512', nonceKey).update(msg).digest();
  nonceKey.fill(0);
  let r = 0n;
  for (const b of digest) r = (r << 8n) | BigInt(b);
  r %= BABYJUB_SUBORDER;
  const [rx, ry] = mulBase8(r);
  const h = poseidon([rx, ry, ax, ay, message]);
  const S = (r + 8n * h * sPrime) % BABYJUB_SUBORDER;
  return { R8: { x: rx, y: ry }, S };
}

export function verifyPoseidon(publicKey: BabyJubPoint, message: bigint, signature: EddsaSignature): boolean {
  try {
    return verifySignature(message, { R8: [signature.R8.x, signature.R8.y], S: signature.S }, [
      publicKey.x,
      publicKey.y,
    ]);
  } catch {
    return false;
  }
}

export function randomBabyJubPrivateKey(): Uint8Array {
  const key = new Uint8Array(32);
  globalThis.crypto.getRandomValues(key);
  return key;
}

function assertKey(key: Uint8Array): void {
  if (!(key instanceof Uint8Array) || key.length !== 32) throw new TypeError('BabyJubJub private key must be 32 bytes');
}
