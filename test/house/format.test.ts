/**
 * The house style is Prettier's, configured in .prettierrc.json (what it covers: .prettierignore).
 * `npm run format` rewrites; this test is the CI check (`prettier --check .`), so an unformatted
 * file fails `npm test` by name.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const prettierBin = join(
  ROOT,
  'node_modules',
  'prettier',
  (createRequire(import.meta.url)('prettier/package.json') as { bin: string }).bin,
);

describe('formatting (prettier)', () => {
  it('every source file the house formats is formatted', () => {
    const r = spawnSync(process.execPath, [prettierBin, '--check', '.'], { cwd: ROOT, encoding: 'utf8' });
    const unformatted = r.stdout
      .split('\n')
      .concat(r.stderr.split('\n'))
      .filter((l) => l.startsWith('[warn] ') && !l.includes('Code style issues'))
      .map((l) => l.slice(7));
    expect(unformatted, 'run `npm run format`').toEqual([]);
    expect(r.status).toBe(0);
  });

  it('is a check that fails: an unformatted source is reported', async () => {
    const prettier = await import('prettier');
    const options = { ...JSON.parse(readFileSync(join(ROOT, '.prettierrc.json'), 'utf8')), filepath: 'x.ts' };
    expect(await prettier.check('const a = {b:1}\n', options)).toBe(false);
    expect(await prettier.check('const a = { b: 1 };\n', options)).toBe(true);
  });
});
