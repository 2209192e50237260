/**
 * Four `vouch serve` processes on one PostgreSQL database (issue 14, point 5), through their real
 * HTTP ports (support/serve-cluster.ts), every proof a real Groth16 proof made against the issuer
 * set the cluster's own /v1/registry publishes:
 *   (a) of 50 concurrent identical submissions (one proof) spread over the four, exactly one is
 *       admitted and the other 49 are refused NULLIFIER_REPLAYED;
 *   (b) a session opened through one process holds its order count, and another its notional,
 *       with orders signed by the session key arriving at all four at once (per-process limits
 *       would admit four times the limit);
 *   (c) one process is killed with SIGKILL in the middle of a load of issuance, revocation,
 *       admissions and log appends (the registry logs every status root it publishes; every
 *       admission is a log entry) spread over the four. Afterwards every acknowledged write is in
 *       the database — each issued credential, each revocation (and the newest status root counts
 *       it), each admission's nullifier, its one decision row with the acknowledged receipt and its
 *       log entry — no nullifier is admitted twice, each trade the dead process never acknowledged
 *       is admitted at most once when retried at a survivor, the log's stored hashes recompute, a
 *       consistency proof from every checkpoint any process served during the load verifies against
 *       the final tree, and the surviving processes keep serving.
 *
 * The venue's policies are its own (added and adopted through the API, trusting an issuer set the
 * venue owns) with a clock skew of 30 minutes: proofs are made minutes before a loaded 2-core
 * machine submits them, and the hook's time checks are the product's, unchanged. The load's
 * issuance and revocations are by another issuer, outside that set, so the set's root (and the
 * proofs made against it) stays current while the load revokes.
 *
 * `vouch serve` starts on PostgreSQL only when every area it mounts is ported
 * (DATABASE_DIALECT_UNSUPPORTED otherwise): should an area lose its flag, this file is skipped,
 * naming the areas. Without circuit artifacts (VOUCH_TEST_NO_ARTIFACTS=1), (a) and (b) are skipped
 * and (c) runs without admissions. test/hook/multi-process.test.ts runs (a), (b) and (c) for four
 * embedded hooks on one database.
 */
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_GROUPS } from '../../src/api/route-groups.js';
import { areasWithoutPostgres } from '../../src/api/server/check-dialect.js';
import { createApiKey } from '../../src/auth/index.js';
import { PostgresApiKeyStore } from '../../src/auth/pg-api-key-store.js';
import {
  createHolder,
  loadRegistryFile,
  parseCredentialFile,
  parseHolderFile,
  type CredentialFile,
  type RegistryMember,
} from '../../src/credentials/index.js';
import { PgCredentialStore } from '../../src/credentials/pg-store.js';
import { verifyConsistency } from '../../src/log/index.js';
import { PostgresTransparencyLog } from '../../src/log/pg-transparency-log.js';
import { canonicalTrade, compilePolicy } from '../../src/policy/index.js';
import { proveSession, proveTrade, type ProofFile } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';
import { call, startCluster, type Cluster, type ServeProcess } from './support/serve-cluster.js';

const missing = areasWithoutPostgres(ROUTE_GROUPS);
const noArtifacts = process.env.VOUCH_TEST_NO_ARTIFACTS === '1';
const MANUAL = JSON.stringify({
  kycLevel: 3,
  jurisdiction: 'DE',
  investorClass: 'professional',
  ageOver18: true,
  tradeLimit: '1000000',
});

const VENUE = 'venue-one';
/** The venue's own issuer set: created by its first policy, the trading issuer admitted by the venue's admin. */
const SET = 'venue-one-kyc';
/**
 * The proof's time and the trade's (or order's) time must be within this of the hook's clock:
 * generous, because the load's proofs are made minutes before they are submitted.
 */
const SKEW = 1800;
const SPOT = {
  id: 'serve-spot',
  version: '1.0.0',
  title: 'Spot, one proof per trade',
  description: 'Spot markets for holders with enhanced KYC; every trade carries its own proof.',
  predicates: [{ attribute: 'kycLevel', operator: 'gte', value: 2 }],
  trade: { markets: ['*-EUR'] },
  issuerSet: SET,
  freshness: { maxClockSkewSeconds: SKEW },
  nullifierScope: { mode: 'per-trade' },
  session: { allowed: false },
};
/** Sessions of at most 4 orders and 1,000,000.00 of notional; one per holder per venue per day. */
const PERPS = {
  id: 'serve-perps',
  version: '1.0.0',
  title: 'Perpetuals in session mode',
  description: 'Perpetuals for holders with enhanced KYC: one proof binds a session key, whose orders are limited.',
  predicates: [{ attribute: 'kycLevel', operator: 'gte', value: 2 }],
  trade: { markets: ['*-PERP'] },
  issuerSet: SET,
  freshness: { maxClockSkewSeconds: SKEW },
  nullifierScope: { mode: 'per-venue-epoch', epochSeconds: 86_400 },
  session: { allowed: true, ttlSeconds: 3600, maxOrders: 4, maxNotional: '1000000' },
};
const SPOT_REF = `${SPOT.id}@${SPOT.version}`;
const PERPS_REF = `${PERPS.id}@${PERPS.version}`;
const spot = compilePolicy(SPOT);
const perps = compilePolicy(PERPS);

let pgs: PgSchema;
let dir: string;
let cluster: Cluster;
let keys: { admin: string; issuer: string; venue: string; venueAdmin: string };
/** A holder with a credential from the trading issuer (a member of SET). */
type Holder = { holder: { secret: bigint; subject: bigint }; credential: CredentialFile };
let trading: { issuerId: string; holders: Holder[] };

const nowSeconds = () => Math.floor(Date.now() / 1000);
/** The members of the venue's issuer set, as the cluster's /v1/registry publishes them (through `p`). */
async function members(p: ServeProcess): Promise<readonly RegistryMember[]> {
  const file = await call(p, 'GET', '/v1/registry');
  expect(file?.status).toBe(200);
  return (await loadRegistryFile(file!.body, { clock: nowSeconds, set: SET })).members;
}
/** A spot trade at the venue, timed now. */
const spotTrade = () => ({
  venue: VENUE,
  market: 'BTC-EUR',
  side: 'buy',
  size: '0.1',
  price: '60000',
  nonce: randomBytes(8).toString('hex'),
  time: nowSeconds(),
});
async function proveSpot(h: Holder, trade: Record<string, unknown>): Promise<ProofFile> {
  return proveTrade({ ...h, policy: spot, members: await members(cluster.processes[0]!), trade });
}

beforeAll(async () => {
  if (missing.length > 0) return;
  pgs = await freshPgSchema('mserve');
  dir = mkdtempSync(join(tmpdir(), 'vouch-mserve-'));
  cluster = await startCluster({
    n: 4,
    pgUrl: pgs.url,
    schema: pgs.schema,
    dir,
    config: {
      // budgets the load never reaches (the shared limiter is tested in test/auth): on a quiet
      // machine the load's requests come faster than the default per-key burst, refused 429
      rateLimit: {
        burst: 100_000,
        perSecond: 10_000,
        authFailureBurst: 10_000,
        tenantBurst: 1_000_000,
        tenantPerSecond: 100_000,
      },
      // the venue's choice of policy per market (the policies themselves are added below)
      hook: {
        venues: {
          [VENUE]: [
            { market: '*-EUR', policies: [SPOT_REF] },
            { market: '*-PERP', policies: [PERPS_REF] },
          ],
        },
      },
    },
  });
  const h = await pgs.open({ maxConnections: 2 });
  try {
    const store = new PostgresApiKeyStore(h.db);
    keys = {
      admin: (await createApiKey(store, { role: 'admin', tenant: 'kyc' })).key,
      issuer: (await createApiKey(store, { role: 'issuer', tenant: 'kyc' })).key,
      venue: (await createApiKey(store, { role: 'venue', tenant: VENUE })).key,
      venueAdmin: (await createApiKey(store, { role: 'admin', tenant: VENUE })).key,
    };
  } finally {
    await h.close();
  }
  if (noArtifacts) return;

  // the venue, set up through the four processes in turn: its policies (the first claims SET for
  // the venue), the trading issuer admitted to SET, both policies adopted
  const [p0, p1, p2, p3] = cluster.processes as [ServeProcess, ServeProcess, ServeProcess, ServeProcess];
  const created = await call(p0, 'POST', '/v1/issuers', keys.admin, { name: 'Trading KYC' });
  expect(created?.status, JSON.stringify(created?.body)).toBe(201);
  const issuerId = created!.body.issuerId as string;
  for (const doc of [SPOT, PERPS]) {
    const added = await call(p1, 'POST', '/v1/policies', keys.venueAdmin, doc);
    expect(added?.status, JSON.stringify(added?.body)).toBe(201);
  }
  const admitted = await call(p2, 'POST', `/v1/issuer-sets/${SET}/members`, keys.venueAdmin, { issuerId });
  expect(admitted?.status, JSON.stringify(admitted?.body)).toBe(200);
  for (const ref of [SPOT_REF, PERPS_REF]) {
    const adopted = await call(p3, 'POST', '/v1/venue/policies', keys.venue, { ref });
    expect(adopted?.status, JSON.stringify(adopted?.body)).toBe(200);
  }
  // three holders: one trades (a, c), two open a session each (b)
  const holders: Holder[] = [];
  for (const p of [p0, p1, p2]) {
    const file = createHolder();
    const issued = await call(p, 'POST', `/v1/issuers/${issuerId}/credentials`, keys.issuer, {
      subject: file.subject,
      evidenceKind: 'manual',
      evidence: MANUAL,
    });
    expect(issued?.status, JSON.stringify(issued?.body)).toBe(201);
    holders.push({ holder: parseHolderFile(file), credential: parseCredentialFile(issued!.body) });
  }
  trading = { issuerId, holders };
}, 900_000);

afterAll(async () => {
  if (missing.length > 0) return;
  await cluster?.stop();
  await pgs?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (!noArtifacts) await releaseCurves();
});

/** One SQL query on the cluster's schema through a fresh connection. */
async function rows(sql: string, params: unknown[] = []): Promise<any[]> {
  const h = await pgs.open({ maxConnections: 1 });
  try {
    return (await h.pool.query(sql, params)).rows;
  } finally {
    await h.close();
  }
}

describe.skipIf(missing.length > 0)(
  `four vouch serve processes on one PostgreSQL database${missing.length ? ` (skipped: ${missing.join(', ')} not on PostgreSQL yet)` : ''}`,
  () => {
    it.skipIf(noArtifacts)(
      'admits exactly one of 50 concurrent identical submissions spread over the four',
      async () => {
        const trade = spotTrade();
        const proof = await proveSpot(trading.holders[0]!, trade);
        const rs = await Promise.all(
          Array.from({ length: 50 }, (_, i) =>
            call(cluster.processes[i % 4]!, 'POST', '/v1/trades', keys.venue, { trade, proof }),
          ),
        );
        expect(rs.map((r) => r?.status)).toEqual(Array(50).fill(200));
        const admitted = rs.filter((r) => r!.body.allowed === true);
        expect(admitted).toHaveLength(1);
        expect(rs.filter((r) => r!.body.allowed === false).map((r) => r!.body.code)).toEqual(
          Array(49).fill('NULLIFIER_REPLAYED'),
        );
        // one nullifier row, one admission recorded (the 49 refusals are decisions too, not admissions)
        const nullifier = admitted[0]!.body.nullifier as string;
        expect(await rows('SELECT nullifier FROM hook_nullifiers WHERE nullifier = $1', [nullifier])).toHaveLength(1);
        expect(await rows('SELECT receipt FROM hook_decisions WHERE allowed AND nullifier = $1', [nullifier])).toEqual([
          { receipt: admitted[0]!.body.receipt },
        ]);
        process.stderr.write(
          `multi-serve (a): 50 identical submissions over 4 processes: ${admitted.length} admitted, ` +
            `${rs.length - admitted.length} NULLIFIER_REPLAYED\n`,
        );
      },
      600_000,
    );

    it.skipIf(noArtifacts)(
      'holds a session opened through one process to its order count and its notional, orders arriving at all four',
      async () => {
        /** Opens a session for `h` through process 0 (its orders go to all four). */
        const open = async (h: Holder) => {
          const { publicKey, privateKey } = generateKeyPairSync('ed25519');
          const proof = await proveSession({
            ...h,
            policy: perps,
            members: await members(cluster.processes[0]!),
            sessionPublicKey: Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'),
            venue: VENUE,
            maxOrderValue: 100_000_000n, // 1,000,000.00 per order (hundredths)
            now: nowSeconds(),
          });
          const opened = await call(cluster.processes[0]!, 'POST', '/v1/sessions', keys.venue, { proof });
          expect(opened?.status).toBe(200);
          expect(opened!.body, JSON.stringify(opened!.body)).toMatchObject({ allowed: true });
          return { id: opened!.body.sessionId as string, key: privateKey };
        };
        /** `n` orders of size × price, signed by the session key, sent at once, spread over the four. */
        const send = async (s: { id: string; key: KeyObject }, n: number, size: string, price: string) => {
          const orders = Array.from({ length: n }, () => {
            const trade = {
              venue: VENUE,
              market: 'BTC-PERP',
              side: 'buy',
              size,
              price,
              nonce: randomBytes(8).toString('hex'),
              time: nowSeconds(),
            };
            return {
              trade,
              signature: sign(null, Buffer.from(canonicalTrade(trade).canonical), s.key).toString('base64url'),
            };
          });
          const rs = await Promise.all(
            orders.map((o, i) => call(cluster.processes[i % 4]!, 'POST', `/v1/sessions/${s.id}/orders`, keys.venue, o)),
          );
          expect(rs.map((r) => r?.status)).toEqual(Array(n).fill(200));
          return rs.map((r) => r!.body as { allowed: boolean; code?: string });
        };
        const state = async (id: string) =>
          (await rows('SELECT orders, notional::text FROM hook_sessions WHERE id = $1', [id]))[0];

        // the order count binds: 16 orders of 1.00, 4 per process; the session allows 4 in all
        const byCount = await open(trading.holders[1]!);
        const counted = await send(byCount, 16, '0.01', '100');
        expect(counted.filter((d) => d.allowed)).toHaveLength(4);
        expect(counted.filter((d) => !d.allowed).map((d) => d.code)).toEqual(Array(12).fill('SESSION_LIMIT_EXCEEDED'));
        expect(await state(byCount.id)).toEqual({ orders: 4, notional: '400' });

        // the notional binds: 12 orders of 300,000.00, 3 per process; 1,000,000.00 fits 3 in all
        const byNotional = await open(trading.holders[2]!);
        const summed = await send(byNotional, 12, '3', '100000');
        expect(summed.filter((d) => d.allowed)).toHaveLength(3);
        expect(summed.filter((d) => !d.allowed).map((d) => d.code)).toEqual(Array(9).fill('SESSION_LIMIT_EXCEEDED'));
        expect(await state(byNotional.id)).toEqual({ orders: 3, notional: '90000000' });
        process.stderr.write(
          `multi-serve (b): order count 4: ${counted.filter((d) => d.allowed).length} of 16 orders admitted; ` +
            `notional 1,000,000.00: ${summed.filter((d) => d.allowed).length} of 12 orders of 300,000.00 admitted\n`,
        );
      },
      600_000,
    );

    it('loses nothing acknowledged when one is killed with SIGKILL mid-load; the log stays one history; the others keep serving', async () => {
      const [p0] = cluster.processes;
      const created = await call(p0!, 'POST', '/v1/issuers', keys.admin, { name: 'Acme KYC' });
      expect(created?.status).toBe(201);
      const issuerId = created!.body.issuerId as string;

      // 8 trades for the load, 2 per process, proved beforehand (none without artifacts)
      const trades = noArtifacts ? [] : Array.from({ length: 8 }, () => spotTrade());
      const proofs: ProofFile[] = [];
      for (const t of trades) proofs.push(await proveSpot(trading.holders[0]!, t));
      const spotAdmitted = async () =>
        Number(
          (await rows('SELECT count(*)::int AS n FROM hook_decisions WHERE allowed AND policy_ref = $1', [SPOT_REF]))[0]
            .n,
        );
      const admittedBefore = noArtifacts ? 0 : await spotAdmitted();

      const victim = cluster.processes[3]!;
      const acked = {
        issued: [] as string[],
        revoked: [] as string[],
        admitted: [] as { n: number; nullifier: string; receipt: string }[],
      };
      const checkpoints: { size: number; root: string; by: number }[] = [];
      let victimWrites = 0;
      let killed = false;
      /** Called after each acknowledged write: the victim dies after its 12th. */
      const wrote = (p: ServeProcess) => {
        if (p === victim && ++victimWrites === 12 && !killed) {
          killed = true;
          victim.child.kill('SIGKILL');
        }
      };

      // each process serves LANES lanes; a lane issues, revokes every third credential it issued,
      // and reads the registry (which logs every new status root) and the log's root; lane j < 2
      // also submits one of the process's two trades at round ADMIT_AT[j] (the victim's second
      // comes after its death: never acknowledged)
      const LANES = 3;
      const ROUNDS = 9;
      const ADMIT_AT = [1, 5];
      const lane = async (p: ServeProcess, pi: number, li: number) => {
        for (let k = 0; k < ROUNDS; k++) {
          if (trades.length > 0 && k === ADMIT_AT[li]) {
            const n = pi * 2 + li;
            const a = await call(p, 'POST', '/v1/trades', keys.venue, { trade: trades[n], proof: proofs[n] });
            if (!a) return;
            expect(a.status, JSON.stringify(a.body)).toBe(200);
            expect(a.body, JSON.stringify(a.body)).toMatchObject({ allowed: true });
            acked.admitted.push({ n, nullifier: a.body.nullifier, receipt: a.body.receipt });
            wrote(p);
          }
          const issued = await call(p, 'POST', `/v1/issuers/${issuerId}/credentials`, keys.issuer, {
            subject: createHolder().subject.toString(),
            evidenceKind: 'manual',
            evidence: MANUAL,
          });
          if (!issued) return; // the victim: never acknowledged
          expect(issued.status, JSON.stringify(issued.body)).toBe(201);
          acked.issued.push(issued.body.id);
          wrote(p);
          if (k % 3 === 2) {
            const id = issued.body.id as string;
            const r = await call(p, 'POST', `/v1/credentials/${id}/revoke`, keys.issuer, { reason: 'load test' });
            if (!r) return;
            expect(r.status, JSON.stringify(r.body)).toBe(200);
            acked.revoked.push(id);
            wrote(p);
          }
          const reg = await call(p, 'GET', '/v1/registry');
          if (!reg) return;
          expect(reg.status).toBe(200);
          const root = await call(p, 'GET', '/v1/log/root');
          if (!root) return;
          expect(root.status).toBe(200);
          checkpoints.push({ size: root.body.size, root: root.body.rootHash, by: pi });
        }
      };
      await Promise.all(
        cluster.processes.flatMap((p, pi) => Array.from({ length: LANES }, (_, li) => lane(p, pi, li))),
      );
      expect(killed).toBe(true);
      expect(victim.dead()).toBe(true);
      const survivors = cluster.processes.slice(0, 3);

      // what was never acknowledged (sent to the victim, or never sent): retried at a survivor,
      // admitted at most once (a submission that committed before the kill is a replay now)
      const ackedTrades = new Set(acked.admitted.map((a) => a.n));
      const unacked = trades.map((_, n) => n).filter((n) => !ackedTrades.has(n));
      const retried = { admitted: 0, replayed: 0 };
      for (const n of unacked) {
        const a = await call(survivors[n % 3]!, 'POST', '/v1/trades', keys.venue, {
          trade: trades[n],
          proof: proofs[n],
        });
        expect(a?.status).toBe(200);
        if (a!.body.allowed === true) retried.admitted++;
        else {
          expect(a!.body.code).toBe('NULLIFIER_REPLAYED');
          retried.replayed++;
        }
      }

      // one last registry read through a survivor logs the newest roots
      expect((await call(survivors[0]!, 'GET', '/v1/registry'))?.status).toBe(200);

      const h = await pgs.open({ maxConnections: 2 });
      const found = { issued: 0, revoked: 0, admitted: 0 };
      try {
        const store = new PgCredentialStore(h.db);
        for (const id of acked.issued) if (await store.credential(id)) found.issued++;
        for (const id of acked.revoked) if ((await store.credential(id))?.status === 'revoked') found.revoked++;
        // the newest published status root counts every acknowledged revocation
        const { latest, revoked } = await store.statusState(issuerId);
        expect(latest).toBeDefined();
        const indexes = await Promise.all(
          acked.revoked.map(async (id) => (await store.credential(id))!.credentialIndex),
        );
        expect(revoked).toEqual(expect.arrayContaining(indexes));

        const log = new PostgresTransparencyLog({ db: h.db });
        // the survivors may still append (a rejection-digest window closing on its timer): the size
        // checked is the one the integrity check read, and every proof below is at that size
        const { size } = await log.verifyStoredHashes();
        const finalRoot = await log.rootHash(size);
        for (const cp of checkpoints.filter((c) => c.size > 0)) {
          const proof = await log.consistencyProof(cp.size, size);
          expect(() =>
            verifyConsistency({
              fromSize: cp.size,
              toSize: size,
              fromRoot: Buffer.from(cp.root, 'base64'),
              toRoot: finalRoot,
              proof: proof.proof,
            }),
          ).not.toThrow();
        }

        // every acknowledged admission: its nullifier spent, its one decision with the receipt the
        // client got, and its log entry (the receipt's digest)
        const logged: string[] = [];
        for (let i = 0; i < size; i++) {
          const e = await log.entry(i);
          if (e.kind === 'hook-decision') logged.push(e.payload.receiptSha256 as string);
        }
        for (const a of acked.admitted) {
          const spent = await h.pool.query('SELECT 1 FROM hook_nullifiers WHERE nullifier = $1', [a.nullifier]);
          const decided = await h.pool.query('SELECT receipt FROM hook_decisions WHERE allowed AND nullifier = $1', [
            a.nullifier,
          ]);
          const digest = createHash('sha256').update(a.receipt).digest('hex');
          if (
            spent.rowCount === 1 &&
            decided.rows.length === 1 &&
            decided.rows[0].receipt === a.receipt &&
            logged.filter((d) => d === digest).length === 1
          )
            found.admitted++;
        }
        // no nullifier admitted twice, anywhere in the database; every admission logged once
        expect(
          (
            await h.pool.query(
              'SELECT nullifier FROM hook_decisions WHERE allowed AND nullifier IS NOT NULL GROUP BY nullifier HAVING count(*) > 1',
            )
          ).rows,
        ).toEqual([]);
        const allowed = (await h.pool.query('SELECT count(*)::int AS n FROM hook_decisions WHERE allowed')).rows[0].n;
        expect(logged).toHaveLength(allowed);

        process.stderr.write(
          `multi-serve (c): acknowledged ${acked.issued.length} issuances, ${acked.revoked.length} revocations and ` +
            `${acked.admitted.length} admissions (victim acknowledged ${victimWrites} writes before SIGKILL); ` +
            `found after: ${found.issued} issued, ${found.revoked} revoked, ${found.admitted} admissions ` +
            `(nullifier, decision, log entry); ${unacked.length} unacknowledged trades retried: ` +
            `${retried.admitted} admitted, ${retried.replayed} replays; log size ${size}, ` +
            `${checkpoints.length} checkpoints consistent\n`,
        );
      } finally {
        await h.close();
      }
      expect(found).toEqual({
        issued: acked.issued.length,
        revoked: acked.revoked.length,
        admitted: acked.admitted.length,
      });
      // each of the trades, acknowledged or retried, admitted exactly once
      if (trades.length > 0) expect((await spotAdmitted()) - admittedBefore).toBe(trades.length);

      // the survivors keep serving: issuance, readiness, and the hook (a spent trade is a replay at each)
      for (const p of survivors) {
        const r = await call(p, 'POST', `/v1/issuers/${issuerId}/credentials`, keys.issuer, {
          subject: createHolder().subject.toString(),
          evidenceKind: 'manual',
          evidence: MANUAL,
        });
        expect(r?.status).toBe(201);
        expect((await call(p, 'GET', '/readyz'))?.status).toBe(200);
        if (trades.length > 0) {
          const again = await call(p, 'POST', '/v1/trades', keys.venue, { trade: trades[0], proof: proofs[0] });
          expect(again?.body).toMatchObject({ allowed: false, code: 'NULLIFIER_REPLAYED' });
        }
      }
    }, 900_000);
  },
);
