/**
 * Fiat–Shamir transcripts: SHA-512 over a domain tag and length-prefixed fields, reduced mod l
 * (512 bits into a 251-bit order: bias < 2^-260). Every field is framed (4-byte length, then the
 * bytes), so no two different transcripts hash the same input; points enter as 32-byte big-endian
 * affine x and y. Domain tags name the protocol step and version, so a proof made for one step
 * (a share, a complaint, a dealer's proof of possession) can never be replayed as another.
 */
import { createHash } from 'node:crypto';
import { modL, type Point } from './curve.js';

export type TranscriptField = string | Uint8Array | bigint | Point;

export function transcriptScalar(domain: string, fields: readonly TranscriptField[]): bigint {
  const h = createHash('sha512');
  frame(h, Buffer.from(domain, 'utf8'));
  for (const f of fields) frame(h, encodeField(f));
  let v = 0n;
  for (const b of h.digest()) v = (v << 8n) | BigInt(b);
  return modL(v);
}

export function scalarBytes(x: bigint): Buffer {
  return Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
}

export function pointBytes(p: Point): Buffer {
  const { x, y } = p.toAffine();
  return Buffer.concat([scalarBytes(x), scalarBytes(y)]);
}

function encodeField(f: TranscriptField): Uint8Array {
  if (typeof f === 'string') return Buffer.from(f, 'utf8');
  if (typeof f === 'bigint') {
    if (f < 0n || f >= 1n << 256n) throw new RangeError('transcript integers must be in [0, 2^256)');
    return scalarBytes(f);
  }
  if (f instanceof Uint8Array) return f;
  return pointBytes(f);
}

function frame(h: ReturnType<typeof createHash>, bytes: Uint8Array): void {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(bytes.length);
  h.update(len).update(bytes);
}
