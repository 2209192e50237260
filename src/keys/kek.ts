/**
 * Private keys at rest: sealed with AES-256-GCM under a key-encryption key (KEK).
 * The KEK comes from $VOUCH_KEK (32 bytes, hex or base64) or, for the embedded default, from
 * `<dataDir>/keys/kek`, generated on first use with 0600 permissions (see resolveKek).
 * Nothing here ever logs or puts key material in an error message.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { resolveKek } from '../auth/service-key/kek.js';
import { VouchError } from '../errors/index.js';

const VERSION = 'v1';

export interface Kek {
  readonly id: string;
  seal(plaintext: Uint8Array, context: string): string;
  open(sealed: string, context: string): Uint8Array;
}

const cache = new Map<string, Kek>();

export function loadKek(dataDir: string): Kek {
  const env = process.env.VOUCH_KEK;
  const cacheKey = env ? `env:${env}` : `file:${dataDir}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  // one KEK per data dir, shared with the service key (src/auth/service-key/kek.ts owns the file)
  const resolved = resolveKek({ dataDir, envValue: env });
  const kek = makeKek(resolved.key, resolved.source);
  cache.set(cacheKey, kek);
  return kek;
}

function makeKek(key: Buffer, id: string): Kek {
  return {
    id,
    seal(plaintext, context) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      c.setAAD(Buffer.from(context));
      const ct = Buffer.concat([c.update(plaintext), c.final()]);
      return [VERSION, iv.toString('base64url'), ct.toString('base64url'), c.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed, context) {
      const [v, iv, ct, tag] = sealed.split('.');
      if (v !== VERSION || !iv || !ct || !tag) throw new VouchError('INTERNAL', 'a sealed key has an unknown format');
      try {
        const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        d.setAAD(Buffer.from(context));
        d.setAuthTag(Buffer.from(tag, 'base64url'));
        return new Uint8Array(Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]));
      } catch {
        throw new VouchError('INTERNAL', 'a sealed key could not be opened (wrong key-encryption key?)');
      }
    },
  };
}
