/**
 * Each file of src/cli/commands/ is named after the top-level command it registers: `log.ts`
 * defines `vouch log`. A file that also defines or extends other top-level commands says so in
 * SHARED below, with the reason; anything else is a file to rename (`git mv`) or split. The
 * commands are read from commander itself: each file's registrars run on an empty program.
 */
import { readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/commands/index.js';

const DIR = resolve(import.meta.dirname, '../../src/cli/commands');

/** Other top-level commands a file defines, and why they live there. */
const SHARED: Record<string, Record<string, string>> = {
  'audit.ts': {
    report: '`report bundle` and `report disclose` build what `audit verify` checks, with the same bundle code',
  },
  'issuer.ts': {
    holder: '`holder init` makes the holder file that `credential issue` binds to',
    credential: "issuance and revocation run on the issuer's keys and context",
    registry: "the registry is exported from the issuers' published keys and status roots",
  },
  'prove.ts': { verify: '`verify` reads the proof, trade, policy and registry files `prove` writes and reads' },
};

/** The top-level commands a file's registrars define or extend. */
async function commandsOf(file: string): Promise<string[]> {
  const mod = (await import(pathToFileURL(join(DIR, file)).href)) as Record<string, unknown>;
  const program = new Command('vouch');
  for (const [name, fn] of Object.entries(mod))
    if (name.startsWith('register') && typeof fn === 'function') (fn as (p: Command) => void)(program);
  return program.commands.map((c) => c.name());
}

/** What is wrong with a file's name, given the top-level commands it registers. */
function misnamed(file: string, commands: readonly string[]): string[] {
  const own = basename(file, '.ts');
  const problems = commands.includes(own)
    ? []
    : [`${file} registers no command "${own}" (it registers ${commands.join(', ') || 'none'})`];
  for (const c of commands)
    if (c !== own && SHARED[file]?.[c] === undefined)
      problems.push(`${file} also registers "${c}": rename or split, or say why in SHARED`);
  return problems;
}

describe('CLI command files', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts');

  it('are each named after the top-level command they register', async () => {
    expect(files.length).toBeGreaterThan(10);
    const problems: string[] = [];
    for (const f of files) problems.push(...misnamed(f, await commandsOf(f)));
    expect(problems).toEqual([]);
  });

  it('SHARED lists only commands those files really register', async () => {
    for (const [file, others] of Object.entries(SHARED))
      expect(await commandsOf(file)).toEqual(expect.arrayContaining(Object.keys(others)));
  });

  it('every command of the listing is defined by its own file or one SHARED names', async () => {
    for (const entry of COMMANDS) {
      const own = `${entry.name}.ts`;
      const home = files.includes(own) ? own : Object.keys(SHARED).find((f) => SHARED[f]![entry.name] !== undefined);
      expect(home, `no file defines "${entry.name}"`).toBeDefined();
      expect(await commandsOf(home!), entry.name).toContain(entry.name);
    }
  });

  it('reports a file named after no command it registers (the check itself works)', () => {
    expect(misnamed('keys.ts', ['log'])).toEqual([
      'keys.ts registers no command "keys" (it registers log)',
      'keys.ts also registers "log": rename or split, or say why in SHARED',
    ]);
    expect(misnamed('keys.ts', ['keys'])).toEqual([]);
  });
});
