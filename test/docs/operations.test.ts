/**
 * docs/OPERATIONS.md is the configuration reference `vouch serve --help` points at: every key of
 * the config schema, every environment variable mapped to one, and every environment variable the
 * source reads anywhere else must be documented there, so a new setting cannot ship undocumented.
 * The tests that run its procedures are named in the guide; they must exist.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ZodType } from 'zod';
import { describe, expect, it } from 'vitest';
import { ConfigSchema, ENV_KEYS } from '../../src/config/schema.js';

const ROOT = join(import.meta.dirname, '../..');
const doc = readFileSync(join(ROOT, 'docs/OPERATIONS.md'), 'utf8');

/** Dotted paths of every leaf of the config schema (through defaults, prefaults and optionals). */
function leafKeys(schema: ZodType, prefix = ''): string[] {
  let t = schema as unknown as { def: { type: string; innerType?: unknown; shape?: Record<string, ZodType> } };
  while (['default', 'prefault', 'optional'].includes(t.def.type)) t = t.def.innerType as typeof t;
  if (t.def.type !== 'object') return [prefix];
  return Object.entries(t.def.shape!).flatMap(([k, v]) => leafKeys(v, prefix ? `${prefix}.${k}` : k));
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('docs/OPERATIONS.md', () => {
  it('documents every config key, with its backquoted name', () => {
    const keys = leafKeys(ConfigSchema);
    expect(keys.length).toBeGreaterThan(25);
    expect(keys.filter((k) => !doc.includes(`\`${k}\``))).toEqual([]);
  });

  it('documents every environment variable: those mapped to config keys and those the code reads directly', () => {
    const mapped = Object.keys(ENV_KEYS);
    const read = new Set<string>();
    for (const f of sourceFiles(join(ROOT, 'src'))) {
      for (const m of readFileSync(f, 'utf8').matchAll(
        /\benv\??\.([A-Z][A-Z0-9_]+)|\benv\[['"]([A-Z][A-Z0-9_]+)['"]\]/g,
      ))
        read.add(m[1] ?? m[2]!);
    }
    expect(read.size).toBeGreaterThan(10);
    expect([...mapped, ...read].filter((v) => !doc.includes(`\`${v}\``))).toEqual([]);
  });

  it('is where `vouch serve --help` points for the configuration keys', () => {
    const help = spawnSync(process.execPath, ['bin/vouch.mjs', 'serve', '--help'], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    }).stdout;
    const ref = /docs\/[A-Za-z-]+\.md/.exec(help)?.[0];
    expect(ref).toBe('docs/OPERATIONS.md');
    expect(doc).toMatch(/^## Configuration$/m);
  });

  it('names tests for its procedures that exist', () => {
    const named = [...doc.matchAll(/`(test\/[a-z/-]+\.test\.ts)`/g)].map((m) => m[1]!);
    expect(named.length).toBeGreaterThanOrEqual(3);
    expect(named.filter((t) => !existsSync(join(ROOT, t)))).toEqual([]);
  });
});
