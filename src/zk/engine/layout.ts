/**
 * Byte sizes of wasmcurves' BN254 encodings (little-endian, Montgomery form for field elements)
 * and the two conversions the engine's constants need.
 */
import { BASE_MODULUS } from '../field.js';

export const FP_BYTES = 32;
export const F2_BYTES = 64;
export const GT_BYTES = 384;
export const G1_AFFINE_BYTES = 64;
export const G1_JAC_BYTES = 96;
export const G2_AFFINE_BYTES = 128;
export const G2_JAC_BYTES = 192;
/** A scalar of the fixed-base tables: 32 bytes little-endian, one table window per byte. */
export const SCALAR_BYTES = 32;
/** Batch scalars are 128-bit. */
export const BATCH_SCALAR_BYTES = 16;

export function leBytes(v: bigint, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** An Fp element as wasmcurves stores it: a * 2^256 mod p, 32 bytes little-endian. */
export function fpMontgomery(a: bigint): Uint8Array {
  return leBytes(((a % BASE_MODULUS) << 256n) % BASE_MODULUS, FP_BYTES);
}
