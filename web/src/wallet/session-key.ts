/**
 * The session key of session mode: an Ed25519 key made in this browser for one session. With
 * WebCrypto's Ed25519 (Chromium, Firefox, Safari) the private key is non-extractable: not even
 * this page can read it, only sign with it. Where WebCrypto lacks Ed25519, @noble/curves signs
 * with a key held in this page's memory. The key lives as long as the page: a session is short
 * (the policy's TTL), and a new one is opened with a new proof.
 */
import { ed25519 } from '@noble/curves/ed25519.js';

export interface SessionKey {
  /** The raw 32-byte public key, base64url (the proof's session binding). */
  publicKey: string;
  /** An Ed25519 signature (64 bytes, base64url) over the UTF-8 bytes of `message`. */
  sign(message: string): Promise<string>;
  /** 'webcrypto' (non-extractable key) or 'noble' (key in page memory). */
  engine: 'webcrypto' | 'noble';
}

const b64url = (bytes: Uint8Array) => globalThis.Buffer.from(bytes).toString('base64url');

export async function createSessionKey(): Promise<SessionKey> {
  try {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair;
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    return {
      publicKey: b64url(raw),
      engine: 'webcrypto',
      sign: async (message) =>
        b64url(
          new Uint8Array(
            await crypto.subtle.sign({ name: 'Ed25519' }, pair.privateKey, new TextEncoder().encode(message)),
          ),
        ),
    };
  } catch {
    const secret = ed25519.utils.randomSecretKey();
    return {
      publicKey: b64url(ed25519.getPublicKey(secret)),
      engine: 'noble',
      sign: async (message) => b64url(ed25519.sign(new TextEncoder().encode(message), secret)),
    };
  }
}
