/**
 * `vouch log …` end to end: real processes (node bin/vouch.mjs) on a temp data dir; every output
 * is checked with the offline verifiers, not compared with itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import {
  consistencyProofFromJson,
  decodeHash,
  entryLeafHash,
  inclusionProofFromJson,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
} from '../../src/log/index.js';
import { freshPgSchema } from '../support/pg.js';

const dir = mkdtempSync(join(tmpdir(), 'vouch-log-cli-'));
const dataDir = join(dir, 'data');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vouch(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return vouchOn({}, ...args);
}
/** `vouch` with extra environment (VOUCH_DATABASE_URL/SCHEMA for the PostgreSQL log). */
function vouchOn(env: NodeJS.ProcessEnv, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['bin/vouch.mjs', '--data-dir', dataDir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, VOUCH_KEK: '', VOUCH_LOG_ORIGIN: 'cli.test/log', ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = (r: { stdout: string }) => JSON.parse(r.stdout) as Record<string, unknown>;

describe('vouch log (CLI)', () => {
  it('appends, reports roots, signs checkpoints and proves inclusion and consistency', () => {
    const entries = [0, 1, 2].map((i) => ({ kind: 'hook-decision' as const, payload: { decision: 'allow', seq: i } }));
    const files = entries.map((e, i) => {
      const f = join(dir, `e${i}.json`);
      writeFileSync(f, JSON.stringify(e));
      return f;
    });
    const a0 = vouch('log', 'append', '--entry-file', files[0]!, '--json');
    expect(a0.status).toBe(0);
    expect(json(a0)).toMatchObject({ index: 0, size: 1 });
    expect(decodeHash(json(a0).leafHash)).toEqual(entryLeafHash('hook-decision', entries[0]!.payload));

    const vkey = vouch('log', 'verify-key').stdout.trim();
    expect(vkey).toMatch(/^cli\.test\/log\+[0-9a-f]{8}\+A/);
    const cp1 = verifyCheckpoint(vouch('log', 'checkpoint').stdout, vkey);
    expect(cp1.size).toBe(1);

    expect(vouch('log', 'append', '--entry-file', files[1]!).status).toBe(0);
    expect(vouch('log', 'append', '--entry-file', files[2]!).status).toBe(0);
    const root = json(vouch('log', 'root', '--json'));
    expect(root.size).toBe(3);
    const cpText = json(vouch('log', 'checkpoint', '--json')).checkpoint as string;
    const cp3 = verifyCheckpoint(cpText, vkey);
    expect(Buffer.from(cp3.rootHash).toString('base64')).toBe(root.rootHash);

    const inc = inclusionProofFromJson(json(vouch('log', 'inclusion', '--index', '1', '--size', '3', '--json')));
    expect(inc.leafHash).toEqual(entryLeafHash('hook-decision', entries[1]!.payload));
    expect(() => verifyInclusion({ ...inc, rootHash: cp3.rootHash })).not.toThrow();

    const con = consistencyProofFromJson(json(vouch('log', 'consistency', '--from', '1', '--to', '3', '--json')));
    expect(() =>
      verifyConsistency({
        fromSize: cp1.size,
        toSize: cp3.size,
        fromRoot: cp1.rootHash,
        toRoot: cp3.rootHash,
        proof: con.proof,
      }),
    ).not.toThrow();
  });

  it('fails with coded errors and the documented exit statuses', () => {
    const range = vouch('log', 'inclusion', '--index', '99', '--json');
    expect(range.status).toBe(3);
    expect(json(range)).toMatchObject({ error: { code: 'LOG_RANGE_INVALID' } });

    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ kind: 'gossip', payload: {} }));
    const r = vouch('log', 'append', '--entry-file', bad, '--json');
    expect(r.status).toBe(3);
    expect(json(r)).toMatchObject({ error: { code: 'LOG_ENTRY_INVALID' } });

    expect(vouch('log', 'inclusion', '--index', '-1').status).toBe(2);
    expect(vouch('log', 'append', '--entry-file', join(dir, 'missing.json')).status).toBe(3);
  });
});

describe('vouch log on PostgreSQL (VOUCH_DATABASE_URL)', () => {
  it("appends to, proves from and verifies the PostgreSQL log the service serves, not the data dir's; a changed entry fails verify with LOG_INTEGRITY_FAILED", async () => {
    const pgs = await freshPgSchema('logcli');
    const on = { VOUCH_DATABASE_URL: pgs.url, VOUCH_DATABASE_SCHEMA: pgs.schema };
    try {
      const sqliteSize = json(vouch('log', 'root', '--json')).size;
      const entries = [0, 1, 2].map((i) => ({ kind: 'hook-decision' as const, payload: { decision: 'deny', seq: i } }));
      for (const [i, e] of entries.entries()) {
        const f = join(dir, `pg${i}.json`);
        writeFileSync(f, JSON.stringify(e));
        const a = vouchOn(on, 'log', 'append', '--entry-file', f, '--json');
        expect(a.status, a.stderr).toBe(0);
        expect(json(a)).toMatchObject({ index: i, size: i + 1 });
      }
      // the data dir's SQLite log did not grow
      expect(json(vouch('log', 'root', '--json')).size).toBe(sqliteSize);

      const vkey = vouchOn(on, 'log', 'verify-key').stdout.trim();
      const cpText = json(vouchOn(on, 'log', 'checkpoint', '--json')).checkpoint as string;
      const cp = verifyCheckpoint(cpText, vkey);
      expect(cp.size).toBe(3);
      const entry = json(vouchOn(on, 'log', 'entry', '--index', '2', '--json'));
      expect(entry).toMatchObject({ index: 2, kind: 'hook-decision', payload: { decision: 'deny', seq: 2 } });
      const inc = inclusionProofFromJson(json(vouchOn(on, 'log', 'inclusion', '--index', '1', '--json')));
      expect(() => verifyInclusion({ ...inc, rootHash: cp.rootHash })).not.toThrow();

      const cpFile = join(dir, 'pg-checkpoint.txt');
      writeFileSync(cpFile, cpText);
      const ok = vouchOn(on, 'log', 'verify', '--checkpoint', cpFile, '--json');
      expect(ok.status, ok.stderr).toBe(0);
      expect(json(ok)).toMatchObject({ ok: true, size: 3, checkpoints: [3] });
      // the SQLite log holds fewer entries than that checkpoint: it is not the log it was signed for
      const other = vouch('log', 'verify', '--checkpoint', cpFile, '--json');
      expect([other.status, json(other)]).toMatchObject([4, { error: { code: 'LOG_INTEGRITY_FAILED' } }]);

      // an entry changed behind the log's back
      const c = new pg.Client({ connectionString: pgs.url });
      await c.connect();
      try {
        await c.query(`UPDATE ${pgs.schema}.log_entries SET body = replace(body, 'deny', 'allow') WHERE idx = 1`);
      } finally {
        await c.end();
      }
      const bad = vouchOn(on, 'log', 'verify', '--json');
      expect([bad.status, json(bad)]).toMatchObject([4, { error: { code: 'LOG_INTEGRITY_FAILED' } }]);
    } finally {
      await pgs.drop();
    }
  });
});
