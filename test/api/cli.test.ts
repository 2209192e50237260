/** `vouch keys` and `vouch serve` as a user runs them: real processes, a real port on loopback. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { artifactsStatus } from '../../src/zk/artifacts/status.js';
import { json } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/vouch.mjs', import.meta.url));
const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));

function vouch(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Served {
  url: string;
  stdout: () => string;
  stderr: () => string;
  stop: (signal: NodeJS.Signals) => Promise<number | null>;
}

async function serve(dataDir: string, env: Record<string, string>): Promise<Served> {
  const child = spawn(process.execPath, [BIN, '--data-dir', dataDir, 'serve', '--port', '0'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${out} ${err}`)), 60_000);
    child.stdout.on('data', () => {
      // The JSON log line comes after the startup checks and warnings.
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && out.includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((code) => reject(new Error(`serve exited ${code}: ${err}`)));
  });
  return {
    url,
    stdout: () => out,
    stderr: () => err,
    stop: (signal) => {
      child.kill(signal);
      return exited;
    },
  };
}

describe('vouch keys', () => {
  it('creates a key printed once (--json: id, key, role, tenant), lists it without the secret, revokes it', () => {
    const d = tmp('vouch-cli-');
    const created = vouch(['--data-dir', d, '--json', 'keys', 'create', '--role', 'auditor', '--tenant', 'acme']);
    expect(created.status).toBe(0);
    const k = JSON.parse(created.stdout);
    expect(Object.keys(k).sort()).toEqual(['id', 'key', 'role', 'tenant']);
    expect(k).toMatchObject({ role: 'auditor', tenant: 'acme' });
    const listed = vouch(['--data-dir', d, '--json', 'keys', 'list']);
    expect(JSON.parse(listed.stdout).keys).toEqual([
      expect.objectContaining({ id: k.id, role: 'auditor', tenant: 'acme', revokedAt: null }),
    ]);
    expect(listed.stdout).not.toContain(k.key.slice(20));
    const revoked = vouch(['--data-dir', d, '--json', 'keys', 'revoke', k.id]);
    expect(revoked.status).toBe(0);
    expect(JSON.parse(revoked.stdout).revokedAt).toMatch(/^\d{4}-/);
  });

  it('exits 2 on a role outside the list and 3 with INPUT_INVALID on a malformed tenant', () => {
    const d = tmp('vouch-cli-');
    expect(vouch(['--data-dir', d, 'keys', 'create', '--role', 'root', '--tenant', 'acme']).status).toBe(2);
    const bad = vouch(['--data-dir', d, '--json', 'keys', 'create', '--role', 'admin', '--tenant', 'Bad Tenant']);
    expect(bad.status).toBe(3);
    expect(JSON.parse(bad.stdout).error.code).toBe('INPUT_INVALID');
  });
});

describe('vouch serve', () => {
  it('serves health, docs and authenticated routes; a CLI revocation takes effect at once; SIGTERM stops it cleanly', async () => {
    const d = tmp('vouch-serve-');
    const s = await serve(d, { VOUCH_CACHE_DIR: tmp('vouch-empty-cache-'), VOUCH_ARTIFACTS_MANIFEST: '' });
    try {
      expect(s.stdout()).toContain(`data dir ${d}`);
      // printed after the artifact check, which may finish after the URL line: wait for it
      for (let i = 0; i < 100 && !s.stderr().includes('NOT READY'); i++) await new Promise((r) => setTimeout(r, 50));
      expect(s.stderr()).toContain('NOT READY: circuit artifacts are missing');
      expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
      expect((await fetch(`${s.url}/readyz`)).status).toBe(503);
      expect(await (await fetch(`${s.url}/docs`)).text()).toContain('Vouch API');
      const k = JSON.parse(
        vouch(['--data-dir', d, '--json', 'keys', 'create', '--role', 'venue', '--tenant', 'acme']).stdout,
      );
      const who = await fetch(`${s.url}/v1/whoami`, { headers: { Authorization: `Bearer ${k.key}` } });
      expect(await json(who)).toEqual({ keyId: k.id, role: 'venue', tenant: 'acme' });
      expect(vouch(['--data-dir', d, 'keys', 'revoke', k.id]).status).toBe(0);
      expect((await fetch(`${s.url}/v1/whoami`, { headers: { Authorization: `Bearer ${k.key}` } })).status).toBe(401);
    } finally {
      expect(await s.stop('SIGTERM')).toBe(0);
    }
    expect(s.stdout()).toContain('"msg":"stopped"');
    expect(s.stdout()).toContain('"drained":true');
    expect(s.stdout()).not.toContain('vk_');
  });

  it('refuses an invalid config file with exit status 2 before listening', () => {
    const d = tmp('vouch-serve-');
    const r = vouch(['--data-dir', d, '--json', 'serve', '--config', '/nonexistent.json']);
    expect(r.status).toBe(3);
    expect(JSON.parse(r.stdout).error.code).toBe('FILE_UNREADABLE');
    const r2 = vouch(['--data-dir', d, 'serve', '--port', '99999']);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain('CONFIG_INVALID');
  });

  it('warns loudly at startup and in /readyz when the artifacts come from the dev ceremony', async (ctx) => {
    const status = await artifactsStatus();
    // Needs built artifacts: present after the test run's globalSetup (skipped under VOUCH_TEST_NO_ARTIFACTS=1 on a fresh machine).
    if (!status.present || !status.dev) ctx.skip();
    const s = await serve(tmp('vouch-serve-'), {});
    try {
      for (let i = 0; i < 100 && !s.stderr().includes('DEV-ARTIFACTS'); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(s.stderr()).toContain('!!! WARNING DEV-ARTIFACTS');
      const ready = await json(await fetch(`${s.url}/readyz`));
      expect(ready.warnings[0]).toMatch(/^DEV-ARTIFACTS/);
    } finally {
      expect(await s.stop('SIGINT')).toBe(0);
    }
  });
});
