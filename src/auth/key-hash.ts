/**
 * scrypt hashes of API keys, with a per-key salt and the parameters stored beside the hash
 * (`scrypt$N$r$p$salt$hash`) so they can be raised without invalidating existing keys.
 * Keys carry 256 random bits, so the cost guards a stolen table of hashes, not guessable passwords;
 * N = 2^15, r = 8 (32 MiB, roughly 0.1 s) follows the common interactive-login setting.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LEN = 32;
const SALT_LEN = 16;
/** Refuse stored parameters above this: a tampered row must not make verification exhaust memory. */
const MAX_N = 2 ** 20;

export async function hashApiKey(key: string): Promise<string> {
  const salt = randomBytes(SALT_LEN);
  const hash = await derive(key, salt, N, R, P, KEY_LEN);
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** True when `key` hashes to `stored`. Constant-time in the hash comparison; false for any malformed stored value. */
export async function verifyApiKeyHash(key: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [n, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (
    ![n, r, p].every(Number.isSafeInteger) ||
    n < 2 ||
    n > MAX_N ||
    (n & (n - 1)) !== 0 ||
    r < 1 ||
    r > 32 ||
    p < 1 ||
    p > 16
  ) {
    return false;
  }
  const salt = Buffer.from(parts[4]!, 'base64url');
  const expected = Buffer.from(parts[5]!, 'base64url');
  if (salt.length < SALT_LEN || expected.length < 16) return false;
  const actual = await derive(key, salt, n, r, p, expected.length);
  return timingSafeEqual(actual, expected);
}

function derive(key: string, salt: Buffer, n: number, r: number, p: number, len: number): Promise<Buffer> {
  // maxmem: scrypt needs 128·N·r bytes; leave headroom over Node's 32 MiB default.
  const options: ScryptOptions = { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(key, salt, len, options, (err, derived) => (err ? reject(err) : resolve(derived)));
  });
}
