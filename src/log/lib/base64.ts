/**
 * Standard (RFC 4648 §4, padded) base64 as used by signed notes, checkpoints and proof JSON.
 * Decoding is strict: one canonical spelling per byte string, so a flipped character can never
 * decode to the same bytes (Buffer.from(…, 'base64') alone skips junk and ignores spare bits).
 */
const STD = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** The bytes, or undefined if `text` is not canonical padded standard base64. */
export function decodeBase64(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || !STD.test(text)) return undefined;
  const buf = Buffer.from(text, 'base64');
  if (buf.toString('base64') !== text) return undefined;
  return new Uint8Array(buf);
}

/** A 32-byte hash from base64, or undefined. */
export function decodeHash(text: unknown): Uint8Array | undefined {
  const b = decodeBase64(text);
  return b !== undefined && b.length === 32 ? b : undefined;
}
