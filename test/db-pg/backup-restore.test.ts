/**
 * Backup and restore of a PostgreSQL deployment (docs/OPERATIONS.md, "Running on a managed
 * PostgreSQL"): `pg_dump` of the service's schema holding a transparency log, recorded decisions
 * and API keys, `pg_restore` into a fresh database, then the log integrity check — every stored
 * subtree hash recomputes from the entries (verifyStoredHashes) — and a consistency proof from the
 * checkpoint published before the dump to the restored log, grown further, verifies.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApiKey, listApiKeys } from '../../src/auth/index.js';
import { PostgresApiKeyStore } from '../../src/auth/pg-api-key-store.js';
import { openPostgres, type PostgresHandle } from '../../src/db/pg-client.js';
import { hookDecisions } from '../../src/db/schema-pg.js';
import { ed25519Signer, verifyConsistency, type LogEntryInput } from '../../src/log/index.js';
import { PostgresTransparencyLog } from '../../src/log/pg-transparency-log.js';
import { freshPgSchema, PG_URL, type PgSchema } from '../support/pg.js';

const signer = ed25519Signer('vouch.test/backup', new Uint8Array(32).fill(9));
const restoredDb = `vouch_restore_${randomBytes(5).toString('hex')}`;
const restoredUrl = (() => {
  const u = new URL(PG_URL);
  u.pathname = `/${restoredDb}`;
  return u.toString();
})();
const handles: PostgresHandle[] = [];
let s: PgSchema;

async function admin<T>(f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG_URL });
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

beforeAll(async () => {
  s = await freshPgSchema('bak');
});
afterAll(async () => {
  for (const h of handles) await h.close();
  await s.drop();
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${restoredDb}`));
});

const decision = (i: number): LogEntryInput => ({ kind: 'hook-decision', payload: { seq: i, note: "it's; --" } });

it('pg_dump → pg_restore into a fresh database keeps the log intact: hashes recompute, consistency from an earlier checkpoint verifies', async () => {
  const h = await s.open();
  handles.push(h);
  const log = new PostgresTransparencyLog({ db: h.db, signer });
  for (let b = 0; b < 5; b++) await log.appendEntries(Array.from({ length: 7 }, (_, i) => decision(b * 7 + i)));
  for (let i = 0; i < 12; i++)
    await h.db.insert(hookDecisions).values({
      at: 1_700_000_000 + i,
      venue: 'v1',
      policyRef: 'eu-mica-retail-spot@1.0.0',
      allowed: i % 3 !== 0,
      code: i % 3 === 0 ? 'NULLIFIER_REPLAYED' : null,
      receipt: `receipt-${i}`,
    });
  const key = await createApiKey(new PostgresApiKeyStore(h.db), { role: 'auditor', tenant: 'acme', label: 'backup' });
  const published = await log.checkpoint();
  expect(published.size).toBe(35);

  const dir = mkdtempSync(join(tmpdir(), 'vouch-pgdump-'));
  const dump = join(dir, 'vouch.dump');
  execFileSync('pg_dump', ['--format=custom', `--schema=${s.schema}`, `--file=${dump}`, `--dbname=${PG_URL}`], {
    stdio: 'pipe',
    timeout: 120_000,
  });
  await admin((c) => c.query(`CREATE DATABASE ${restoredDb}`));
  execFileSync('pg_restore', ['--exit-on-error', '--no-owner', `--dbname=${restoredUrl}`, dump], {
    stdio: 'pipe',
    timeout: 120_000,
  });

  // the restored copy opens like any deployment (its migrations are already applied)
  const r = await openPostgres(restoredUrl, { schema: s.schema });
  handles.push(r);
  const restored = new PostgresTransparencyLog({ db: r.db, signer });
  expect(await restored.verifyStoredHashes()).toMatchObject({ size: 35 });
  expect(Buffer.from(await restored.rootHash(published.size))).toEqual(Buffer.from(published.rootHash));
  expect(await r.db.$count(hookDecisions)).toBe(12);
  expect((await listApiKeys(new PostgresApiKeyStore(r.db))).map((k) => k.id)).toEqual([key.id]);

  // the restored log keeps growing from where it was: never a fork of what auditors hold
  await restored.appendEntries(Array.from({ length: 9 }, (_, i) => decision(100 + i)));
  const later = await restored.checkpoint();
  expect(later.size).toBe(44);
  const proof = await restored.consistencyProof(published.size, later.size);
  expect(() =>
    verifyConsistency({
      fromSize: published.size,
      toSize: later.size,
      fromRoot: published.rootHash,
      toRoot: later.rootHash,
      proof: proof.proof,
    }),
  ).not.toThrow();
  expect(await restored.verifyStoredHashes()).toMatchObject({ size: 44 });
  // the original was not touched by the restore
  expect(await log.size()).toBe(35);
});
