/**
 * `vouch credential issue --pickup` as an issuer runs it, on both stores (the data dir's SQLite
 * file; PostgreSQL through VOUCH_DATABASE_URL and VOUCH_DATABASE_SCHEMA): the command prints a
 * one-time pickup code and its expiry instead of writing the credential, and the holder redeems
 * the code at the service's public route (POST /v1/credentials/pickup) on the same database —
 * once. Wrong combinations of options are USAGE errors (exit 2) that issue nothing.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseHolderFile, verifyCredentialFile } from '../../src/credentials/index.js';
import { databasePath, openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { releaseCurves } from '../../src/zk/index.js';
import { from, makeTestApp, type TestApp } from '../api/helpers.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';

const BIN = fileURLToPath(new URL('../../bin/vouch.mjs', import.meta.url));
const STORES = ['sqlite', 'postgres'] as const;
/** Each step is a real `vouch` process: generous on a loaded 2-core machine. */
const SLOW = 600_000;
const EVIDENCE = JSON.stringify({
  kycLevel: 3,
  jurisdiction: 'DE',
  investorClass: 'professional',
  ageOver18: true,
  tradeLimit: '1000000',
});

let schema: PgSchema;
const closers: (() => unknown)[] = [];
beforeAll(async () => {
  schema = await freshPgSchema('clipickup');
});
afterAll(async () => {
  for (const close of closers) await close();
  await schema.drop();
  await releaseCurves();
});

/** Runs `vouch --json …args` to completion: exit status and parsed JSON output. */
function vouch(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; out: any; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--json', ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      let out: unknown;
      try {
        out = JSON.parse(stdout);
      } catch {
        out = stdout;
      }
      resolve({ status, out, stderr });
    });
  });
}

describe.each(STORES)('vouch credential issue --pickup on %s', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), 'vouch-cli-pickup-'));
  const dataDir = join(dir, 'data');
  const env: Record<string, string> =
    kind === 'postgres' ? { VOUCH_DATABASE_URL: '', VOUCH_DATABASE_SCHEMA: '' } : { VOUCH_DATABASE_URL: '' };
  const cli = (...args: string[]) => vouch(['--data-dir', dataDir, ...args], env);
  let issuerId: string;
  let holderFile: string;
  let evidenceFile: string;
  let t: TestApp;
  let pg: PostgresHandle | undefined;
  let sqlite: DatabaseHandle | undefined;
  const issue = (...extra: string[]) =>
    cli(
      'credential',
      'issue',
      '--issuer',
      issuerId,
      '--holder',
      holderFile,
      '--evidence',
      'manual',
      '--evidence-file',
      evidenceFile,
      ...extra,
    );
  const credentialCount = async (): Promise<number> =>
    pg
      ? Number((await pg.pool.query('SELECT count(*) AS n FROM credentials')).rows[0].n)
      : (sqlite!.sqlite.prepare('SELECT count(*) AS n FROM credentials').get() as { n: number }).n;
  const redeem = async (code: string) => {
    const res = await t.app.request(
      '/v1/credentials/pickup',
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code }) },
      from('198.51.100.9'),
    );
    return { status: res.status, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    if (kind === 'postgres')
      Object.assign(env, { VOUCH_DATABASE_URL: schema.url, VOUCH_DATABASE_SCHEMA: schema.schema });
    const created = await cli('issuer', 'create', '--name', 'Acme KYC', '--tenant', 'acme');
    expect(created.status, created.stderr).toBe(0);
    issuerId = created.out.issuerId;
    holderFile = join(dir, 'holder.json');
    expect((await cli('holder', 'init', '--out', holderFile)).status).toBe(0);
    evidenceFile = join(dir, 'evidence.json');
    writeFileSync(evidenceFile, EVIDENCE);
    // the service on the same database the CLI wrote to
    if (kind === 'postgres') {
      pg = await schema.open({ maxConnections: 2 });
      closers.push(() => pg!.close());
    } else {
      sqlite = openDatabase({ path: databasePath(dataDir) });
      closers.push(() => sqlite!.close());
    }
    t = await makeTestApp({ ...(pg ? { pg } : { db: sqlite! }) });
    t.clock.ms = Date.now();
  }, SLOW);

  it(
    'prints a one-time code and its expiry instead of a file; the holder redeems it at the service, once',
    async () => {
      const before = Date.now();
      const r = await issue('--pickup', '--pickup-ttl', '600');
      expect(r.status, r.stderr).toBe(0);
      expect(r.out).toEqual({
        credentialId: expect.stringMatching(/^cred_/),
        credentialIndex: expect.any(Number),
        expiresAt: expect.any(Number),
        pickup: {
          code: expect.stringMatching(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){4}$/),
          expiresAt: expect.any(String),
        },
      });
      const until = Date.parse(r.out.pickup.expiresAt);
      expect(until).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 600_000);
      expect(until).toBeLessThanOrEqual(Date.now() + 600_000);
      expect(readdirSync(dir).sort()).toEqual(['data', 'evidence.json', 'holder.json']); // no credential file

      const first = await redeem(r.out.pickup.code);
      expect(first.status).toBe(200);
      expect(first.body.id).toBe(r.out.credentialId);
      expect(() =>
        verifyCredentialFile(first.body, parseHolderFile(JSON.parse(readFileSync(holderFile, 'utf8'))).subject),
      ).not.toThrow();
      const again = await redeem(r.out.pickup.code);
      expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'PICKUP_CODE_SPENT' });
    },
    SLOW,
  );

  // the options are checked before any database is opened: one store is enough
  it.runIf(kind === 'sqlite')(
    'refuses --pickup with --out, no destination, a --pickup-ttl out of range or without --pickup: USAGE, nothing issued',
    async () => {
      const issued = await credentialCount();
      const out = join(dir, 'credential.json');
      for (const args of [
        ['--pickup', '--out', out],
        [],
        ['--pickup', '--pickup-ttl', '59'],
        ['--pickup', '--pickup-ttl', '86401'],
        ['--pickup', '--pickup-ttl', '1e3'],
        ['--out', out, '--pickup-ttl', '600'],
      ]) {
        const r = await issue(...args);
        expect({ args, status: r.status, code: r.out?.error?.code }).toEqual({ args, status: 2, code: 'USAGE' });
      }
      expect(existsSync(out)).toBe(false);
      expect(await credentialCount()).toBe(issued);
    },
    SLOW,
  );
});
