/**
 * Private keys at rest: every one Vouch keeps (the service signing key, which also signs the
 * service's receipts; issuer keys; the log's checkpoint key) is sealed by `Kek.seal` — AES-256-GCM
 * under the key-encryption key, in the one format of seal.ts, bound to a context naming the key.
 * The KEK comes from $VOUCH_KEK or, for the embedded default, `<dataDir>/keys/kek` generated on
 * first use with 0600 permissions (kek-source.ts). A KEK that does not open a sealed key is
 * KEK_INVALID, whichever key it was. Nothing here ever logs or puts key material in an error message.
 */
import { VouchError } from '../errors/index.js';
import { resolveKek, type KekMaterial } from './kek-source.js';
import { open, seal, type Sealed } from './seal.js';

export interface Kek {
  readonly id: string;
  seal(plaintext: Uint8Array, context: string): string;
  open(sealed: string, context: string): Uint8Array;
}

const cache = new Map<string, Kek>();
const material = new WeakMap<Kek, Buffer>();

/** The data dir's KEK: $VOUCH_KEK when set, else `<dataDir>/keys/kek` (created 0600 on first use). */
export function loadKek(dataDir: string): Kek {
  const env = process.env.VOUCH_KEK;
  const cacheKey = env ? `env:${env}` : `file:${dataDir}`;
  const hit = cache.get(cacheKey);
  if (hit) return hit;
  const kek = kekFrom(resolveKek({ dataDir, envValue: env }));
  cache.set(cacheKey, kek);
  return kek;
}

/** A Kek over given material (resolveKek's result, or 32 bytes a caller holds, e.g. from a secret store). */
export function kekFrom(m: KekMaterial | Uint8Array): Kek {
  const key = m instanceof Uint8Array ? Buffer.from(m) : m.key;
  if (key.length !== 32) throw new VouchError('KEK_INVALID', 'a key-encryption key must be 32 bytes');
  const kek: Kek = {
    id: m instanceof Uint8Array ? 'given' : m.source,
    seal: (plaintext, context) => JSON.stringify(seal(Buffer.from(plaintext), key, context)),
    open(sealed, context) {
      let parsed: Sealed;
      try {
        parsed = JSON.parse(sealed) as Sealed;
      } catch {
        throw new VouchError('KEK_INVALID', 'a sealed key has an unknown format');
      }
      return new Uint8Array(open(parsed, key, context));
    },
  };
  material.set(kek, key);
  return kek;
}

/** The KEK's bytes, for reading files sealed by the format before this one (sealed-file.ts) only. */
export function legacyKekBytes(kek: Kek): Buffer | undefined {
  return material.get(kek);
}
