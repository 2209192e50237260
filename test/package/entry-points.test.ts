/**
 * Each package entry point, as built into dist/, loads only the dependencies its role needs. Every
 * entry is imported in a fresh child process that records the npm packages loaded (ESM resolve
 * hook + require.cache), so a stray import anywhere in an entry's graph shows up here.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshPgSchema } from '../support/pg.js';
import { ROOT, ensureBuilt } from './support/built.js';

const LISTER = join(ROOT, 'test/package/support/list-packages.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'vouch-footprint-'));

function packagesLoaded(file: string, ...args: string[]): string[] {
  return packagesLoadedWith({}, file, ...args);
}

function packagesLoadedWith(env: Record<string, string | undefined>, file: string, ...args: string[]): string[] {
  const out = join(tmp, `${Math.random().toString(36).slice(2)}.json`);
  const r = spawnSync(process.execPath, [LISTER, join(ROOT, file), ...args], {
    cwd: tmp,
    encoding: 'utf8',
    env: { ...process.env, ...env, LIST_PACKAGES_OUT: out },
  });
  if (r.status !== 0) throw new Error(`importing ${file} failed: ${r.stderr}`);
  return JSON.parse(readFileSync(out, 'utf8')) as string[];
}

/** Never in an embedded hook, verifier, prover or audit process. */
const SERVICE_ONLY = ['circom2', 'commander', 'hono', '@hono/node-server', 'pino'];
const anonAadhaar = (p: string) => p.startsWith('@anon-aadhaar/');

beforeAll(() => ensureBuilt(), 600_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('package entry points load only what their role needs', () => {
  it('vouch (errors and shared types) loads no package at all', () => {
    expect(packagesLoaded('dist/entry/index.js')).toEqual([]);
  });

  it('vouch/hook loads no circuit compiler, prover, KYC adapter, CLI or HTTP server', () => {
    const loaded = packagesLoaded('dist/entry/hook.js');
    expect(loaded.filter((p) => [...SERVICE_ONLY, 'snarkjs'].includes(p) || anonAadhaar(p))).toEqual([]);
  });

  it('vouch/hook loads no PostgreSQL driver until a PostgreSQL database is opened', () => {
    expect(packagesLoaded('dist/entry/hook.js')).not.toContain('pg');
  });

  it('a SQLite hook (openHookStores without VOUCH_DATABASE_URL) opens its stores without loading pg', () => {
    const loaded = packagesLoadedWith({ VOUCH_DATABASE_URL: undefined }, 'test/package/support/open-hook-stores.mjs');
    expect(loaded).toContain('better-sqlite3'); // the stores were really opened
    expect(loaded).not.toContain('pg');
  });

  it('a PostgreSQL hook loads pg when it opens its stores (the listing sees a dynamic import)', async () => {
    const s = await freshPgSchema('hookstores');
    try {
      const loaded = packagesLoadedWith(
        { VOUCH_DATABASE_URL: s.url, HOOK_STORES_SCHEMA: s.schema },
        'test/package/support/open-hook-stores.mjs',
      );
      expect(loaded).toContain('pg');
    } finally {
      await s.drop();
    }
  });

  it('vouch/hook exports the stateless check a regulator runs', async () => {
    const hook = (await import(pathToFileURL(join(ROOT, 'dist/entry/hook.js')).href)) as Record<string, unknown>;
    expect(typeof hook.checkStateless).toBe('function');
  });

  it('vouch/verifier is stateless: no database driver, no prover, no server', () => {
    const loaded = packagesLoaded('dist/entry/verifier.js');
    expect(loaded.filter((p) => [...SERVICE_ONLY, 'snarkjs', 'better-sqlite3'].includes(p) || anonAadhaar(p))).toEqual(
      [],
    );
  });

  it('vouch/prover loads no compiler, KYC adapter, CLI or server (snarkjs only once it proves)', () => {
    const loaded = packagesLoaded('dist/entry/prover.js');
    expect(loaded.filter((p) => [...SERVICE_ONLY, 'snarkjs', 'better-sqlite3'].includes(p) || anonAadhaar(p))).toEqual(
      [],
    );
  });

  it('vouch/audit needs no proof system at all', () => {
    const loaded = packagesLoaded('dist/entry/audit.js');
    expect(
      loaded.filter((p) => [...SERVICE_ONLY, 'snarkjs', 'ffjavascript', 'wasmcurves'].includes(p) || anonAadhaar(p)),
    ).toEqual([]);
  });

  it('vouch/server loads the HTTP stack but not the CLI or the circuit compiler', () => {
    const loaded = packagesLoaded('dist/entry/server.js');
    expect(loaded).toEqual(expect.arrayContaining(['hono', '@hono/node-server', 'pino']));
    expect(loaded.filter((p) => ['circom2', 'commander', 'snarkjs'].includes(p) || anonAadhaar(p))).toEqual([]);
  });

  it('vouch/evm loads no prover, circuit compiler, database, CLI or server, and solc only when it compiles', () => {
    const loaded = packagesLoaded('dist/entry/evm.js');
    expect(loaded).toContain('viem');
    expect(
      loaded.filter((p) => [...SERVICE_ONLY, 'snarkjs', 'better-sqlite3', 'solc'].includes(p) || anonAadhaar(p)),
    ).toEqual([]);
  });

  it('vouch --help runs the built CLI and loads commander alone', () => {
    expect(packagesLoaded('bin/vouch.mjs', '--help')).toEqual(['commander']);
  });
});
