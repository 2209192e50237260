/**
 * Every npm package src/ loads at run time is declared in package.json `dependencies` — not only in
 * devDependencies, and not merely present in node_modules because something else pulled it in — so
 * `npm install vouch` gives a consumer everything the built code imports. Read with the TypeScript
 * parser: static imports and re-exports (`import type` is erased and does not count; under
 * verbatimModuleSyntax `import { type A }` still loads the module, so it does), `import('x')`,
 * `require('x')`, `createRequire(…)('x')` and `….resolve('x/…')`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = join(dir, d.name);
    return d.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** The module specifiers a TypeScript source loads at run time (relative ones included). */
export function runtimeSpecifiers(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const constants = new Map<string, string>();
  const out: string[] = [];
  const literal = (e: ts.Expression | undefined): string | undefined =>
    e === undefined
      ? undefined
      : ts.isStringLiteralLike(e)
        ? e.text
        : ts.isIdentifier(e)
          ? constants.get(e.text)
          : undefined;
  const isRequireLike = (callee: ts.Expression): boolean =>
    (ts.isIdentifier(callee) && /^(require|req)$/.test(callee.text)) ||
    (ts.isCallExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === 'createRequire') ||
    (ts.isPropertyAccessExpression(callee) && callee.name.text === 'resolve' && isRequireLike(callee.expression));
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const v = literal(node.initializer);
      if (v !== undefined) constants.set(node.name.text, v);
    }
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly) out.push(literal(node.moduleSpecifier)!);
    if (ts.isExportDeclaration(node) && node.moduleSpecifier && !node.isTypeOnly)
      out.push(literal(node.moduleSpecifier)!);
    if (ts.isCallExpression(node)) {
      const spec = literal(node.arguments[0]);
      if (
        spec !== undefined &&
        (node.expression.kind === ts.SyntaxKind.ImportKeyword || isRequireLike(node.expression))
      )
        out.push(spec);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** `@scope/name/sub` → `@scope/name`, `name/sub` → `name`; undefined for relative paths and builtins. */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || isBuiltin(specifier)) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function undeclared(files: { name: string; text: string }[], dependencies: Record<string, string>): string[] {
  const found = new Set<string>();
  for (const f of files)
    for (const s of runtimeSpecifiers(f.name, f.text)) {
      const p = packageOf(s);
      if (p !== undefined && !(p in dependencies)) found.add(`${p} (${f.name})`);
    }
  return [...found].sort();
}

describe('runtime dependencies', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };

  it('every package src/ loads at run time is in package.json dependencies', () => {
    const files = sourceFiles(SRC).map((f) => ({ name: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
    expect(files.length).toBeGreaterThan(300);
    expect(undeclared(files, pkg.dependencies), 'add them to "dependencies" (pinned exactly)').toEqual([]);
  });

  it('finds each way of loading a package, and only those (the check itself works)', () => {
    const text = [
      "import a from 'pkg-a';",
      "import { type T, b } from '@scope/pkg-b/sub';",
      "import type { U } from 'types-only';",
      "export { c } from 'pkg-c';",
      "export type { V } from 'types-only-too';",
      "import { readFileSync } from 'node:fs';",
      "import { x } from './local.js';",
      "const CORE = 'pkg-d';",
      'const d = () => import(CORE);',
      "const e = require('pkg-e');",
      "const f = createRequire(import.meta.url)('pkg-f');",
      "const g = createRequire(import.meta.url).resolve('pkg-g/package.json');",
      "type W = typeof import('type-position');",
    ].join('\n');
    expect(runtimeSpecifiers('x.ts', text).map(packageOf).filter(Boolean)).toEqual([
      'pkg-a',
      '@scope/pkg-b',
      'pkg-c',
      'pkg-d',
      'pkg-e',
      'pkg-f',
      'pkg-g',
    ]);
    expect(undeclared([{ name: 'src/x.ts', text }], { 'pkg-a': '1', '@scope/pkg-b': '1', 'pkg-c': '1' })).toEqual([
      'pkg-d (src/x.ts)',
      'pkg-e (src/x.ts)',
      'pkg-f (src/x.ts)',
      'pkg-g (src/x.ts)',
    ]);
  });
});
