/**
 * EdDSA-Poseidon on BabyJubJub, compatible with circomlib's EdDSAPoseidonVerifier (the circuit's
 * signature check). Keys follow circomlibjs: a 32-byte private key, BLAKE-512 derived scalar.
 * Private keys never leave the caller; nothing here logs.
 */
import { createRequire } from 'node:module';
import type * as EddsaPoseidon from '@zk-kit/eddsa-poseidon';

// The package's ESM build imports CommonJS blakejs by named exports, which Node's ESM loader
// rejects; its CommonJS build is the same code and loads everywhere.
const { derivePublicKey, signMessage, verifySignature } = createRequire(import.meta.url)('@zk-kit/eddsa-poseidon') as typeof EddsaPoseidon;

export interface BabyJubPoint {
  x: bigint;
  y: bigint;
}

export interface EddsaSignature {
  R8: BabyJubPoint;
  S: bigint;
}

export function babyJubPublicKey(privateKey: Uint8Array): BabyJubPoint {
  assertKey(privateKey);
  const [x, y] = derivePublicKey(Buffer.from(privateKey));
  return { x: BigInt(x), y: BigInt(y) };
}

export function signPoseidon(privateKey: Uint8Array, message: bigint): EddsaSignature {
  assertKey(privateKey);
  const sig = signMessage(Buffer.from(privateKey), message);
  return { R8: { x: BigInt(sig.R8[0]), y: BigInt(sig.R8[1]) }, S: BigInt(sig.S) };
}

export function verifyPoseidon(publicKey: BabyJubPoint, message: bigint, signature: EddsaSignature): boolean {
  try {
    return verifySignature(message, { R8: [signature.R8.x, signature.R8.y], S: signature.S }, [publicKey.x, publicKey.y]);
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
