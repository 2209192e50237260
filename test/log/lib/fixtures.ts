import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Third-party vectors vendored under test/fixtures/third-party (read-only; see each PROVENANCE.md). */
import { fileURLToPath } from 'node:url';
export const FIXTURES = fileURLToPath(new URL('../../fixtures/third-party/', import.meta.url));

export function fixture<T>(...path: string[]): T {
  return JSON.parse(readFileSync(join(FIXTURES, ...path), 'utf8')) as T;
}

export const b64 = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'base64'));
export const fromHex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
export const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
