/**
 * The PostgreSQL log's head row (log_head): what an append and an admission cost in round trips
 * (counted on the pool's clients, deterministic), that appenders in two pools with many
 * transactions each still build one tree (every checkpoint seen on the way is a prefix of the
 * final tree, the stored hashes and the head recompute), that the migration which created the
 * head computed it from a log written before it, and that a head that disagrees with its log
 * fails an append instead of building on it.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import * as pgSchema from '../../src/db/schema-pg.js';
import type { DecisionRecord } from '../../src/hook/decision.js';
import type { NullifierClaim } from '../../src/hook/nullifier-store.js';
import { PostgresNullifierStore } from '../../src/hook/pg-nullifier-store.js';
import {
  ed25519Signer,
  encodeEntry,
  MemoryMerkleTree,
  verifyCheckpoint,
  verifyConsistency,
  type LogEntryInput,
} from '../../src/log/index.js';
import { planAppend } from '../../src/log/lib/append-plan.js';
import { storedHashIndex } from '../../src/log/lib/tree-math.js';
import { PostgresTransparencyLog } from '../../src/log/pg-transparency-log.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';

const MIGRATIONS = resolve(import.meta.dirname, '../../src/db/migrations-pg');
const signer = ed25519Signer('vouch.test/log-head', new Uint8Array(32).fill(5));
const decision = (i: number): LogEntryInput => ({ kind: 'hook-decision', payload: { seq: i } });
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: { code?: string }) => e.code,
  );

/** A pool on the schema whose every query (one round trip each: node-postgres does not pipeline) is counted. */
async function counted(s: PgSchema): Promise<{ h: PostgresHandle; trips: () => number }> {
  let n = 0;
  const h = await s.open({ observeQuery: () => n++ });
  return { h, trips: () => n };
}

function admission(i: number, limit?: NullifierClaim['limit']): NullifierClaim {
  const record: DecisionRecord = {
    at: 1_800_000_000,
    policyRef: 'p@1',
    decision: {
      allowed: true,
      policy: 'p@1',
      policyId: '1',
      policyHash: '2',
      nullifier: String(1000 + i),
      tradeHash: String(i),
      receipt: `receipt-${i}`,
    },
  };
  return {
    nullifier: BigInt(1000 + i),
    policyId: '1',
    tradeHash: BigInt(i),
    at: 1_800_000_000,
    record,
    ...(limit ? { limit } : {}),
  };
}

describe('PostgreSQL log head', () => {
  let s: PgSchema;
  beforeAll(async () => {
    s = await freshPgSchema('loghead');
  });
  afterAll(async () => {
    await s.drop();
  });

  it('appends in four round trips (BEGIN, head lock, one write, COMMIT) whatever the batch size, and reads size and checkpoint in one', async () => {
    const { h, trips } = await counted(s);
    try {
      const log = new PostgresTransparencyLog({ db: h.db, signer });
      await log.size(); // the pool's first connection
      const cost = async (f: () => Promise<unknown>) => {
        const before = trips();
        await f();
        return trips() - before;
      };
      expect(await cost(() => log.appendEntries([decision(0)]))).toBe(4);
      expect(await cost(() => log.appendEntries(Array.from({ length: 1000 }, (_, i) => decision(i))))).toBe(4);
      expect(await cost(() => log.size())).toBe(1);
      expect(await cost(() => log.checkpoint())).toBe(1);
      expect(verifyCheckpoint((await log.checkpoint()).note, log.verifierKey()).size).toBe(1001);
    } finally {
      await h.close();
    }
  });

  it('admits a batch in five round trips: BEGIN, the nullifier INSERT, the decision rows with the log lock, the log write, COMMIT', async () => {
    const { h, trips } = await counted(s);
    try {
      const log = new PostgresTransparencyLog({ db: h.db, signer });
      const store = new PostgresNullifierStore({ db: h.db, log, venue: 'v' });
      await log.size();
      const before = await log.size();
      let t0 = trips();
      expect(await store.claimMany([admission(1), admission(2), admission(1)])).toEqual([true, true, false]);
      expect(trips() - t0).toBe(5);
      // a replay: the claim's statement wins nothing, no write
      t0 = trips();
      expect(await store.claimMany([admission(1)])).toEqual([false]);
      expect(trips() - t0).toBe(3);
      // a cumulative limit's step: one more statement, between the nullifiers and the log
      t0 = trips();
      const step = { periodNullifier: 77n, oldCommitment: 0n, newCommitment: 5n };
      expect(await store.claimMany([admission(3, step)])).toEqual([true]);
      expect(trips() - t0).toBe(6);
      expect(await log.size()).toBe(before + 3);
      const rows = await h.pool.query<{ nullifier: string }>(
        'SELECT nullifier FROM hook_decisions WHERE nullifier IS NOT NULL ORDER BY id',
      );
      expect(rows.rows.map((r) => r.nullifier)).toEqual(['1001', '1002', '1003']);
      expect(await log.verifyStoredHashes()).toMatchObject({ size: before + 3 });
    } finally {
      await h.close();
    }
  });

  it('keeps one tree with appenders in two pools, many transactions at once in each: every checkpoint seen is a prefix of the final tree', async () => {
    const t = await freshPgSchema('loghead2');
    const [ha, hb] = await Promise.all([t.open({ maxConnections: 4 }), t.open({ maxConnections: 4 })]);
    try {
      const logs = [ha, hb].map((h) => new PostgresTransparencyLog({ db: h.db, signer }));
      const stores = [ha, hb].map((h, k) => new PostgresNullifierStore({ db: h.db, log: logs[k], venue: `v${k}` }));
      const checkpoints: { size: number; root: Uint8Array }[] = [];
      // per pool: lone batches, locked appends (lockIn then append), admission batches, and checkpoints, all at once
      const work = (k: number) =>
        Array.from({ length: 12 }, async (_, i) => {
          const log = logs[k]!;
          const db = [ha, hb][k]!.db;
          if (i % 4 === 0) await log.appendEntries([decision(i), decision(i + 1), decision(i + 2)]);
          else if (i % 4 === 1)
            await db.transaction(
              async (tx) => {
                const lock = await log.lockIn(tx);
                await log.appendEntriesIn(tx, [{ kind: 'status-snapshot', payload: { k, i } }], { lock });
              },
              { isolationLevel: 'read committed' },
            );
          else if (i % 4 === 2)
            await stores[k]!.claimMany([admission(100 * k + i), admission(100 * k + i + 50), admission(7)]);
          const cp = verifyCheckpoint((await log.checkpoint()).note, log.verifierKey());
          checkpoints.push({ size: cp.size, root: cp.rootHash });
        });
      await Promise.all([...work(0), ...work(1)]);
      const log = logs[0]!;
      const size = await log.size();
      // per pool: 3 lone batches of 3, 3 locked appends, 3 admission batches of 2 fresh nullifiers; the shared one wins once
      expect(size).toBe(2 * (3 * 3 + 3) + 2 * 3 * 2 + 1);
      expect(await log.verifyStoredHashes()).toEqual({ size, hashes: expect.any(Number) });
      const entries = await Promise.all(Array.from({ length: size }, (_, i) => log.entry(i)));
      const mem = MemoryMerkleTree.fromLeafHashes(entries.map((e) => e.leafHash));
      expect(await log.rootHash()).toEqual(mem.rootHash());
      expect(checkpoints.length).toBe(24);
      for (const cp of checkpoints) {
        expect(cp.root).toEqual(mem.rootHash(cp.size));
        const { proof } = await log.consistencyProof(cp.size, size);
        expect(() =>
          verifyConsistency({ fromSize: cp.size, toSize: size, fromRoot: cp.root, toRoot: mem.rootHash(), proof }),
        ).not.toThrow();
      }
      // each lone batch stayed contiguous
      const seqs = entries.map((e) => (e.payload as { seq?: number }).seq);
      const starts = seqs.flatMap((q, i) => (q !== undefined && q % 4 === 0 ? [i] : []));
      expect(starts.length).toBe(6);
      for (const i of starts) expect([seqs[i + 1], seqs[i + 2]]).toEqual([seqs[i]! + 1, seqs[i]! + 2]);
    } finally {
      await Promise.all([ha.close(), hb.close()]);
      await t.drop();
    }
  });

  it('the migration that adds the head computes it from a log stored before it, and appends continue on that tree', async () => {
    const t = await freshPgSchema('loghead3');
    const dir = mkdtempSync(join(tmpdir(), 'vouch-loghead-'));
    try {
      // the migrations as they were before log_head
      const old = join(dir, 'migrations');
      cpSync(MIGRATIONS, old, { recursive: true });
      const journalPath = join(old, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
      const at = journal.entries.findIndex((e) => e.tag.endsWith('_log_head'));
      expect(at).toBeGreaterThan(0);
      journal.entries = journal.entries.slice(0, at);
      writeFileSync(journalPath, JSON.stringify(journal));
      const client = new pg.Client({ connectionString: t.url, options: `-c search_path=${t.schema}` });
      await client.connect();
      try {
        await migrate(drizzle(client, { schema: pgSchema }), { migrationsFolder: old, migrationsSchema: t.schema });
        // a log of 1,000 + 237 entries as earlier builds wrote it: entries and hashes, no head
        const entries = Array.from({ length: 1237 }, (_, i) => encodeEntry('hook-decision', { seq: i }));
        const plan = planAppend(0, [], entries);
        await client.query(
          'INSERT INTO log_entries (idx, kind, body) SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[])',
          [plan.entries.map((e) => e.idx), plan.entries.map((e) => e.kind), plan.entries.map((e) => e.body)],
        );
        await client.query('INSERT INTO log_hashes (id, hash) SELECT * FROM unnest($1::bigint[], $2::bytea[])', [
          plan.hashes.map((x) => storedHashIndex(x.level, x.n)),
          plan.hashes.map((x) => Buffer.from(x.hash)),
        ]);
      } finally {
        await client.end();
      }
      const h = await t.open(); // applies the head's migration
      try {
        const log = new PostgresTransparencyLog({ db: h.db, signer });
        const mem = new MemoryMerkleTree();
        for (let i = 0; i < 1237; i++) mem.appendLeafHash((await log.entry(i)).leafHash);
        expect(await log.size()).toBe(1237);
        expect(await log.rootHash()).toEqual(mem.rootHash());
        expect(await log.verifyStoredHashes()).toMatchObject({ size: 1237 });
        for (const a of await log.appendEntries([decision(1237), decision(1238), decision(1239)]))
          expect(mem.appendLeafHash(a.leafHash)).toBe(a.index);
        expect(await log.rootHash()).toEqual(mem.rootHash());
        expect(await log.verifyStoredHashes()).toMatchObject({ size: 1240 });
      } finally {
        await h.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await t.drop();
    }
  });

  it('an empty log migrates to an empty head', async () => {
    const t = await freshPgSchema('loghead4');
    try {
      const h = await t.open();
      try {
        const log = new PostgresTransparencyLog({ db: h.db, signer });
        expect(await log.size()).toBe(0);
        expect(await log.rootHash()).toEqual(new MemoryMerkleTree().rootHash());
        expect(await log.verifyStoredHashes()).toEqual({ size: 0, hashes: 0 });
      } finally {
        await h.close();
      }
    } finally {
      await t.drop();
    }
  });

  it('refuses to append on a head that disagrees with the log (LOG_STATE_CORRUPT, nothing written), and a lock builds one append only', async () => {
    const t = await freshPgSchema('loghead5');
    const h = await t.open();
    try {
      const log = new PostgresTransparencyLog({ db: h.db, signer });
      await log.appendEntries([decision(0), decision(1), decision(2)]);
      // a head behind its entries (what an appender of an earlier build would leave): the index is taken
      await h.db.execute(sql`UPDATE log_head SET size = 2, frontier = substring(frontier FROM 33 FOR 32)`);
      expect(await codeOf(log.appendEntries([decision(3)]))).toBe('LOG_STATE_CORRUPT');
      // a frontier that does not hold one hash per set bit of the size
      await h.db.execute(sql`UPDATE log_head SET size = 3, frontier = substring(frontier FROM 1 FOR 32)`);
      expect(await codeOf(log.appendEntries([decision(3)]))).toBe('LOG_STATE_CORRUPT');
      expect(await codeOf(log.size())).toBe('LOG_STATE_CORRUPT');
      const rows = await h.pool.query<{ n: number }>('SELECT count(*)::int AS n FROM log_entries');
      expect(rows.rows[0]!.n).toBe(3);
      await h.db.execute(sql`DELETE FROM log_head`);
      expect(await codeOf(log.checkpoint())).toBe('LOG_STATE_CORRUPT');
    } finally {
      await h.close();
      await t.drop();
    }
    const h2 = await s.open();
    try {
      const log = new PostgresTransparencyLog({ db: h2.db, signer });
      await expect(
        h2.db.transaction(async (tx) => {
          const lock = await log.lockIn(tx);
          await log.appendEntriesIn(tx, [decision(0)], { lock });
          await log.appendEntriesIn(tx, [decision(1)], { lock });
        }),
      ).rejects.toThrow(TypeError);
    } finally {
      await h2.close();
    }
  });
});
