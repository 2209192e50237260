/**
 * Every function and class a package entry point exports (src/entry/*.ts, package.json "exports")
 * has a doc comment where it is declared, and the main operation of each entry point shows its use
 * in an `@example`, as hono's middleware factories do. Read with the TypeScript compiler API: the
 * checker follows each re-export to its declaration, so a name exported from two entry points is
 * checked once, where it is written.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = join(ROOT, 'src/entry');

/** The main operation(s) of each entry point: their doc comment carries an `@example`. */
const WITH_EXAMPLE = [
  'createComplianceHook',
  'complianceGate',
  'proveTrade',
  'verify',
  'verifyBatch',
  'verifyBundle',
  'createApp',
  'startServer',
  'admitCalldata',
];

interface Exported {
  name: string;
  file: string;
  documented: boolean;
  example: boolean;
}

/** Functions and classes exported by the given entry files, at their declarations. */
function exportedCallables(program: ts.Program, entries: string[]): Exported[] {
  const checker = program.getTypeChecker();
  const out = new Map<string, Exported>();
  for (const e of entries) {
    const sf = program.getSourceFile(e);
    if (!sf) throw new Error(`${e} is not in the program`);
    const mod = checker.getSymbolAtLocation(sf);
    if (!mod) continue; // a file that exports nothing
    for (const exp of checker.getExportsOfModule(mod)) {
      const sym = exp.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exp) : exp;
      if (!(sym.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Class))) continue;
      const decl = sym.declarations?.[0];
      if (!decl) continue;
      const file = relative(ROOT, decl.getSourceFile().fileName);
      const key = `${file}:${sym.name}`;
      if (out.has(key)) continue;
      const tags = sym.getJsDocTags(checker);
      out.set(key, {
        name: sym.name,
        file,
        documented: sym.getDocumentationComment(checker).length > 0,
        example: tags.some((t) => t.name === 'example'),
      });
    }
  }
  return [...out.values()];
}

function programOf(roots: string[]): ts.Program {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const options = { ...parsed.options, noEmit: true };
  return ts.createProgram(roots, options);
}

describe('doc comments on the package entry points', () => {
  let exported: Exported[];
  beforeAll(() => {
    const entries = readdirSync(ENTRY)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(ENTRY, f));
    exported = exportedCallables(programOf(entries), entries);
  }, 600_000);

  it('every exported function and class has a doc comment', () => {
    expect(exported.length).toBeGreaterThan(50);
    const undocumented = exported.filter((x) => !x.documented).map((x) => `${x.file}: ${x.name}`);
    expect(undocumented, 'write a /** … */ comment above each').toEqual([]);
  });

  it('the main operations show their use in an @example', () => {
    for (const name of WITH_EXAMPLE)
      expect(
        exported.map((x) => x.name),
        name,
      ).toContain(name);
    expect(exported.filter((x) => WITH_EXAMPLE.includes(x.name) && !x.example).map((x) => x.name)).toEqual([]);
  });

  it('reports an export without a doc comment (the check itself works)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'vouch-docs-'));
    try {
      writeFileSync(join(dir, 'entry.ts'), "export { documented, bare, Bare } from './lib.js';\n");
      writeFileSync(
        join(dir, 'lib.ts'),
        [
          '/**',
          ' * Adds one.',
          ' * @example',
          ' * documented(1); // 2',
          ' */',
          'export function documented(x: number): number { return x + 1; }',
          'export function bare(): void {}',
          'export class Bare {}',
          '',
        ].join('\n'),
      );
      const entry = join(dir, 'entry.ts');
      const found = exportedCallables(programOf([entry]), [entry]);
      expect(found.map((x) => [x.name, x.documented, x.example]).sort()).toEqual([
        ['Bare', false, false],
        ['bare', false, false],
        ['documented', true, true],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
