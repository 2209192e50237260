/**
 * Node globals the shared library modules use, for the browser: `Buffer` (the `buffer` package,
 * taught the `base64url` encoding it lacks) and an empty `process.env`. Imported first by every
 * entry (page and worker), before any library module is evaluated.
 */
import { Buffer as B } from 'buffer';

const toB64 = (s: string) => s.replace(/-/g, '+').replace(/_/g, '/');
const fromB64 = (s: string) => s.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const from = B.from.bind(B) as (...a: unknown[]) => B;
(B as unknown as { from: unknown }).from = (value: unknown, enc?: unknown, len?: unknown) =>
  typeof value === 'string' && enc === 'base64url' ? from(toB64(value), 'base64') : from(value, enc, len);
const toString = B.prototype.toString;
B.prototype.toString = function (this: B, enc?: string, start?: number, end?: number) {
  return enc === 'base64url'
    ? fromB64(toString.call(this, 'base64', start, end))
    : toString.call(this, enc as BufferEncoding, start, end);
} as typeof B.prototype.toString;
const byteLength = B.byteLength.bind(B);
B.byteLength = ((s: unknown, enc?: string) =>
  typeof s === 'string' && enc === 'base64url'
    ? byteLength(toB64(s), 'base64')
    : byteLength(s as string, enc as BufferEncoding)) as typeof B.byteLength;
const isEncoding = B.isEncoding.bind(B);
B.isEncoding = (enc: string) => enc === 'base64url' || isEncoding(enc);

const g = globalThis as unknown as { Buffer?: unknown; process?: unknown; global?: unknown };
g.Buffer ??= B;
g.process ??= { env: {}, versions: {}, platform: 'browser', nextTick: (f: () => void) => queueMicrotask(f) };
g.global ??= globalThis;
