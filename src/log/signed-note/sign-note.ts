/**
 * Signing a note's text with one or more signers: text, a blank line, one signature line each.
 * The text must already be a valid note text (non-empty, ends in "\n", no other control characters).
 */
import { encodeBase64 } from '../lib/base64.js';
import type { NoteSigner } from './signer-key.js';

export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (typeof text !== 'string' || text.length === 0 || !text.endsWith('\n')) {
    throw new RangeError('note text must be non-empty and end with a newline');
  }
  if (/[\u0000-\u0009\u000b-\u001f]|[\uD800-\uDFFF]/u.test(text))
    throw new RangeError('note text has control characters');
  if (signers.length === 0) throw new RangeError('at least one signer');
  const bytes = new TextEncoder().encode(text);
  const lines = signers.map((s) => {
    const id = Uint8Array.of((s.keyId >>> 24) & 0xff, (s.keyId >>> 16) & 0xff, (s.keyId >>> 8) & 0xff, s.keyId & 0xff);
    const sig = s.sign(bytes);
    const both = new Uint8Array(4 + sig.length);
    both.set(id, 0);
    both.set(sig, 4);
    return `\u2014 ${s.name} ${encodeBase64(both)}\n`;
  });
  return `${text}\n${lines.join('')}`;
}
