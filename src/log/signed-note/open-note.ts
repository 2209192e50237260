/**
 * Parsing and verifying a C2SP signed note, following golang.org/x/mod/sumdb/note `Open`:
 * text, a blank line, then 1–100 lines `— <name> <base64(keyID || signature)>`. Signatures by
 * unknown keys are returned as unverified (not an error); a signature by a known key that fails
 * is an error; a note with no verified signature is an error.
 */
import { VouchError } from '../../errors/index.js';
import { decodeBase64 } from '../lib/base64.js';
import { isValidKeyName, type NoteVerifier } from './verifier-key.js';

/** Parsing bound from the Go implementation: avoids spending forever on a hostile note. */
const MAX_SIGNATURES = 100;
const SIG_PREFIX = '\u2014 ';

export interface NoteSignatureRef {
  name: string;
  keyId: number;
}

export interface OpenedNote {
  /** The signed text, ending in its final newline. */
  text: string;
  verified: NoteSignatureRef[];
  unverified: NoteSignatureRef[];
}

/** Splits a C2SP signed note into its text and signatures and checks them against the given verifiers; throws unless at least one verifies. */
export function openNote(note: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const msg = typeof note === 'string' ? note : decodeUtf8(note);
  // Valid UTF-8 (no lone surrogates) and no ASCII control characters other than newline.
  if (/[\u0000-\u0009\u000b-\u001f]|[\uD800-\uDFFF]/u.test(msg)) malformed('control character or invalid UTF-8');
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) malformed('no blank line before the signatures');
  const text = msg.slice(0, split + 1);
  let sigs = msg.slice(split + 2);
  if (sigs.length === 0 || !sigs.endsWith('\n')) malformed('signature block must end with a newline');

  const out: OpenedNote = { text, verified: [], unverified: [] };
  const textBytes = new TextEncoder().encode(text);
  const seen = new Set<string>();
  const seenUnverified = new Set<string>();
  let count = 0;
  while (sigs.length > 0) {
    const nl = sigs.indexOf('\n');
    let line = sigs.slice(0, nl);
    sigs = sigs.slice(nl + 1);
    if (!line.startsWith(SIG_PREFIX)) malformed('signature line must start with an em dash');
    line = line.slice(SIG_PREFIX.length);
    const sp = line.indexOf(' ');
    const name = sp < 0 ? line : line.slice(0, sp);
    const b64 = sp < 0 ? '' : line.slice(sp + 1);
    const sig = decodeBase64(b64);
    if (sig === undefined || !isValidKeyName(name) || b64 === '' || sig.length < 5) malformed('bad signature line');
    if (++count > MAX_SIGNATURES) malformed('too many signatures');
    const keyId = readUint32(sig);
    const verifier = verifiers.find((v) => v.name === name && v.keyId === keyId);
    if (!verifier) {
      if (!seenUnverified.has(line)) {
        seenUnverified.add(line);
        out.unverified.push({ name, keyId });
      }
      continue;
    }
    const id = `${name}+${keyId}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (!verifier.verify(textBytes, sig.subarray(4))) {
      throw new VouchError('NOTE_SIGNATURE_INVALID', 'a note signature by a known key does not verify', {
        details: { name, keyId },
      });
    }
    out.verified.push({ name, keyId });
  }
  if (out.verified.length === 0) {
    throw new VouchError('NOTE_UNVERIFIED', 'the note has no signature by a known key', {
      details: { signers: out.unverified.map((s) => s.name) },
    });
  }
  return out;
}

function readUint32(b: Uint8Array): number {
  return (b[0] as number) * 2 ** 24 + (((b[1] as number) << 16) | ((b[2] as number) << 8) | (b[3] as number));
}

function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch (err) {
    throw new VouchError('NOTE_MALFORMED', 'signed note is not valid UTF-8', { cause: err });
  }
}

function malformed(reason: string): never {
  throw new VouchError('NOTE_MALFORMED', `signed note rejected: ${reason}`, { details: { reason } });
}
