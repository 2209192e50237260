/**
 * postgres-issuance (issue 14): credentials issued per second on PostgreSQL by 1 and by 2
 * processes sharing one database, against the embedded SQLite file in 1 process, measured in the
 * same run, round by round alternating.
 *
 * Each credential is the full issuance (manual-review evidence validated, attributes encoded, the
 * issuer's BabyJubJub key unsealed, 16 slots signed, credential + audit event committed durably).
 * A service answers concurrent requests, so each PostgreSQL process keeps IN_FLIGHT issuances in
 * flight; SQLite's driver is synchronous, so in-flight requests of one process run one after the
 * other there whatever their number (measured the same way, IN_FLIGHT at once).
 * All issuances are for one issuer: the case that serialized on the issuer's row lock before the
 * per-issuer index counter (src/credentials/pg-store.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  createHolder,
  createIssuer,
  issueCredential,
  SqliteCredentialStore,
  type IssuerContext,
} from '../../src/credentials/index.js';
import { PgCredentialStore } from '../../src/credentials/pg-store.js';
import { databasePath, openDatabase } from '../../src/db/client.js';
import { openPostgres } from '../../src/db/pg-client.js';
import { loadKek } from '../../src/keys/kek.js';
import { closedLoopMs } from './open-loop.js';
import { median, round } from './stats.js';
import { BenchChild } from './bench-child.js';
import { interleave, ratioRow, type Row } from './suite.js';

const IN_FLIGHT = 8;
const GOAL_RATIO = 0.8;
const GOAL_ABSOLUTE = 300;
const MANUAL = JSON.stringify({
  kycLevel: 2,
  jurisdiction: 'DE',
  investorClass: 'professional',
  ageOver18: true,
  tradeLimit: '1000000',
});

interface IssuanceConfig {
  url: string;
  schema: string;
  /** Holds the key-encryption key every process unseals the issuer's key with. */
  keyDir: string;
  issuerId: string;
}

/** `n` issuances, IN_FLIGHT at a time; returns the milliseconds they took. */
function issueMany(ctx: IssuerContext, issuerId: string, n: number): Promise<number> {
  return closedLoopMs(n, IN_FLIGHT, () =>
    issueCredential(ctx, {
      issuerId,
      actor: 'bench',
      subject: BigInt(createHolder().subject),
      evidenceKind: 'manual',
      evidence: MANUAL,
    }),
  );
}

const clock = () => Math.floor(Date.now() / 1000);

/** Child process (`npm run bench -- --child pg-issue CONFIG`): issues on PostgreSQL when told "go N". */
export async function pgIssuanceChild(configPath: string): Promise<void> {
  const c = JSON.parse(readFileSync(configPath, 'utf8')) as IssuanceConfig;
  const h = await openPostgres(c.url, { schema: c.schema, maxConnections: IN_FLIGHT });
  const ctx: IssuerContext = { store: new PgCredentialStore(h.db), kek: loadKek(c.keyDir), clock };
  await issueMany(ctx, c.issuerId, IN_FLIGHT * 2); // warm-up
  process.stdout.write('ready\n');
  for await (const line of createInterface({ input: process.stdin })) {
    const ms = await issueMany(ctx, c.issuerId, Number(line.replace(/^go /, '')));
    process.stdout.write(`${JSON.stringify({ ms })}\n`);
  }
  await h.close();
}

/** The postgres-issuance row; `schema` is a fresh schema on `url`, `work` a scratch directory. */
export async function benchPgIssuance(o: { url: string; schema: string; work: string; quick: boolean }): Promise<Row> {
  const rounds = o.quick ? 2 : 4;
  const perRound = o.quick ? 64 : 240;
  const kek = loadKek(o.work);
  const sqlite = openDatabase({ path: databasePath(join(o.work, 'issuance-sqlite')) });
  const pgh = await openPostgres(o.url, { schema: o.schema, maxConnections: IN_FLIGHT });
  const children: BenchChild[] = [];
  try {
    const sqliteCtx: IssuerContext = { store: new SqliteCredentialStore(sqlite.db), kek, clock };
    const pgCtx: IssuerContext = { store: new PgCredentialStore(pgh.db), kek, clock };
    const sqliteIssuer = (await createIssuer(sqliteCtx, { tenant: 'bench', name: 'Bench KYC' })).issuerId;
    const pgIssuer = (await createIssuer(pgCtx, { tenant: 'bench', name: 'Bench KYC' })).issuerId;
    const configPath = join(o.work, 'issuance.json');
    const config: IssuanceConfig = { url: o.url, schema: o.schema, keyDir: o.work, issuerId: pgIssuer };
    writeFileSync(configPath, JSON.stringify(config));
    children.push(new BenchChild('pg-issue', [configPath]), new BenchChild('pg-issue', [configPath]));
    for (const c of children) await c.ready();
    await issueMany(sqliteCtx, sqliteIssuer, IN_FLIGHT * 2);
    await issueMany(pgCtx, pgIssuer, IN_FLIGHT * 2);

    const onePerSec: number[] = [];
    const { ours, baseline } = await interleave(
      rounds,
      async () => {
        const ms = await Promise.all(children.map((c) => c.run(perRound / 2)));
        const two = (perRound * 1000) / Math.max(...ms);
        onePerSec.push((perRound * 1000) / (await issueMany(pgCtx, pgIssuer, perRound)));
        return two;
      },
      async () => (perRound * 1000) / (await issueMany(sqliteCtx, sqliteIssuer, perRound)),
    );
    const two = median(ours);
    const one = median(onePerSec);
    const base = median(baseline);
    return ratioRow({
      name: 'postgres-issuance',
      ours: { what: 'issueCredential() on PostgreSQL, 2 processes', value: round(two), unit: 'credentials/s' },
      baseline: {
        what: 'issueCredential() on the embedded SQLite file, 1 process',
        value: round(base),
        unit: 'credentials/s',
      },
      ratio: two / base,
      ratioIs: 'PostgreSQL (2 processes) / SQLite (1 process)',
      goal: {
        op: '>=',
        ratio: GOAL_RATIO,
        also: { text: `>= ${GOAL_ABSOLUTE} credentials/s`, met: two >= GOAL_ABSOLUTE },
      },
      workload: `${rounds} rounds of ${perRound} credentials for one issuer (manual evidence, distinct holders), ${IN_FLIGHT} in flight per process: PostgreSQL with 2 processes (${perRound / 2} each, at once), then 1 process, alternating with SQLite (1 process); durable commits everywhere; medians`,
      extra: {
        inFlightPerProcess: IN_FLIGHT,
        onePostgresProcessPerSec: round(one),
        twoProcessesRoundsPerSec: ours.map(round),
        onePostgresRoundsPerSec: onePerSec.map(round),
        sqliteRoundsPerSec: baseline.map(round),
      },
      details: [
        { store: 'SQLite, 1 process', 'credentials/s': round(base) },
        { store: 'PostgreSQL, 1 process', 'credentials/s': round(one) },
        { store: 'PostgreSQL, 2 processes', 'credentials/s': round(two) },
      ],
    });
  } finally {
    await Promise.all(children.map((c) => c.stop().catch(() => {})));
    await pgh.close();
    sqlite.close();
  }
}
