/**
 * docs/OPERATIONS.md "Backup and restore", run as written: a data dir with real issuers, a
 * credential, registry roots and a signed report bundle in its log is backed up while in use,
 * restored into a fresh directory, and the restored one is the same service: the log integrity
 * check passes against the checkpoint published before the backup, a bundle signed after the
 * restore verifies offline (`vouch audit verify`) under the JWKS and log key auditors pinned before,
 * consistent with that checkpoint, and the restored KEK still opens the issuer's sealed keys. A
 * tampered backup is refused, and restoring an older backup is caught by the integrity check.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'vouch-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const p = (name: string) => join(dir, name);

function vouch(args: string[]): { status: number | null; stdout: string; stderr: string; json: any } {
  const r = spawnSync(process.execPath, ['bin/vouch.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, VOUCH_KEK: '' },
    timeout: 300_000,
  });
  let json: any;
  try {
    json = JSON.parse(r.stdout);
  } catch {
    json = undefined;
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, json };
}
function ok(args: string[]): any {
  const r = vouch([...args, '--json']);
  expect(r.status, `vouch ${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
  return r.json;
}
const EVIDENCE = {
  kycLevel: 3,
  jurisdiction: 'DE',
  investorClass: 'professional',
  ageOver18: true,
  tradeLimit: '1000000',
  sanctionsScreenedAt: 1764547200,
};

describe('backup and restore of a data dir', () => {
  it('restores a data dir that passes the log integrity check and whose bundles verify offline under the pinned keys', () => {
    const live = p('live');
    const d = ['--data-dir', live];
    // state worth backing up: an issuer with sealed keys, a credential, registry roots and a bundle in the log
    const issuer = ok([...d, 'issuer', 'create', '--name', 'Acme KYC', '--tenant', 'acme']);
    ok(['holder', 'init', '--out', p('holder.json')]);
    writeFileSync(p('evidence.json'), JSON.stringify(EVIDENCE));
    const credential = ok([
      ...d,
      'credential',
      'issue',
      '--issuer',
      issuer.issuerId,
      '--holder',
      p('holder.json'),
      '--evidence',
      'manual',
      '--evidence-file',
      p('evidence.json'),
      '--out',
      p('credential.json'),
    ]);
    ok([...d, 'issuer-set', 'add', 'eu-kyc-issuers', issuer.issuerId]);
    ok([...d, 'registry', 'export', '--out', p('registry.json')]);
    ok([
      ...d,
      'report',
      'bundle',
      '--records',
      'examples/reporting/records.json',
      '--kind',
      'generic',
      '--institution',
      'Acme Bank AG',
      '--period',
      '2026',
      '--out',
      p('bundle.json'),
      '--jwks-out',
      p('jwks.json'),
    ]);
    // what auditors pinned before the backup: the log key and a signed checkpoint
    const logKey = ok([...d, 'log', 'verify-key']).verifierKey as string;
    const published = ok([...d, 'log', 'checkpoint']);
    writeFileSync(p('checkpoint.txt'), published.checkpoint);
    expect(published.size).toBeGreaterThanOrEqual(2);

    const backup = ok([...d, 'data', 'backup', '--out', p('backup')]);
    expect(backup.kekIncluded).toBe(true);
    expect(backup.files.map((f: { path: string }) => f.path).sort()).toEqual([
      'keys/kek',
      'keys/log-signing.key',
      'keys/service-signing.json',
      'vouch.sqlite',
    ]);
    expect(statSync(p('backup')).mode & 0o777).toBe(0o700);
    for (const f of backup.files) expect(statSync(join(p('backup'), f.path)).mode & 0o777, f.path).toBe(0o600);

    const restored = p('restored');
    const r = ['--data-dir', restored];
    ok([...r, 'data', 'restore', '--from', p('backup')]);
    // the integrity check: every leaf recomputed, the root rebuilt, the published checkpoint contained
    const integrity = ok([...r, 'log', 'verify', '--checkpoint', p('checkpoint.txt'), '--log-key', logKey]);
    expect(integrity).toMatchObject({ ok: true, size: published.size, checkpoints: [published.size] });
    expect(ok([...r, 'log', 'verify-key']).verifierKey).toBe(logKey);
    // the bundle made before the backup still verifies; so does one signed by the restored service key,
    // consistent with the checkpoint auditors kept
    expect(vouch(['audit', 'verify', p('bundle.json'), '--jwks', p('jwks.json'), '--log-key', logKey]).status).toBe(0);
    ok([
      ...r,
      'report',
      'bundle',
      '--records',
      'examples/reporting/records.json',
      '--kind',
      'generic',
      '--institution',
      'Acme Bank AG',
      '--period',
      '2027',
      '--out',
      p('bundle-after.json'),
    ]);
    writeFileSync(
      p('consistency.json'),
      JSON.stringify(ok([...r, 'log', 'consistency', '--from', String(published.size)])),
    );
    const audit = vouch([
      'audit',
      'verify',
      p('bundle-after.json'),
      '--jwks',
      p('jwks.json'),
      '--log-key',
      logKey,
      '--previous-checkpoint',
      p('checkpoint.txt'),
      '--consistency-proof',
      p('consistency.json'),
      '--json',
    ]);
    expect(audit.status, audit.stdout).toBe(0);
    expect(audit.json.checks.map((c: { name: string; ok: boolean }) => [c.name, c.ok])).toContainEqual([
      'consistency',
      true,
    ]);
    // the restored KEK opens the issuer's sealed keys: a revocation signs and publishes a new status root
    expect(
      ok([...r, 'credential', 'revoke', credential.credentialId, '--reason', 'restore drill']).seq,
    ).toBeGreaterThan(0);
    expect(ok([...r, 'issuer', 'list'])).toEqual([
      expect.objectContaining({ issuerId: issuer.issuerId, tenant: 'acme' }),
    ]);
  }, 900_000);

  it('refuses a tampered backup, a restore over an existing data dir, and a restored log older than a published checkpoint', () => {
    const live = p('live2');
    const d = ['--data-dir', live];
    ok([...d, 'issuer', 'create', '--name', 'Old Issuer']);
    ok([
      ...d,
      'report',
      'bundle',
      '--records',
      'examples/reporting/records.json',
      '--kind',
      'generic',
      '--institution',
      'A',
      '--period',
      '2026',
      '--out',
      p('b2.json'),
    ]);
    ok([...d, 'data', 'backup', '--out', p('old-backup')]);
    const logKey = ok([...d, 'log', 'verify-key']).verifierKey as string;
    // after the backup the log grows and a checkpoint is published
    ok([
      ...d,
      'report',
      'bundle',
      '--records',
      'examples/reporting/records.json',
      '--kind',
      'generic',
      '--institution',
      'A',
      '--period',
      '2027',
      '--out',
      p('b3.json'),
    ]);
    writeFileSync(p('later-checkpoint.txt'), ok([...d, 'log', 'checkpoint']).checkpoint);

    const over = vouch(['--data-dir', live, 'data', 'restore', '--from', p('old-backup'), '--json']);
    expect([over.status, over.json?.error?.code]).toEqual([3, 'CONFLICT']);

    const stale = p('stale');
    ok(['--data-dir', stale, 'data', 'restore', '--from', p('old-backup')]);
    const check = vouch([
      '--data-dir',
      stale,
      'log',
      'verify',
      '--checkpoint',
      p('later-checkpoint.txt'),
      '--log-key',
      logKey,
      '--json',
    ]);
    expect([check.status, check.json?.error?.code]).toEqual([4, 'LOG_INTEGRITY_FAILED']);
    expect(check.json.error.message).toMatch(/lost entries/);

    const kek = join(p('old-backup'), 'keys', 'kek');
    writeFileSync(kek, Buffer.from(readFileSync(kek).map((b, i) => (i === 0 ? b ^ 1 : b))));
    const tampered = vouch(['--data-dir', p('from-tampered'), 'data', 'restore', '--from', p('old-backup'), '--json']);
    expect([tampered.status, tampered.json?.error?.code, tampered.json?.error?.details?.path]).toEqual([
      3,
      'INPUT_INVALID',
      'keys/kek',
    ]);
    expect(existsSync(p('from-tampered'))).toBe(false);
  }, 900_000);
});
