import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** ../shared/fixtures relative to the project root (read-only, third-party). */
export const FIXTURES = join(process.cwd(), '..', 'shared', 'fixtures');

export function fixture<T>(...path: string[]): T {
  return JSON.parse(readFileSync(join(FIXTURES, ...path), 'utf8')) as T;
}

export const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
export const fromHex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
