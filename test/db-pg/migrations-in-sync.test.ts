/**
 * The committed migrations of both dialects are what drizzle-kit generates from the schema: run
 * `drizzle-kit generate` (offline) on a copy of each migrations folder and expect no new migration.
 * A schema change without its migration fails here.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

describe.each([
  { dialect: 'sqlite', schema: 'src/db/schema.ts', out: 'src/db/migrations' },
  { dialect: 'postgresql', schema: 'src/db/schema-pg.ts', out: 'src/db/migrations-pg' },
])('$dialect migrations', ({ dialect, schema, out }) => {
  it('match the drizzle schema (drizzle-kit generate finds nothing to add)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-migrations-'));
    const copy = join(dir, 'migrations');
    cpSync(join(ROOT, out), copy, { recursive: true });
    const before = readdirSync(copy).sort();
    const config = join(dir, 'drizzle.config.ts');
    // drizzle-kit reads paths relative to its working directory (it prefixes './' even to absolute ones)
    writeFileSync(
      config,
      `export default ${JSON.stringify({ dialect, schema: `./${schema}`, out: relative(ROOT, copy) })};\n`,
    );
    const output = execFileSync(join(ROOT, 'node_modules/.bin/drizzle-kit'), ['generate', '--config', config], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: 'pipe',
      timeout: 120_000,
    });
    expect(output).toContain('No schema changes');
    expect(readdirSync(copy).sort()).toEqual(before);
  });
});
