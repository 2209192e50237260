/**
 * Evidence arrives as text or bytes; adapters read it once, bounded, and digest exactly what they read.
 */
import { createHash } from 'node:crypto';
import { VouchError } from '../../errors/index.js';

export function evidenceBytes(raw: string | Uint8Array, maxBytes: number): Uint8Array {
  let bytes: Uint8Array;
  if (typeof raw === 'string') bytes = new TextEncoder().encode(raw);
  else if (raw instanceof Uint8Array) bytes = raw;
  else throw new TypeError('evidence must be a string or a Uint8Array');
  if (bytes.length > maxBytes) {
    throw new VouchError('INPUT_TOO_LARGE', `evidence exceeds ${maxBytes} bytes`, { details: { maxBytes } });
  }
  return bytes;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** UTF-8 decode that refuses invalid sequences instead of replacing them. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new VouchError('EVIDENCE_MALFORMED', 'evidence is not valid UTF-8');
  }
}

/** JSON.parse that reports EVIDENCE_MALFORMED without echoing the input. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new VouchError('EVIDENCE_MALFORMED', 'evidence is not valid JSON');
  }
}
