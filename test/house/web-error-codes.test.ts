/**
 * One registry of error codes: every code the web app shows of its own (an error it throws with a
 * `code`, a WalletError) is in src/errors/codes, so the page's messages use the same stable
 * vocabulary as the API and the CLI and none is invented ad hoc in web/.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODES } from '../../src/errors/codes.js';

const WEB = join(import.meta.dirname, '../../web/src');
const CODE_SITES = [
  /\bcode: '([A-Z][A-Z0-9_]+)'/g, // Object.assign(new Error(…), { code: 'X' })
  /\bcode = '([A-Z][A-Z0-9_]+)'/g, // readonly code = 'X'
  /new WalletError\('([A-Z][A-Z0-9_]+)'/g,
];

function webCodes(): { file: string; code: string }[] {
  const out: { file: string; code: string }[] = [];
  for (const rel of readdirSync(WEB, { recursive: true }) as string[]) {
    if (!rel.endsWith('.ts')) continue;
    const text = readFileSync(join(WEB, rel), 'utf8');
    for (const re of CODE_SITES) for (const m of text.matchAll(re)) out.push({ file: rel, code: m[1]! });
  }
  return out;
}

describe('the web app’s error codes', () => {
  it('finds the codes the page raises (the scan sees them)', () => {
    expect(webCodes().map((c) => c.code)).toEqual(expect.arrayContaining(['WALLET_PASSPHRASE_WRONG', 'INPUT_INVALID']));
  });

  it('are all in the one registry, src/errors/codes', () => {
    expect(webCodes().filter((c) => !(c.code in CODES))).toEqual([]);
  });
});
