/**
 * Private keys at rest: sealed with AES-256-GCM under a key-encryption key (KEK).
 * The KEK comes from $VOUCH_KEK (base64 of 32 bytes) or, for the embedded default, from
 * `<dataDir>/keys/kek.key`, generated on first use with 0600 permissions.
 * Nothing here ever logs or puts key material in an error message.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  const cacheKey = env ? `env:${env.length}` : `file:${dataDir}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  let key: Buffer;
  let id: string;
  if (env) {
    key = Buffer.from(env, 'base64');
    if (key.length !== 32) throw new VouchError('CONFIG_INVALID', 'VOUCH_KEK must be base64 of exactly 32 bytes');
    id = 'env';
  } else {
    const dir = join(dataDir, 'keys');
    const file = join(dir, 'kek.key');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (!existsSync(file)) {
      try {
        writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err; // another process won the race
      }
    }
    chmodSync(file, 0o600);
    key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== 32) throw new VouchError('CONFIG_INVALID', 'the key-encryption key file is corrupt');
    id = 'file';
  }
  const kek = makeKek(key, id);
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
