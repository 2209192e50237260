/**
 * Ed25519 note signers. The private seed stays inside the closure; the only way out is
 * formatSignerKey, the Go sumdb/note "PRIVATE+KEY+name+keyid+base64(0x01||seed)" string that the
 * key file stores. Never log a signer key.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { VouchError } from '../../errors/index.js';
import { decodeBase64, encodeBase64 } from '../lib/base64.js';
import { ALG_ED25519, formatVerifierKey, hex8, isValidKeyName, noteKeyId, splitPlus } from './verifier-key.js';

export interface NoteSigner {
  name: string;
  keyId: number;
  publicKey: Uint8Array;
  /** The verifier key string auditors pin. */
  verifierKey: string;
  sign(message: Uint8Array): Uint8Array;
}

export function ed25519Signer(name: string, seed: Uint8Array): NoteSigner {
  if (!isValidKeyName(name)) throw new RangeError('invalid key name');
  if (!(seed instanceof Uint8Array) || seed.length !== 32) throw new RangeError('Ed25519 seeds are 32 bytes');
  const secret = Uint8Array.from(seed);
  const publicKey = ed25519.getPublicKey(secret);
  return {
    name,
    keyId: noteKeyId(name, Uint8Array.of(ALG_ED25519, ...publicKey)),
    publicKey,
    verifierKey: formatVerifierKey(name, publicKey),
    sign: (message) => ed25519.sign(message, secret),
  };
}

export function generateSignerSeed(): Uint8Array {
  return ed25519.utils.randomSecretKey();
}

/** The Go sumdb/note signer key string for a seed (secret: write only to protected files). */
export function formatSignerKey(name: string, seed: Uint8Array): string {
  const s = ed25519Signer(name, seed);
  return `PRIVATE+KEY+${name}+${hex8(s.keyId)}+${encodeBase64(Uint8Array.of(ALG_ED25519, ...seed))}`;
}

/** Parses a Go sumdb/note signer key; checks the key id against the derived public key. */
export function parseSignerKey(skey: string): NoteSigner {
  const parts = splitPlus(skey.trim(), 5);
  if (parts === undefined || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') bad();
  const [, , name, id, key64] = parts as [string, string, string, string, string];
  const typed = decodeBase64(key64);
  if (!isValidKeyName(name) || !/^[0-9a-f]{8}$/i.test(id) || typed === undefined || typed.length !== 33) bad();
  if (typed[0] !== ALG_ED25519) bad();
  const signer = ed25519Signer(name, typed.subarray(1));
  if (signer.keyId !== Number.parseInt(id, 16)) bad();
  return signer;
}

function bad(): never {
  // No detail on purpose: the input is secret material.
  throw new VouchError('LOG_KEY_UNAVAILABLE', 'signer key is malformed');
}
