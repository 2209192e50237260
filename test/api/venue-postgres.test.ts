/**
 * The venue's hook over HTTP on PostgreSQL (issue 14), with real proofs: two apps on one schema,
 * each with its own pool and deps — two `vouch serve` processes. Of identical submissions spread
 * over both, one is admitted; a session opened through one is used through the other and its
 * notional is never exceeded by orders racing through both; a revocation through one is refused
 * through the other; the compliance report through either counts what both decided. Nothing of
 * it goes to the SQLite file.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { domain } from '../../src/api/services/domain.js';
import { venueServices } from '../../src/api/services/venue.js';
import { createHolder, createIssuer, issueCredential, parseHolderFile } from '../../src/credentials/index.js';
import type { PostgresHandle } from '../../src/db/pg-client.js';
import { canonicalTrade } from '../../src/policy/index.js';
import { proveSession, proveTrade, type ProofFile } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';
import { bearer, json, keysFor, makeTestApp, type TestApp } from './helpers.js';
import { catalogueMembers } from './support/issuer-sets.js';

const VENUE = 'venue-one';
let schema: PgSchema;
const handles: PostgresHandle[] = [];
let one: TestApp;
let two: TestApp;
let keys: Awaited<ReturnType<typeof keysFor>>;
let now: number;
let trade: Record<string, unknown>;
let proof: ProofFile;
let sessionProof: ProofFile;
let sessionKey: ReturnType<typeof generateKeyPairSync>['privateKey'];

beforeAll(async () => {
  schema = await freshPgSchema('venue');
  const open = async () => {
    const h = await schema.open({ maxConnections: 6 });
    handles.push(h);
    return h;
  };
  one = await makeTestApp({ pg: await open() });
  two = await makeTestApp({ pg: await open() });
  keys = await keysFor(one.db, VENUE); // in PostgreSQL: both apps authenticate them
  now = Math.floor(one.clock.now() / 1000);
  const d = domain(one.deps as ResolvedDeps);
  const { issuerId } = await createIssuer(d.issuer, { tenant: 'kyc', name: 'Global KYC' });
  const issue = async (attrs: Record<string, unknown>) => {
    const h = createHolder();
    const credential = await issueCredential(d.issuer, {
      issuerId,
      actor: 'ops',
      subject: BigInt(h.subject),
      evidenceKind: 'manual',
      evidence: JSON.stringify({ ageOver18: true, sanctionsScreenedAt: now - 86_400, ...attrs }),
    });
    return { holder: parseHolderFile(h), credential };
  };
  const book = venueServices(one.deps as ResolvedDeps).book;
  const mica = (await book.enforced(VENUE)).find((p) => p.id === 'eu-mica-retail-spot')!;
  const perps = (await book.enforced(VENUE)).find((p) => p.id === 'pro-perps-notional-cap')!;
  trade = {
    venue: VENUE,
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.1',
    price: '60000',
    nonce: '0123456789abcdef',
    time: now,
  };
  const retail = await issue({ kycLevel: 2, jurisdiction: 'AT', investorClass: 'retail', tradeLimit: '100000' });
  proof = await proveTrade({
    ...retail,
    policy: mica,
    members: await catalogueMembers(one, keys.operator, 'eu-kyc-issuers', issuerId),
    trade,
  });
  const pro = await issue({ kycLevel: 2, jurisdiction: 'DE', investorClass: 'professional', tradeLimit: '2000000' });
  const pair = generateKeyPairSync('ed25519');
  sessionKey = pair.privateKey;
  sessionProof = await proveSession({
    ...pro,
    policy: perps,
    members: await catalogueMembers(one, keys.operator, 'global-kyc-issuers', issuerId),
    sessionPublicKey: Buffer.from(pair.publicKey.export({ format: 'jwk' }).x!, 'base64url'),
    venue: VENUE,
    // 2,000,000.00 per order (hundredths), under the policy's session notional of 5,000,000.00
    maxOrderValue: 200_000_000n,
    now,
  });
}, 600_000);
afterAll(async () => {
  await releaseCurves();
  await Promise.all(handles.map((h) => h.close()));
  await schema.drop();
});

const post = (t: TestApp, path: string, body: unknown, key = keys.venue) =>
  t.app.request(path, {
    method: 'POST',
    headers: { ...bearer(key), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
const count = async (sql: string) => (await one.deps.pg!.pool.query(sql)).rows[0].n as number;

let nonce = 0;
/** An order of 1,000,000.00 on a perps market, signed by the session key. */
const order = () => {
  nonce += 1;
  const t = {
    venue: VENUE,
    market: 'BTC-PERP',
    side: 'buy',
    size: '10',
    price: '100000',
    nonce: `5e551011${nonce.toString(16).padStart(8, '0')}`,
    time: now,
  };
  return {
    trade: t,
    signature: sign(null, Buffer.from(canonicalTrade(t).canonical), sessionKey).toString('base64url'),
  };
};

describe('the venue hook on PostgreSQL across two service processes', () => {
  it('admits exactly one of 16 identical submissions spread over both, recorded and logged in PostgreSQL', async () => {
    const rs = await Promise.all(
      Array.from({ length: 16 }, (_, i) => post(i % 2 ? two : one, '/v1/trades', { trade, proof })),
    );
    const ds = await Promise.all(rs.map((r) => json(r)));
    expect(rs.every((r) => r.status === 200)).toBe(true);
    expect(ds.filter((d) => d.allowed)).toHaveLength(1);
    expect(ds.filter((d) => d.code === 'NULLIFIER_REPLAYED')).toHaveLength(15);
    // a replay through either process later is refused too
    expect(await json(await post(one, '/v1/trades', { trade, proof }))).toMatchObject({ code: 'NULLIFIER_REPLAYED' });
    expect(await count('SELECT count(*)::int AS n FROM hook_nullifiers')).toBe(1);
    expect(await count('SELECT count(*)::int AS n FROM hook_decisions WHERE allowed')).toBe(1);
    expect(await count("SELECT count(*)::int AS n FROM log_entries WHERE kind = 'hook-decision'")).toBe(1);
    for (const t of [one, two]) {
      expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM hook_decisions').get()).toEqual({ n: 0 });
      expect(t.db.sqlite.prepare('SELECT count(*) AS n FROM hook_nullifiers').get()).toEqual({ n: 0 });
    }
  }, 120_000);

  it('uses a session opened through one process through the other, never past its notional', async () => {
    const opened = await json(await post(one, '/v1/sessions', { proof: sessionProof }));
    expect(opened).toMatchObject({ allowed: true });
    const id = opened.sessionId as string;
    expect(await json(await post(two, `/v1/sessions/${id}/orders`, order()))).toMatchObject({ allowed: true });
    // 5,000,000.00 of notional at 1,000,000.00 an order: 4 more fit, whichever process they reach
    const rs = await Promise.all(
      Array.from({ length: 12 }, (_, i) => post(i % 2 ? two : one, `/v1/sessions/${id}/orders`, order())),
    );
    const ds = await Promise.all(rs.map((r) => json(r)));
    expect(ds.filter((d) => d.allowed)).toHaveLength(4);
    expect(ds.filter((d) => !d.allowed).map((d) => d.code)).toEqual(Array(8).fill('SESSION_LIMIT_EXCEEDED'));
    const [row] = (
      await one.deps.pg!.pool.query('SELECT orders, notional::text FROM hook_sessions WHERE id = $1', [id])
    ).rows;
    expect(row).toEqual({ orders: 5, notional: '500000000' });
    // revoked through the first process: refused through the second
    const revoked = await one.app.request(`/v1/sessions/${id}`, { method: 'DELETE', headers: bearer(keys.venue) });
    expect(revoked.status).toBe(200);
    expect(await json(await post(two, `/v1/sessions/${id}/orders`, order()))).toMatchObject({
      allowed: false,
      code: 'SESSION_REVOKED',
    });
  }, 120_000);

  it('reports what both processes decided in the compliance summary, through either', async () => {
    const body = { from: now - 3600, to: now + 3600 };
    const reports = await Promise.all(
      [one, two].map(async (t) => json(await post(t, '/v1/reports/compliance', body, keys.institution))),
    );
    expect(reports[1]).toEqual(reports[0]);
    // admissions: the trade and the session's opening (orders are the session's, not decisions); refused: the 16 replays
    expect(reports[0].totals).toMatchObject({ decisions: 18, allowed: 2, rejected: 16 });
  }, 120_000);

  it("updates the other process's running hook when the venue retires or adopts a policy through one", async () => {
    const submit = async (t: TestApp) => json(await post(t, '/v1/trades', { trade, proof }));
    // both hooks are built and enforce MiCA: the spent proof is a replay through either
    expect(await submit(two)).toMatchObject({ allowed: false, code: 'NULLIFIER_REPLAYED' });
    const mica = 'eu-mica-retail-spot@1.0.0';
    expect(
      (await one.app.request(`/v1/venue/policies/${mica}`, { method: 'DELETE', headers: bearer(keys.venue) })).status,
    ).toBe(200);
    // the second process's hook no longer knows the policy: refused before any nullifier is looked at
    expect(await submit(two)).toMatchObject({ allowed: false, code: 'POLICY_UNKNOWN' });
    expect((await post(two, '/v1/venue/policies', { ref: mica })).status).toBe(200);
    expect(await submit(one)).toMatchObject({ allowed: false, code: 'NULLIFIER_REPLAYED' });
  }, 120_000);
});
