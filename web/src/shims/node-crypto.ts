/**
 * `node:crypto` in the browser bundle: SHA-256 `createHash` (registry transparency digests) on
 * @noble/hashes, and `randomBytes` on WebCrypto. Nothing else of node:crypto is reachable from the
 * modules the web app loads.
 */
import { sha256 } from '@noble/hashes/sha2.js';

export function createHash(alg: string) {
  if (alg !== 'sha256') throw new Error(`hash ${alg} is not available in the browser`);
  const h = sha256.create();
  const self = {
    update(data: string | Uint8Array) {
      h.update(typeof data === 'string' ? new TextEncoder().encode(data) : data);
      return self;
    },
    digest(enc?: string) {
      const out = globalThis.Buffer.from(h.digest());
      return enc ? out.toString(enc as BufferEncoding) : out;
    },
  };
  return self;
}

export function randomBytes(n: number) {
  return globalThis.Buffer.from(crypto.getRandomValues(new Uint8Array(n)));
}
export default { createHash, randomBytes };
