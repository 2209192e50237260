/**
 * RFC 6962 §2.1 / RFC 9162 §2.1.1 hashing with SHA-256: leaves and interior nodes get different
 * one-byte prefixes (0x00, 0x01) so a leaf can never be passed off as a node (second-preimage
 * resistance). This is the only place that knows the prefixes.
 */
import { createHash } from 'node:crypto';

/** SHA-256 output size; every log hash, root and proof element has this length. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

/** MTH({}) = SHA-256 of the empty string (RFC 6962 §2.1). */
export const EMPTY_ROOT: Uint8Array = sha256();

/** MTH({d}) = SHA-256(0x00 || d). */
export function hashLeaf(input: Uint8Array): Uint8Array {
  return sha256(LEAF_PREFIX, input);
}

/** SHA-256(0x01 || left || right). Callers pass 32-byte hashes; the vectors also hash raw bytes. */
export function hashChildren(left: Uint8Array, right: Uint8Array): Uint8Array {
  return sha256(NODE_PREFIX, left, right);
}

/** SHA-256 over the concatenation of the parts (node:crypto: about twice as fast as a JS hash here). */
export function sha256(...parts: Uint8Array[]): Uint8Array {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  const d = h.digest();
  return new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/** Byte equality for public values (hashes, roots); not meant for secrets. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
