/**
 * The house rules on imports in src/ (.dependency-cruiser.cjs): the layering of DESIGN.md's module
 * table, cross-area imports through each area's index.ts, no import cycle at run time, and which
 * npm packages each layer may load. Checked with dependency-cruiser's own `cruise()` on the same
 * rule file `npm run lint:deps` reads, then against a small module graph that breaks every rule once,
 * so the check itself is seen to fail.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { cruise, type ICruiseResult, type IModule } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CONFIG = join(ROOT, '.dependency-cruiser.cjs');

interface Exception {
  from: string;
  to: string[];
  why: string;
}
const house = (
  createRequire(import.meta.url)(CONFIG) as {
    house: { EXCEPTIONS: Exception[]; UNINDEXED: { path: string; why: string }[] };
  }
).house;

async function cruiseDir(baseDir: string): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(CONFIG);
  const r = await cruise(['src'], { ...options, baseDir, validate: true }, undefined, {
    tsConfig: extractTSConfig(join(ROOT, 'tsconfig.json')),
  });
  return r.output as ICruiseResult;
}

const described = (r: ICruiseResult) => r.summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();

/** Writes files (path → source) under a new temporary directory. */
function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-layering-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, p)), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

describe('the import rules of src/ (dependency-cruiser)', () => {
  let result: ICruiseResult;
  beforeAll(async () => {
    result = await cruiseDir(ROOT);
  }, 600_000);

  it('src/ breaks none of them', () => {
    expect(result.summary.totalCruised).toBeGreaterThan(300);
    expect(described(result), 'see the rule file .dependency-cruiser.cjs; run `npm run lint:deps`').toEqual([]);
  });

  it('every listed exception is still used, and every unindexed module is really kept out of its index', () => {
    const modules = new Map<string, IModule>(result.modules.map((m) => [m.source, m]));
    const matches = (pattern: string, file: string) =>
      pattern.endsWith('/') ? file.startsWith(pattern) : file === pattern;
    for (const e of house.EXCEPTIONS)
      for (const to of e.to) {
        const used = result.modules.some(
          (m) => matches(e.from, m.source) && m.dependencies.some((d) => d.resolved === to),
        );
        expect(used, `exception ${e.from} → ${to} matches no import: remove it`).toBe(true);
      }
    for (const u of house.UNINDEXED) {
      const area = u.path.match(/^src\/(reporting\/[^/]+|[^/]+)\//)![1]; // reporting's sub-folders are areas
      const index = modules.get(`src/${area}/index.ts`)!;
      expect(index, `src/${area}/index.ts`).toBeDefined();
      expect(
        index.dependencies.some((d) => matches(u.path, d.resolved)),
        `${u.path} is re-exported by its index`,
      ).toBe(false);
      const importedFromOutside = result.modules.some(
        (m) => !m.source.startsWith(`src/${area}/`) && m.dependencies.some((d) => matches(u.path, d.resolved)),
      );
      expect(importedFromOutside, `${u.path} is imported by no other area: remove it from UNINDEXED`).toBe(true);
    }
  });
});

describe('the rules fail on a module graph that breaks them', () => {
  let dir: string;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reports each broken rule, and not what the rules allow', async () => {
    dir = tree({
      // Layering: zk imports the HTTP shell.
      'src/api/index.ts': 'export const app = 1;\n',
      'src/zk/index.ts': "export { f } from './field.js';\n",
      'src/zk/field.ts': 'export const f = 1;\n',
      'src/zk/leak.ts': "import { app } from '../api/index.js';\nexport const x = app;\n",
      // zk knows nothing of SQL.
      'src/zk/sql.ts': "import Database from 'better-sqlite3';\nexport const d = Database;\n",
      'node_modules/better-sqlite3/package.json': '{"name":"better-sqlite3","version":"1.0.0","main":"index.js"}\n',
      'node_modules/better-sqlite3/index.js': 'module.exports = 1;\n',
      // Through index: policy reaches into zk/field.ts (zk has an index.ts).
      'src/policy/index.ts': "export { d } from './deep.js';\n",
      'src/policy/deep.ts': "import { f } from '../zk/field.js';\nexport const d = f;\n",
      // A cycle at run time in hook/, and one through a type-only import (erased, so allowed).
      'src/hook/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
      'src/hook/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      'src/hook/ta.ts': "import type { TB } from './tb.js';\nexport type TA = TB | 1;\n",
      'src/hook/tb.ts': "import { ta } from './tc.js';\nexport type TB = 2;\nexport const tb = ta;\n",
      'src/hook/tc.ts': "import type { TA } from './ta.js';\nexport const ta: TA = 1;\n",
      // The listed exception (kyc → credentials/schema.ts) holds; kyc → the rest of credentials does not.
      'src/credentials/index.ts': "export { s } from './schema.js';\nexport { i } from './issue.js';\n",
      'src/credentials/schema.ts': 'export const s = 1;\n',
      'src/credentials/issue.ts': 'export const i = 1;\n',
      'src/kyc/allowed.ts': "import { s } from '../credentials/schema.js';\nexport const k = s;\n",
      'src/kyc/refused.ts': "import { i } from '../credentials/index.js';\nexport const k = i;\n",
    });
    expect(described(await cruiseDir(dir))).toEqual([
      'layer-kyc: src/kyc/refused.ts → src/credentials/index.ts',
      'layer-zk: src/zk/leak.ts → src/api/index.ts',
      'no-circular: src/hook/a.ts → src/hook/b.ts',
      'through-index: src/policy/deep.ts → src/zk/field.ts',
      'zk-no-http-or-sql: src/zk/sql.ts → node_modules/better-sqlite3/index.js',
    ]);
  }, 600_000);
});
