/**
 * C2SP signed-note keys (c2sp.org/signed-note, golang.org/x/mod/sumdb/note): a verifier key is the
 * string `name+hex(keyID)+base64(0x01 || ed25519 public key)`, and the key ID is the first four
 * bytes of SHA-256(name || "\n" || 0x01 || public key), big-endian. Only Ed25519 (type 0x01).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { VouchError } from '../../errors/index.js';
import { sha256 } from '../hash.js';
import { decodeBase64, encodeBase64 } from '../lib/base64.js';

/** Signature type byte for Ed25519 in signed notes. */
export const ALG_ED25519 = 0x01;

export interface NoteVerifier {
  name: string;
  /** 32-bit key ID. */
  keyId: number;
  publicKey: Uint8Array;
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** Key names: non-empty, no Unicode whitespace, no '+' (the string separator). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name) && !/[\uD800-\uDFFF]/u.test(name);
}

/** keyID = SHA-256(name || 0x0A || type || key)[:4] as a big-endian uint32. */
export function noteKeyId(name: string, typedKey: Uint8Array): number {
  const d = sha256(new TextEncoder().encode(`${name}\n`), typedKey);
  return (d[0] as number) * 2 ** 24 + (((d[1] as number) << 16) | ((d[2] as number) << 8) | (d[3] as number));
}

export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new RangeError('invalid key name');
  if (publicKey.length !== 32) throw new RangeError('Ed25519 public keys are 32 bytes');
  const typed = Uint8Array.of(ALG_ED25519, ...publicKey);
  return `${name}+${hex8(noteKeyId(name, typed))}+${encodeBase64(typed)}`;
}

/** Parses a signed-note verifier key (`name+keyid+base64`, Ed25519); throws VERIFIER_KEY_INVALID. */
export function parseVerifierKey(vkey: string): NoteVerifier {
  if (typeof vkey !== 'string') bad('verifier key must be a string');
  // Like Go's chop: split at the first two '+' only (base64 keys may contain '+').
  const parts = splitPlus(vkey.trim(), 3);
  if (parts === undefined) bad('expected name+keyid+key');
  const [name, id, key64] = parts as [string, string, string];
  if (!isValidKeyName(name)) bad('invalid key name');
  if (!/^[0-9a-f]{8}$/i.test(id)) bad('key id must be 8 hex digits');
  const typed = decodeBase64(key64);
  if (typed === undefined || typed.length === 0) bad('key is not base64');
  if (noteKeyId(name, typed) !== Number.parseInt(id, 16)) bad('key id does not match the key');
  if (typed[0] !== ALG_ED25519) bad('unknown signature algorithm');
  const publicKey = typed.slice(1);
  if (publicKey.length !== 32) bad('Ed25519 public keys are 32 bytes');
  return ed25519Verifier(name, publicKey);
}

export function ed25519Verifier(name: string, publicKey: Uint8Array): NoteVerifier {
  const keyId = noteKeyId(name, Uint8Array.of(ALG_ED25519, ...publicKey));
  return {
    name,
    keyId,
    publicKey,
    verify(message, signature) {
      if (signature.length !== 64) return false;
      try {
        // zip215: false = RFC 8032 strict verification, as Go's crypto/ed25519 does.
        return ed25519.verify(signature, message, publicKey, { zip215: false });
      } catch {
        return false;
      }
    },
  };
}

/** Splits at the first `count - 1` '+' characters; undefined if there are fewer. */
export function splitPlus(text: string, count: number): string[] | undefined {
  const out: string[] = [];
  let rest = text;
  for (let i = 1; i < count; i++) {
    const at = rest.indexOf('+');
    if (at < 0) return undefined;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  out.push(rest);
  return out;
}

export function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

function bad(reason: string): never {
  throw new VouchError('VERIFIER_KEY_INVALID', `verifier key rejected: ${reason}`, { details: { reason } });
}
