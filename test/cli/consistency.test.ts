/**
 * One CLI, one set of habits: every command that writes a file refuses to overwrite one without
 * --force (CONFLICT, the file untouched); commands that only read state refuse a data dir that does
 * not exist (DATA_DIR_MISSING naming it) instead of creating a fresh one with a new key-encryption
 * key; every subcommand's help lists the global options and the input file formats it reads; piped
 * output carries no ANSI escapes; secrets the CLI writes (holder secrets, credentials, report
 * bundles) are 0600. Real processes on temp dirs.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-cli-consistency-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const dataDir = join(dir, 'data');

function vouch(
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; stdout: string; stderr: string; json: any } {
  const r = spawnSync(process.execPath, ['bin/vouch.mjs', ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
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
const file = (name: string, text: string): string => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const SENTINEL = 'precious: do not overwrite\n';
const mode = (p: string) => statSync(p).mode & 0o777;

/** Every leaf command of the fully loaded program, with its path ("report tax"). */
async function leafCommands(): Promise<Array<{ path: string; cmd: Command }>> {
  const program = await buildProgram();
  const out: Array<{ path: string; cmd: Command }> = [];
  const walk = (c: Command, prefix: string) => {
    for (const sub of c.commands) {
      const path = `${prefix}${sub.name()}`;
      if (sub.commands.length === 0) out.push({ path, cmd: sub });
      else walk(sub, `${path} `);
    }
  };
  walk(program, '');
  return out;
}

describe('writing commands refuse to overwrite without --force', () => {
  it('every command with an output option (--out, --jwks-out) also takes --force', async () => {
    const writers = (await leafCommands()).filter(({ cmd }) =>
      cmd.options.some((o) => /^--(out|jwks-out)$/.test(o.long ?? '')),
    );
    expect(writers.map((w) => w.path)).toEqual(
      expect.arrayContaining([
        'holder init',
        'credential issue',
        'registry export',
        'prove',
        'report tax',
        'report compliance',
        'report bundle',
        'report disclose',
        'evm export',
      ]),
    );
    for (const w of writers)
      expect(
        w.cmd.options.map((o) => o.long),
        w.path,
      ).toContain('--force');
  });

  it('refuses an existing output with CONFLICT and leaves it untouched; --force overwrites', () => {
    const decisions = file(
      'decisions.jsonl',
      `${JSON.stringify({ time: 1767225600, policyId: 'p1', allowed: true, code: null })}\n`,
    );
    const records = file(
      'records.json',
      JSON.stringify([{ account: 'a', asset: 'BTC', proceeds: '1', costBasis: '1' }]),
    );
    const cases: Array<{ name: string; argv: (out: string) => string[] }> = [
      { name: 'holder init', argv: (out) => ['holder', 'init', '--out', out] },
      { name: 'report compliance', argv: (out) => ['report', 'compliance', '--decisions', decisions, '--out', out] },
      {
        name: 'report tax',
        argv: (out) => [
          'report',
          'tax',
          '--ledger',
          'examples/reporting/fills.csv',
          '--prices',
          'examples/reporting/prices.csv',
          '--year',
          '2026',
          '--jurisdiction',
          'DE',
          '--out',
          out,
        ],
      },
      {
        name: 'report bundle',
        argv: (out) => [
          '--data-dir',
          dataDir,
          'report',
          'bundle',
          '--records',
          records,
          '--kind',
          'generic',
          '--institution',
          'Acme',
          '--period',
          '2026',
          '--out',
          out,
        ],
      },
      {
        name: 'report bundle --jwks-out',
        argv: (out) => [
          '--data-dir',
          dataDir,
          'report',
          'bundle',
          '--records',
          records,
          '--kind',
          'generic',
          '--institution',
          'Acme',
          '--period',
          '2026',
          '--out',
          join(dir, `fresh-${Math.random()}.json`),
          '--jwks-out',
          out,
        ],
      },
    ];
    for (const c of cases) {
      const out = file(`${c.name.replaceAll(' ', '-')}.out`, SENTINEL);
      const refused = vouch([...c.argv(out), '--json']);
      expect([refused.status, refused.json?.error?.code], `${c.name}: ${refused.stdout}${refused.stderr}`).toEqual([
        3,
        'CONFLICT',
      ]);
      expect(refused.json.error.message, c.name).toContain('--force');
      expect(readFileSync(out, 'utf8'), c.name).toBe(SENTINEL);
      const forced = vouch([...c.argv(out), '--force', '--json']);
      expect(forced.status, `${c.name} --force: ${forced.stdout}${forced.stderr}`).toBe(0);
      expect(readFileSync(out, 'utf8'), c.name).not.toBe(SENTINEL);
    }
  });

  it('report disclose and evm export refuse too (a file; a directory that already holds files)', () => {
    const records = file(
      'records-2.json',
      JSON.stringify([{ account: 'a', asset: 'BTC', proceeds: '1', costBasis: '1' }]),
    );
    const bundle = join(dir, 'bundle-2.json');
    expect(
      vouch([
        '--data-dir',
        dataDir,
        'report',
        'bundle',
        '--records',
        records,
        '--kind',
        'generic',
        '--institution',
        'Acme',
        '--period',
        '2026',
        '--out',
        bundle,
      ]).status,
    ).toBe(0);
    const disclosure = file('disclosure.json', SENTINEL);
    const refused = vouch(['report', 'disclose', '--bundle', bundle, '--records', '0', '--out', disclosure, '--json']);
    expect([refused.status, refused.json?.error?.code]).toEqual([3, 'CONFLICT']);
    expect(readFileSync(disclosure, 'utf8')).toBe(SENTINEL);
    const evmDir = join(dir, 'evm');
    expect(vouch(['evm', 'export', '--out', evmDir]).status).toBe(0);
    const again = vouch(['evm', 'export', '--out', evmDir, '--json']);
    expect([again.status, again.json?.error?.code]).toEqual([3, 'CONFLICT']);
    expect(vouch(['evm', 'export', '--out', evmDir, '--force']).status).toBe(0);
  });
});

describe('a data dir that does not exist', () => {
  it('is refused by commands that only read or change existing state (DATA_DIR_MISSING naming it), and not created', () => {
    const typo = join(dir, 'dtaa');
    for (const argv of [
      ['issuer', 'list'],
      ['keys', 'list'],
      ['log', 'checkpoint'],
      ['log', 'verify-key'],
      ['registry', 'export', '--out', join(dir, 'registry-typo.json')],
      ['credential', 'revoke', 'cred-1', '--reason', 'test'],
      ['issuer-set', 'list'],
      ['report', 'tax', '--year', '2026', '--jurisdiction', 'US'],
    ]) {
      const r = vouch(['--data-dir', typo, ...argv, '--json']);
      expect(
        [r.status, r.json?.error?.code, r.json?.error?.details?.path],
        `${argv.join(' ')}: ${r.stdout}${r.stderr}`,
      ).toEqual([3, 'DATA_DIR_MISSING', typo]);
      expect(r.json.error.message).toContain(typo);
      expect(existsSync(typo), argv.join(' ')).toBe(false);
    }
  });

  it('is made by a command that creates state (issuer create), 0700, and says which tenant the issuer belongs to', () => {
    const fresh = join(dir, 'fresh-data');
    const r = vouch(['--data-dir', fresh, 'issuer', 'create', '--name', 'Acme KYC', '--tenant', 'acme', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.json).toMatchObject({ issuerId: expect.any(String), tenant: 'acme' });
    expect(mode(fresh)).toBe(0o700);
    const text = vouch(['--data-dir', fresh, 'issuer', 'create', '--name', 'Default KYC']);
    expect(text.stdout).toMatch(/created for tenant default/);
    expect(vouch(['--data-dir', fresh, 'issuer', 'list']).stdout).toMatch(/tenant acme/);
  });
});

describe('help', () => {
  it('lists the global options (--data-dir, --json) on every subcommand', async () => {
    for (const { path, cmd } of await leafCommands()) {
      const help = cmd.helpInformation();
      expect(help, path).toContain('Global Options:');
      expect(help, path).toContain('--data-dir <dir>');
      expect(help, path).toContain('--json');
    }
  });

  it('describes each input file format with an example where a command reads it', () => {
    const full = (path: string) => vouch([...path.split(' '), '--help']).stdout;
    expect(full('prove')).toMatch(/Trade file[\s\S]*"nonce": "0a1b2c3d4e5f6071"/);
    expect(full('verify')).toMatch(/Trade file/);
    expect(full('credential issue')).toMatch(/Manual evidence file[\s\S]*"kycLevel": 3/);
    expect(full('ledger import')).toMatch(
      /time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind\n\s+2026-01-10T10:00:00Z,acct-1/,
    );
    const tax = full('report tax');
    expect(tax).toMatch(/Price table CSV[\s\S]*time,asset,quote,price\n\s+2026-01-01T00:00:00Z,BTC,EUR,40000/);
    expect(tax).toMatch(/Users file[\s\S]*examples\/reporting\/users\.json/);
    expect(full('report compliance')).toMatch(/Decisions file/);
  });
});

describe('output and secrets', () => {
  it('writes no ANSI escapes when stdout is not a terminal, including errors and help', () => {
    for (const argv of [
      ['--help'],
      ['policy', 'explain', 'policies/eu-mica-retail-spot.json'],
      ['issuer', 'list', '--data-dir', join(dir, 'nope')],
      ['prove', '--help'],
    ]) {
      const r = vouch(argv);
      expect(r.stdout + r.stderr, argv.join(' ')).not.toMatch(/\x1b\[/);
    }
  });

  it("writes credentials 0600: they carry the holder's attributes", () => {
    const d = join(dir, 'data-credential');
    const issuer = vouch(['--data-dir', d, '--json', 'issuer', 'create', '--name', 'Acme KYC', '--tenant', 'acme']);
    expect(issuer.status).toBe(0);
    const holder = join(dir, 'holder-cred.json');
    expect(vouch(['holder', 'init', '--out', holder]).status).toBe(0);
    const evidence = file(
      'evidence-cred.json',
      JSON.stringify({ kycLevel: 2, jurisdiction: 'DE', investorClass: 'retail', ageOver18: true, tradeLimit: '1000' }),
    );
    const credential = join(dir, 'credential.json');
    const r = vouch([
      '--data-dir',
      d,
      'credential',
      'issue',
      '--issuer',
      issuer.json.issuerId,
      '--holder',
      holder,
      '--evidence',
      'manual',
      '--evidence-file',
      evidence,
      '--out',
      credential,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(mode(credential)).toBe(0o600);
  });

  it('writes holder secrets (also with --force) and report bundles 0600', () => {
    const holder = join(dir, 'holder-secret.json');
    expect(vouch(['holder', 'init', '--out', holder]).status).toBe(0);
    expect(mode(holder)).toBe(0o600);
    expect(vouch(['holder', 'init', '--out', holder, '--force']).status).toBe(0);
    expect(mode(holder)).toBe(0o600);
    const records = file(
      'records-3.json',
      JSON.stringify([{ account: 'a', asset: 'BTC', proceeds: '1', costBasis: '1' }]),
    );
    const bundle = join(dir, 'bundle-3.json');
    expect(
      vouch([
        '--data-dir',
        dataDir,
        'report',
        'bundle',
        '--records',
        records,
        '--kind',
        'generic',
        '--institution',
        'Acme',
        '--period',
        '2026',
        '--out',
        bundle,
      ]).status,
    ).toBe(0);
    expect(mode(bundle)).toBe(0o600);
  });
});
