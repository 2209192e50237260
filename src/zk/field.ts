/**
 * The BN254 scalar field, in which every circuit signal lives. Anything that becomes a public
 * signal passes through `assertCanonical`: a value >= r would alias x - r inside the circuit
 * (the CVE-2023-33252 class of bug), so it is rejected instead of reduced.
 */
import { VouchError } from '../errors/index.js';

/** r, the order of BN254's G1 (and the circuit's field). */
export const FIELD_MODULUS = 21888242871839275222246405745257275088548364400416034343698204186575808495617n;

/** p, BN254's base field, for proof point coordinates. */
export const BASE_MODULUS = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

export function isCanonical(value: bigint): boolean {
  return value >= 0n && value < FIELD_MODULUS;
}

/** Parses a decimal string into a canonical field element or throws SIGNAL_NOT_CANONICAL. */
export function parseFieldElement(value: unknown, what = 'signal'): bigint {
  if (typeof value === 'bigint') {
    if (!isCanonical(value)) throw new VouchError('SIGNAL_NOT_CANONICAL', `${what} is not below the field modulus`);
    return value;
  }
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new VouchError('SIGNAL_NOT_CANONICAL', `${what} must be a decimal string without leading zeros`);
  }
  const v = BigInt(value);
  if (!isCanonical(v)) throw new VouchError('SIGNAL_NOT_CANONICAL', `${what} is not below the field modulus`);
  return v;
}

/** Reduces arbitrary bytes (e.g. a hash) into the field. Only for deriving values, never for checking. */
export function bytesToField(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return v % FIELD_MODULUS;
}

/** Random field element from the CSPRNG (uniform up to a 2^-250 bias via 512-bit reduction). */
export function randomFieldElement(): bigint {
  const bytes = new Uint8Array(64);
  globalThis.crypto.getRandomValues(bytes);
  return bytesToField(bytes);
}
