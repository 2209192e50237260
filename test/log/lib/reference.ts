/**
 * RFC 6962 §2.1 taken literally, for tests only: MTH, PATH and PROOF/SUBPROOF as recursive
 * functions over the list of leaf inputs, with an independent SHA-256 (@noble/hashes) so the
 * reference shares no code with src/log.
 */
import { sha256 } from '@noble/hashes/sha2.js';

function h(...parts: Uint8Array[]): Uint8Array {
  const len = parts.reduce((a, p) => a + p.length, 0);
  const buf = new Uint8Array(len);
  let o = 0;
  for (const p of parts) {
    buf.set(p, o);
    o += p.length;
  }
  return sha256(buf);
}

/** Largest power of two smaller than n. */
function k(n: number): number {
  let x = 1;
  while (x * 2 < n) x *= 2;
  return x;
}

export function MTH(D: Uint8Array[]): Uint8Array {
  const n = D.length;
  if (n === 0) return h();
  if (n === 1) return h(Uint8Array.of(0), D[0]!);
  const s = k(n);
  return h(Uint8Array.of(1), MTH(D.slice(0, s)), MTH(D.slice(s)));
}

export function PATH(m: number, D: Uint8Array[]): Uint8Array[] {
  const n = D.length;
  if (n === 1) return [];
  const s = k(n);
  if (m < s) return [...PATH(m, D.slice(0, s)), MTH(D.slice(s))];
  return [...PATH(m - s, D.slice(s)), MTH(D.slice(0, s))];
}

export function PROOF(m: number, D: Uint8Array[]): Uint8Array[] {
  return SUBPROOF(m, D, true);
}

function SUBPROOF(m: number, D: Uint8Array[], b: boolean): Uint8Array[] {
  const n = D.length;
  if (m === n) return b ? [] : [MTH(D)];
  const s = k(n);
  if (m <= s) return [...SUBPROOF(m, D.slice(0, s), b), MTH(D.slice(s))];
  return [...SUBPROOF(m - s, D.slice(s), false), MTH(D.slice(0, s))];
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}
