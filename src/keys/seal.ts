/**
 * The one sealed format for every private key Vouch keeps: AES-256-GCM under the KEK, bound to a
 * context string (AAD) naming the key's purpose and id, so a sealed blob cannot be moved to another
 * key's place. `{ alg: 'A256GCM', iv, tag, ciphertext }` (base64url): the service key file, issuer
 * keys in the database and the log's checkpoint key file all store exactly this.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { VouchError } from '../errors/index.js';

export interface Sealed {
  alg: 'A256GCM';
  iv: string;
  tag: string;
  ciphertext: string;
}

export function seal(plaintext: Buffer, kek: Buffer, aad: string): Sealed {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return {
    alg: 'A256GCM',
    iv: iv.toString('base64url'),
    tag: cipher.getAuthTag().toString('base64url'),
    ciphertext: ciphertext.toString('base64url'),
  };
}

/** Opens a sealed value; a wrong KEK or a tampered file is KEK_INVALID (GCM cannot tell them apart). */
export function open(sealed: Sealed, kek: Buffer, aad: string): Buffer {
  try {
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(sealed.iv, 'base64url'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(sealed.tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed.ciphertext, 'base64url')), decipher.final()]);
  } catch (cause) {
    throw new VouchError(
      'KEK_INVALID',
      'the key-encryption key does not open a sealed key (wrong VOUCH_KEK, or the stored key was altered)',
      {
        cause,
      },
    );
  }
}
