/**
 * Four venue processes on one PostgreSQL database (issue 14, point 5), each an embedded hook with
 * its own pool (support/pg-hook-worker.ts), every proof real:
 *   (a) of 50 concurrent identical submissions spread over the four, exactly one is admitted;
 *   (b) a session opened through one process has its order count held with orders at all four;
 *   (c) one process is killed with SIGKILL in the middle of a load of admissions and log appends:
 *       every acknowledged write is there afterwards (admitted nullifiers spent, their decisions
 *       recorded, appended entries at their acknowledged index with their hash), the log's stored
 *       hashes recompute, consistency proofs from every checkpoint seen during the load verify,
 *       what the dead process never acknowledged is admitted at most once when retried, and the
 *       survivors keep serving.
 * Issuance and revocation are not here (an embedded hook issues nothing): test/api/multi-serve.test.ts
 * runs all three through four `vouch serve` processes, issuance and revocation in the killed load.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localRegistry } from '../../src/credentials/index.js';
import { PostgresNullifierStore } from '../../src/hook/pg-nullifier-store.js';
import { verifyConsistency } from '../../src/log/index.js';
import { PostgresTransparencyLog } from '../../src/log/pg-transparency-log.js';
import { canonicalTrade } from '../../src/policy/index.js';
import { proveSession, proveTrade, type ProofFile } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { makeWorld, sessionPolicy, spotPolicy, T0, trade, type Holder, type World } from '../support/hook-world.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';
import type { WorkerConfig } from './support/pg-hook-worker.js';

const RUN_TS = 'test/hardening/support/run-ts.mjs';
const WORKER = 'test/hook/support/pg-hook-worker.ts';
const noArtifacts = process.env.VOUCH_TEST_NO_ARTIFACTS === '1';

type Answer = Record<string, unknown> & { id?: number };

/** A venue process: send a request, get its acknowledgement (or `undefined` if the process dies first). */
class Venue {
  readonly child: ChildProcessWithoutNullStreams;
  readonly ready: Promise<void>;
  #next = 0;
  #waiting = new Map<number, (a: Answer | undefined) => void>();
  #stderr = '';
  dead = false;

  constructor(configPath: string) {
    this.child = spawn(process.execPath, [RUN_TS, WORKER, configPath], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr.on('data', (d: Buffer) => (this.#stderr += d.toString()));
    let onReady!: () => void;
    let onFail!: (e: Error) => void;
    this.ready = new Promise<void>((res, rej) => ((onReady = res), (onFail = rej)));
    createInterface({ input: this.child.stdout }).on('line', (line) => {
      const a = JSON.parse(line) as Answer;
      if (a.ready) return onReady();
      this.#waiting.get(a.id!)?.(a);
      this.#waiting.delete(a.id!);
    });
    this.child.on('exit', (code, signal) => {
      this.dead = true;
      onFail(new Error(`venue process exited (${code ?? signal}) before it was ready: ${this.#stderr}`));
      for (const done of this.#waiting.values()) done(undefined);
      this.#waiting.clear();
    });
  }

  request(req: Record<string, unknown>): Promise<Answer | undefined> {
    if (this.dead) return Promise.resolve(undefined);
    const id = ++this.#next;
    return new Promise((resolve) => {
      this.#waiting.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ ...req, id })}\n`);
    });
  }

  /** Answers that are errors are test failures: the hook must answer with a decision. */
  async ok(req: Record<string, unknown>): Promise<Answer> {
    const a = await this.request(req);
    if (!a) throw new Error(`venue ${this.child.pid} died: ${this.#stderr}`);
    if (a.error) throw new Error(`venue ${this.child.pid} answered ${String(a.error)}: ${String(a.message)}`);
    return a;
  }

  async stop(): Promise<void> {
    if (this.dead) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.stdin.end();
    await exited;
  }
}

let pgs: PgSchema;
let world: World;
let holders: Holder[];
let venues: Venue[];
let work: string;
const policy = spotPolicy();
const sp = sessionPolicy();

async function proofFor(h: Holder, t: Record<string, unknown>): Promise<ProofFile> {
  return proveTrade({
    holder: h,
    credential: h.credential,
    policy,
    members: (await world.registry()).members,
    trade: t,
  });
}

/** Admissions in the log ('hook-decision' entries with verdict admit), read through a fresh connection. */
async function countAdmits(): Promise<number> {
  const h = await pgs.open();
  try {
    const log = new PostgresTransparencyLog({ db: h.db });
    let n = 0;
    for (let i = 0, size = await log.size(); i < size; i++) {
      const e = await log.entry(i);
      if (e.kind === 'hook-decision' && e.payload.verdict === 'admit') n++;
    }
    return n;
  } finally {
    await h.close();
  }
}

beforeAll(async () => {
  if (noArtifacts) return;
  work = mkdtempSync(join(tmpdir(), 'vouch-multiproc-'));
  pgs = await freshPgSchema('mproc');
  world = await makeWorld();
  holders = [await world.holder(), await world.holder(), await world.holder()];
  const registry = await world.registry();
  const config: WorkerConfig = {
    url: pgs.url,
    schema: pgs.schema,
    now: T0,
    trusted: (await localRegistry(world.ctx)).trusted as WorkerConfig['trusted'],
    snapshots: [...registry.snapshots()],
  };
  const configPath = join(work, 'venue.json');
  writeFileSync(configPath, JSON.stringify(config));
  // the first process migrates the schema; the others then start together
  venues = [new Venue(configPath)];
  await venues[0]!.ready;
  venues.push(new Venue(configPath), new Venue(configPath), new Venue(configPath));
  await Promise.all(venues.map((v) => v.ready));
}, 600_000);

afterAll(async () => {
  if (noArtifacts) return;
  await Promise.all(venues.map((v) => v.stop()));
  await pgs.drop();
  await releaseCurves();
  rmSync(work, { recursive: true, force: true });
});

describe.skipIf(noArtifacts)('four venue processes on one PostgreSQL database', () => {
  it('admits exactly one of 50 concurrent identical submissions spread over the four processes', async () => {
    const t = trade();
    const p = await proofFor(holders[0]!, t);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => venues[i % 4]!.ok({ op: 'check', trade: t, proof: p })),
    );
    expect(answers.filter((a) => a.allowed)).toHaveLength(1);
    expect(answers.filter((a) => a.code === 'NULLIFIER_REPLAYED')).toHaveLength(49);
  }, 300_000);

  it('holds a session opened through one process to its order count with orders arriving at all four', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const bob = await world.holder({ investorClass: 'professional' });
    const proof = await proveSession({
      holder: bob,
      credential: bob.credential,
      policy: sp,
      members: (await world.registry()).members,
      sessionPublicKey: raw,
      venue: 'v1',
      maxOrderValue: 2_000_000n,
      now: T0,
    });
    const opened = await venues[1]!.ok({ op: 'open', proof });
    expect(opened).toMatchObject({ allowed: true });
    const orders = Array.from({ length: 12 }, () => {
      const t = trade({ market: 'BTC-PERP', size: '0.1', price: '60000' });
      return { t, signature: sign(null, Buffer.from(canonicalTrade(t).canonical), privateKey).toString('base64url') };
    });
    const answers = await Promise.all(
      orders.map((o, i) =>
        venues[i % 4]!.ok({ op: 'order', sessionId: opened.sessionId, trade: o.t, signature: o.signature }),
      ),
    );
    expect(answers.filter((a) => a.allowed)).toHaveLength(3); // the policy's maxOrders
    expect(answers.filter((a) => !a.allowed).map((a) => a.code)).toEqual(Array(9).fill('SESSION_LIMIT_EXCEEDED'));
  }, 300_000);

  it('loses nothing acknowledged when one process is killed with SIGKILL mid-load; the log stays one consistent history; the others keep serving', async () => {
    // 8 admissions (2 per process) and 4 × 150 log appends, all at once
    const trades = Array.from({ length: 8 }, () => trade());
    const proofs: ProofFile[] = [];
    for (const [i, t] of trades.entries()) proofs.push(await proofFor(holders[i % holders.length]!, t));
    const t0 = Date.now();
    const mark = (what: string) =>
      process.stderr.write(`multi-process: ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    const admitsBefore = await countAdmits();
    const victim = venues[3]!;
    const acked = {
      appends: [] as { index: number; leafHash: string; payload: Record<string, unknown> }[],
      admitted: [] as string[],
    };
    const checkpoints: { size: number; root: string }[] = [];
    const unacked: number[] = [];
    let victimAppends = 0;
    let killed = false;

    // Each process serves its 150 appends through APPEND_LANES concurrent lanes: 4 × 8 appends
    // always in flight, racing for the log's lock across processes. Firing all 600 at once would
    // only queue them for a pool connection, and on a loaded machine that wait outlasts the pool's
    // connection timeout (DATABASE_UNAVAILABLE), which is not what this test is about.
    const APPEND_LANES = 8;
    const load = venues.flatMap((v, vi) => [
      ...Array.from({ length: APPEND_LANES }, async (_, lane) => {
        for (let k = lane; k < 150; k += APPEND_LANES) {
          const payload = { process: vi, k, digest: `${vi}-${k}`.padEnd(16, '.') };
          const a = await v.request({ op: 'append', payload });
          if (!a) continue; // sent to the victim, never acknowledged
          if (a.error) throw new Error(`append failed: ${String(a.error)} ${String(a.message)}`);
          acked.appends.push({ index: a.index as number, leafHash: a.leafHash as string, payload });
          if (v === victim && ++victimAppends === 40 && !killed) {
            killed = true;
            victim.child.kill('SIGKILL');
          }
          if (k % 25 === 0 && v !== victim)
            checkpoints.push((await v.ok({ op: 'root' })) as unknown as { size: number; root: string });
        }
      }),
      ...[0, 1].map(async (j) => {
        const n = vi * 2 + j;
        const a = await v.request({ op: 'check', trade: trades[n], proof: proofs[n] });
        if (!a) return void unacked.push(n);
        if (a.error) throw new Error(`check failed: ${String(a.error)}`);
        expect(a).toMatchObject({ allowed: true });
        acked.admitted.push(a.nullifier as string);
      }),
    ]);
    await Promise.all(load);
    mark(
      `load done (${acked.appends.length} appends, ${acked.admitted.length} admissions acknowledged, ${unacked.length} unacknowledged)`,
    );
    expect(killed).toBe(true);
    expect(victim.dead).toBe(true);
    const survivors = venues.slice(0, 3);

    // what the dead process never acknowledged: retried at the survivors, admitted at most once
    for (const n of unacked) {
      const a = await survivors[n % 3]!.ok({ op: 'check', trade: trades[n], proof: proofs[n] });
      expect(a.allowed === true || a.code === 'NULLIFIER_REPLAYED').toBe(true);
    }

    mark('retries done');
    // the database, read through a fresh connection
    const h = await pgs.open();
    try {
      const log = new PostgresTransparencyLog({ db: h.db });
      // the surviving processes may still append (a rejection-digest window closing on its timer):
      // the size checked is the one the integrity check read, and every proof below is at that size
      const { size } = await log.verifyStoredHashes();
      for (const e of acked.appends) {
        const entry = await log.entry(e.index);
        expect(Buffer.from(entry.leafHash).toString('hex')).toBe(e.leafHash);
        expect(entry.payload).toEqual(e.payload);
      }
      const finalRoot = await log.rootHash(size);
      for (const cp of checkpoints.filter((c) => c.size > 0)) {
        const proof = await log.consistencyProof(cp.size, size);
        expect(() =>
          verifyConsistency({
            fromSize: cp.size,
            toSize: size,
            fromRoot: Buffer.from(cp.root, 'hex'),
            toRoot: finalRoot,
            proof: proof.proof,
          }),
        ).not.toThrow();
      }
      const store = new PostgresNullifierStore({ db: h.db, log, venue: 'v1' });
      for (const n of acked.admitted) expect(await store.has(BigInt(n))).toBe(true);
    } finally {
      await h.close();
    }

    // each of the 8 trades, acknowledged or retried, is admitted and logged exactly once
    expect((await countAdmits()) - admitsBefore).toBe(8);

    // the survivors keep serving
    for (const v of survivors) {
      const t = trade();
      expect(await v.ok({ op: 'check', trade: t, proof: await proofFor(holders[0]!, t) })).toMatchObject({
        allowed: true,
      });
    }
  }, 900_000);
});
