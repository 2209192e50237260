/**
 * Private keys at rest: sealed with AES-256-GCM under a key-encryption key (KEK).
 * The KEK comes from $VOUCH_KEK (32 bytes, hex or base64) or, for the embedded default, from
 * `<dataDir>/keys/kek`, generated on first use with 0600 permissions (see resolveKek).
 * Nothing here ever logs or puts key material in an error message.
 */
import { resolveKek } from '../auth/service-key/kek.js';
import { open, seal, type Sealed } from '../auth/service-key/seal.js';
import { VouchError } from '../errors/index.js';

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
  // one AES-256-GCM implementation for every sealed key (src/auth/service-key/seal.ts)
  return {
    id,
    seal: (plaintext, context) => JSON.stringify(seal(Buffer.from(plaintext), key, context)),
    open(sealed, context) {
      let parsed: Sealed;
      try {
        parsed = JSON.parse(sealed) as Sealed;
      } catch {
        throw new VouchError('INTERNAL', 'a sealed key has an unknown format');
      }
      return new Uint8Array(open(parsed, key, context));
    },
  };
}
