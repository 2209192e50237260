/**
 * The web app's bundle carries no database or cache driver: pg, ioredis and better-sqlite3 are
 * server-side, and once one leaked into the wallet through an area index's re-export, the page
 * broke at load (pg's util.deprecate) and every browser test failed. The app is built from the
 * same Vite config as dist/web, with source maps, into a temporary folder, and the maps name every
 * module the chunks hold: none may come from those packages (nor from a file importing them by
 * path, which the maps would show as the package too).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/browser.js';

const DRIVERS = ['pg', 'pg-pool', 'pg-protocol', 'pg-cursor', 'ioredis', 'better-sqlite3'];
const out = mkdtempSync(join(tmpdir(), 'vouch-web-bundle-'));
let sources: string[] = [];

beforeAll(async () => {
  const vite = await import('vite');
  await vite.build({
    configFile: join(ROOT, 'web', 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir: out, emptyOutDir: true, sourcemap: true },
  });
  const maps = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.js.map'));
  sources = maps.flatMap(
    (m) => (JSON.parse(readFileSync(join(out, 'assets', m), 'utf8')) as { sources: string[] }).sources,
  );
}, 600_000);

afterAll(() => rmSync(out, { recursive: true, force: true }));

const packageOf = (source: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source)?.[1];

describe('the web bundle', () => {
  it('is made of the app, the library and browser-safe packages (the maps name real modules)', () => {
    expect(sources.some((s) => s.includes('web/src/main.ts'))).toBe(true);
    expect(sources.some((s) => /\/src\/prover\/prove-trade\.ts$/.test(s))).toBe(true);
    expect(new Set(sources.map(packageOf))).toContain('jose');
  });

  it('contains none of the database and cache drivers (pg, ioredis, better-sqlite3)', () => {
    const leaked = sources.filter((s) => DRIVERS.includes(packageOf(s) ?? ''));
    expect(leaked).toEqual([]);
    // nor the modules of src/ that open them (listed unindexed in .dependency-cruiser.cjs)
    expect(sources.filter((s) => /\/src\/.*\/pg-[a-z-]+\.ts$|\/src\/db\/(pg-client|client)\.ts$/.test(s))).toEqual([]);
  });
});
