/**
 * The CLI loads a command's code only when that command runs: `vouch --help` prints the listing
 * from src/cli/commands/index.ts. These tests hold that listing to what the registrars declare,
 * so the fast path and the real commands cannot drift, and check --version.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli/main.js';
import { COMMANDS } from '../../src/cli/commands/index.js';

const ARGV = ['node', 'vouch'];
const version = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

describe('vouch command listing', () => {
  it('prints the same --help from the listing as from every command fully loaded', async () => {
    const listed = await buildProgram([...ARGV, '--help']);
    const full = await buildProgram();
    expect(listed.helpInformation()).toBe(full.helpInformation());
  });

  it('lists every top-level command the registrars define, in order, and nothing else', async () => {
    const full = await buildProgram();
    expect(COMMANDS.map((c) => c.name)).toEqual(full.commands.map((c) => c.name()));
  });

  it('fully defines the command it runs, after global options and for `help <command>`', async () => {
    for (const argv of [
      ['policy', 'hash', 'x.json'],
      ['--data-dir', 'log', 'holder', 'init'],
      ['--json', 'help', 'verify'],
    ]) {
      const program = await buildProgram([...ARGV, ...argv]);
      const name = argv.includes('help')
        ? argv[argv.indexOf('help') + 1]!
        : argv.find((w, i) => !w.startsWith('-') && argv[i - 1] !== '--data-dir')!;
      const cmd = program.commands.find((c) => c.name() === name)!;
      expect(cmd.commands.length + cmd.options.length, name).toBeGreaterThan(0);
    }
  });

  it('--version and -V print the package version and exit 0', () => {
    for (const flag of ['--version', '-V']) {
      const r = spawnSync(process.execPath, ['bin/vouch.mjs', flag], { encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(version);
    }
  });

  it('an unknown command is a usage error (exit 2), not a crash', () => {
    const r = spawnSync(process.execPath, ['bin/vouch.mjs', '--json', 'no-such-command'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'USAGE' } });
  });
});
