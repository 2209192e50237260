/**
 * `vouch report bundle|disclose` and `vouch audit verify` end to end, as real processes on a temp
 * data dir: exit 0 only when every check holds, exit 4 with coded reasons otherwise.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgSchema } from '../support/pg.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-bundle-cli-'));
const dataDir = join(dir, 'data');
const f = (name: string) => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vouch(...args: string[]) {
  return vouchIn(dataDir, {}, ...args);
}
/** `vouch` on another data dir, with extra environment (VOUCH_DATABASE_URL/SCHEMA for the PostgreSQL log). */
function vouchIn(data: string, env: NodeJS.ProcessEnv, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/vouch.mjs', '--data-dir', data, ...args], {
    encoding: 'utf8',
    env: { ...process.env, VOUCH_KEK: '', ...env },
  });
  return {
    status: r.status,
    stdout: r.stdout,
    stderr: r.stderr,
    json: () => JSON.parse(r.stdout) as Record<string, any>,
  };
}

/** `vouch report bundle` of records.json with the institution's key, into `<prefix>bundle.json` and `<prefix>jwks.json`. */
const bundleArgs = (prefix: string) => [
  'report',
  'bundle',
  '--records',
  f('records.json'),
  '--kind',
  'generic',
  '--key',
  f('institution.jwk'),
  '--out',
  f(`${prefix}bundle.json`),
  '--jwks-out',
  f(`${prefix}jwks.json`),
  '--json',
];

beforeAll(async () => {
  const { privateKey } = await generateKeyPair('EdDSA', { extractable: true });
  writeFileSync(f('institution.jwk'), JSON.stringify({ ...(await exportJWK(privateKey)), kid: 'inst-2026' }));
  writeFileSync(
    f('records.json'),
    JSON.stringify({
      institution: 'Example Exchange Ltd',
      period: '2026',
      records: [
        { id: 'r0', v: '1' },
        { id: 'r1', v: '2' },
        { id: 'r2', v: '3' },
        { id: 'r3', v: '4' },
      ],
    }),
  );
  writeFileSync(f('entry.json'), JSON.stringify({ kind: 'hook-decision', payload: { decision: 'allow' } }));
});

describe('report bundles from the CLI', () => {
  it('bundles, discloses and verifies offline; tampering exits 4 with the failing code', () => {
    expect(vouch('log', 'append', '--entry-file', f('entry.json')).status).toBe(0);
    writeFileSync(f('cp-before'), vouch('log', 'checkpoint').stdout);

    const b = vouch(...bundleArgs(''));
    expect(b.status).toBe(0);
    expect(b.json()).toMatchObject({ kid: 'inst-2026', count: 4, logIndex: 1 });
    expect(statSync(f('bundle.json')).mode & 0o777).toBe(0o600);
    const jwks = JSON.parse(readFileSync(f('jwks.json'), 'utf8'));
    expect(jwks.keys[0]).toMatchObject({ kid: 'inst-2026', kty: 'OKP', crv: 'Ed25519' });
    expect(jwks.keys[0].d).toBeUndefined();

    writeFileSync(f('logkey'), vouch('log', 'verify-key').stdout);
    writeFileSync(f('consistency.json'), vouch('log', 'consistency', '--from', '1', '--to', '2', '--json').stdout);

    const ok = vouch(
      'audit',
      'verify',
      f('bundle.json'),
      '--jwks',
      f('jwks.json'),
      '--log-key',
      f('logkey'),
      '--previous-checkpoint',
      f('cp-before'),
      '--consistency-proof',
      f('consistency.json'),
      '--json',
    );
    expect(ok.status).toBe(0);
    expect(ok.json()).toMatchObject({ ok: true, records: { count: 4, present: 4, complete: true } });
    expect(ok.json().checks.map((c: { name: string }) => c.name)).toEqual([
      'signature',
      'records',
      'aggregates',
      'checkpoint',
      'log-inclusion',
      'previous-checkpoint',
      'consistency',
    ]);

    expect(
      vouch('report', 'disclose', '--bundle', f('bundle.json'), '--records', '0,3', '--out', f('disclosure.json'))
        .status,
    ).toBe(0);
    const d = JSON.parse(readFileSync(f('disclosure.json'), 'utf8'));
    expect(d.records.map((r: { index: number }) => r.index)).toEqual([0, 3]);
    const dv = vouch(
      'audit',
      'verify',
      f('disclosure.json'),
      '--jwks',
      f('jwks.json'),
      '--log-key',
      readFileSync(f('logkey'), 'utf8').trim(),
    );
    expect(dv.status).toBe(0);
    expect(dv.stdout).toMatch(/OK: every check holds/);

    d.records[1].record.v = '40';
    writeFileSync(f('tampered.json'), JSON.stringify(d));
    const bad = vouch(
      'audit',
      'verify',
      f('tampered.json'),
      '--jwks',
      f('jwks.json'),
      '--log-key',
      f('logkey'),
      '--json',
    );
    expect(bad.status).toBe(4);
    expect(bad.json().error).toMatchObject({
      code: 'AUDIT_VERIFICATION_FAILED',
      details: { ok: false, failed: ['BUNDLE_RECORD_MISMATCH'] },
    });

    const noProof = vouch(
      'audit',
      'verify',
      f('bundle.json'),
      '--jwks',
      f('jwks.json'),
      '--log-key',
      f('logkey'),
      '--previous-checkpoint',
      f('cp-before'),
      '--json',
    );
    expect(noProof.status).toBe(4);
    expect(noProof.json().error.details.failed).toEqual(['CONSISTENCY_PROOF_REQUIRED']);

    // a proof made for other tree sizes (here the current checkpoint's, against itself) is named as
    // such, with the command that makes the right one, not reported as a forked log
    writeFileSync(f('cp-now'), vouch('log', 'checkpoint').stdout);
    const other = vouch(
      'audit',
      'verify',
      f('bundle.json'),
      '--jwks',
      f('jwks.json'),
      '--log-key',
      f('logkey'),
      '--previous-checkpoint',
      f('cp-now'),
      '--consistency-proof',
      f('consistency.json'),
      '--json',
    );
    expect(other.status).toBe(4);
    expect(other.json().error.details.failed).toEqual(['CONSISTENCY_PROOF_REQUIRED']);
    const check = other.json().error.details.checks.find((c: { name: string }) => c.name === 'consistency');
    expect(check.detail).toContain('between sizes 1 and 2');
    expect(check.detail).toContain('vouch log consistency --from 2 --to 2');
  });

  it('signs with the data dir service key by default', () => {
    const b = vouch(
      'report',
      'bundle',
      '--records',
      f('records.json'),
      '--kind',
      'generic',
      '--out',
      f('bundle2.json'),
      '--jwks-out',
      f('jwks2.json'),
      '--json',
    );
    expect(b.status).toBe(0);
    const ok = vouch(
      'audit',
      'verify',
      f('bundle2.json'),
      '--jwks',
      f('jwks2.json'),
      '--log-key',
      f('logkey'),
      '--json',
    );
    expect(ok.status).toBe(0);
    const wrongKeys = vouch(
      'audit',
      'verify',
      f('bundle2.json'),
      '--jwks',
      f('jwks.json'),
      '--log-key',
      f('logkey'),
      '--json',
    );
    expect(wrongKeys.status).toBe(4);
    expect(wrongKeys.json().error.details.failed).toEqual(['BUNDLE_SIGNATURE_INVALID']);
  });

  it('refuses a kind without an aggregator unless aggregates are given', () => {
    const r = vouch(
      'report',
      'bundle',
      '--records',
      f('records.json'),
      '--kind',
      'unknown-kind',
      '--out',
      f('x.json'),
      '--json',
    );
    expect(r.status).toBe(2);
    expect(r.json().error.code).toBe('USAGE');
  });
});

describe('report bundles from the CLI on PostgreSQL (VOUCH_DATABASE_URL)', () => {
  it('anchors the bundle in the PostgreSQL log the service serves, and it verifies offline against that log', async () => {
    const pgs = await freshPgSchema('bundlecli');
    const data = join(dir, 'data-pg');
    const on = { VOUCH_DATABASE_URL: pgs.url, VOUCH_DATABASE_SCHEMA: pgs.schema };
    const v = (...args: string[]) => vouchIn(data, on, ...args);
    try {
      expect(v('log', 'append', '--entry-file', f('entry.json')).status).toBe(0);
      writeFileSync(f('pg-cp-before'), v('log', 'checkpoint').stdout);
      const b = v(...bundleArgs('pg-'));
      expect(b.status, b.stderr).toBe(0);
      expect(b.json()).toMatchObject({ count: 4, logIndex: 1 });
      // the commitment is the PostgreSQL log's entry 1; the data dir's own log never got one
      expect(v('log', 'entry', '--index', '1', '--json').json()).toMatchObject({ kind: 'report-commitment' });
      expect(vouchIn(data, {}, 'log', 'root', '--json').json()).toMatchObject({ size: 0 });

      writeFileSync(f('pg-logkey'), v('log', 'verify-key').stdout);
      writeFileSync(f('pg-consistency.json'), v('log', 'consistency', '--from', '1', '--to', '2', '--json').stdout);
      const ok = v(
        'audit',
        'verify',
        f('pg-bundle.json'),
        '--jwks',
        f('pg-jwks.json'),
        '--log-key',
        f('pg-logkey'),
        '--previous-checkpoint',
        f('pg-cp-before'),
        '--consistency-proof',
        f('pg-consistency.json'),
        '--json',
      );
      expect(ok.status, ok.stdout).toBe(0);
      expect(ok.json()).toMatchObject({ ok: true, records: { count: 4, present: 4, complete: true } });
    } finally {
      await pgs.drop();
    }
  });
});
