/**
 * Rotating the service signing key (`vouch keys rotate-service-key`): bundles signed afterwards
 * carry the new kid, the JWKS auditors get lists every key the service has had so a bundle signed
 * before the rotation still verifies, and a KEK that does not open the current key changes nothing.
 * Real processes on a temp data dir.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'vouch-service-key-'));
const dataDir = join(dir, 'data');
const f = (name: string) => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vouch(args: string[], env: Record<string, string> = {}) {
  const base: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!('VOUCH_KEK' in env)) delete base.VOUCH_KEK;
  const r = spawnSync(process.execPath, ['bin/vouch.mjs', '--data-dir', dataDir, '--json', ...args], {
    encoding: 'utf8',
    env: base,
    timeout: 120_000,
  });
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { status: r.status, json, stderr: r.stderr };
}

const bundle = (name: string) => {
  const r = vouch([
    'report',
    'bundle',
    '--records',
    f('records.json'),
    '--kind',
    'generic',
    '--institution',
    'Acme Bank AG',
    '--period',
    name,
    '--out',
    f(`${name}.json`),
    '--jwks-out',
    f(`${name}-jwks.json`),
  ]);
  expect(r.status, r.stderr).toBe(0);
  return r.json as { kid: string };
};
const audit = (name: string, jwks: string) =>
  vouch(['audit', 'verify', f(`${name}.json`), '--jwks', f(jwks), '--log-key', f('log-key.txt')]);

describe('vouch keys rotate-service-key', () => {
  it('signs new bundles with a new kid while bundles signed before keep verifying against the JWKS', () => {
    writeFileSync(f('records.json'), JSON.stringify([{ account: 'a', asset: 'BTC', proceeds: '1', costBasis: '1' }]));
    const before = bundle('before');
    const r = vouch(['keys', 'rotate-service-key']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ previousKid: before.kid, published: [before.kid, r.json.kid] });
    expect(r.json.kid).not.toBe(before.kid);

    const after = bundle('after');
    expect(after.kid).toBe(r.json.kid);
    const jwks = JSON.parse(readFileSync(f('after-jwks.json'), 'utf8')) as { keys: { kid: string; d?: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([before.kid, after.kid]);
    expect(jwks.keys.every((k) => k.d === undefined)).toBe(true);

    const logKey = spawnSync(process.execPath, ['bin/vouch.mjs', '--data-dir', dataDir, 'log', 'verify-key'], {
      encoding: 'utf8',
    }).stdout;
    writeFileSync(f('log-key.txt'), logKey);
    expect(audit('before', 'after-jwks.json').status).toBe(0);
    expect(audit('after', 'after-jwks.json').status).toBe(0);
    // a JWKS saved before the rotation does not know the new key
    const stale = audit('after', 'before-jwks.json');
    expect(stale.status).toBe(4);
    expect(stale.json.error.details.failed).toEqual(['BUNDLE_SIGNATURE_INVALID']);
  });

  it('refuses a KEK that does not open the current key (KEK_INVALID) and changes nothing', () => {
    const keyFile = join(dataDir, 'keys', 'service-signing.json');
    const before = readFileSync(keyFile, 'utf8');
    const r = vouch(['keys', 'rotate-service-key'], { VOUCH_KEK: 'ab'.repeat(32) });
    expect(r.status).not.toBe(0);
    expect(r.json.error.code).toBe('KEK_INVALID');
    expect(readFileSync(keyFile, 'utf8')).toBe(before);
  });

  it('refuses a data dir that does not exist, creating nothing', () => {
    const r = spawnSync(
      process.execPath,
      ['bin/vouch.mjs', '--data-dir', f('nope'), '--json', 'keys', 'rotate-service-key'],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(r.stdout).error.code).toBe('DATA_DIR_MISSING');
    expect(existsSync(f('nope'))).toBe(false);
  });
});
