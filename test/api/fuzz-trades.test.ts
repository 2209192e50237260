/**
 * Property-based tests of the hook's HTTP surface (fast-check, fixed seed, modest run counts):
 * arbitrary JSON bodies, proof files with random bindings, signals and points, and damaged honest
 * ones, sent to POST /v1/trades, /v1/trades/batch, /v1/verify, /v1/sessions and
 * /v1/sessions/{id}/orders. Every answer is either a 200 decision with a registered code (never
 * INTERNAL) or a 4xx problem+json carrying a registered code — never a 5xx — and an honest item in
 * a batch keeps its verdict. Reproduce a failure with VOUCH_FUZZ_SEED.
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedDeps } from '../../src/api/deps.js';
import { domain } from '../../src/api/services/domain.js';
import { venueServices } from '../../src/api/services/venue.js';
import { createHolder, createIssuer, issueCredential, parseHolderFile } from '../../src/credentials/index.js';
import { CODES } from '../../src/errors/codes.js';
import { scopeEpoch } from '../../src/policy/index.js';
import { proveSession, proveTrade, type ProofFile } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { FUZZ, hostileProof, hostileTrade, type HostileContext } from '../support/hostile-items.js';
import { bearer, keysFor, makeTestApp, type TestApp } from './helpers.js';
import { catalogueMembers } from './support/issuer-sets.js';

const VENUE = 'venue-fuzz';
let t: TestApp;
let keys: Awaited<ReturnType<typeof keysFor>>;
let honestTrade: Record<string, unknown>;
let honestProof: ProofFile;
/** Used only by the batch test (hostile items are never built from it), so its verdict is known. */
let batchTrade: Record<string, unknown>;
let batchProof: ProofFile;
let sessionId: string;
let ctx: HostileContext;
const tally: Record<string, number> = {};

beforeAll(async () => {
  t = await makeTestApp();
  keys = await keysFor(t.db, VENUE);
  const deps = t.deps as ResolvedDeps;
  const now = Math.floor(t.clock.now() / 1000);
  const d = domain(deps);
  const { issuerId } = await createIssuer(d.issuer, { tenant: 'kyc', name: 'Acme KYC' });
  const h = createHolder();
  const credential = await issueCredential(d.issuer, {
    issuerId,
    actor: 'ops',
    subject: BigInt(h.subject),
    evidenceKind: 'manual',
    evidence: JSON.stringify({
      kycLevel: 2,
      jurisdiction: 'AT',
      investorClass: 'professional',
      ageOver18: true,
      tradeLimit: '100000',
      sanctionsScreenedAt: now - 86_400,
    }),
  });
  const policies = await venueServices(deps).book.enforced(VENUE);
  const mica = policies.find((p) => p.id === 'eu-mica-retail-spot')!;
  const perps = policies.find((p) => p.id === 'pro-perps-notional-cap')!;
  const members = await catalogueMembers(t, keys.operator, mica.issuerSet, issuerId);
  const perpsMembers = await catalogueMembers(t, keys.operator, perps.issuerSet, issuerId);
  honestTrade = {
    venue: VENUE,
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.1',
    price: '60000',
    nonce: '0123456789abcdef',
    time: now,
  };
  honestProof = await proveTrade({ holder: parseHolderFile(h), credential, policy: mica, members, trade: honestTrade });
  batchTrade = { ...honestTrade, nonce: 'fedcba9876543210' };
  batchProof = await proveTrade({ holder: parseHolderFile(h), credential, policy: mica, members, trade: batchTrade });
  const raw = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url');
  const sessionProof = await proveSession({
    holder: parseHolderFile(h),
    credential,
    policy: perps,
    members: perpsMembers,
    sessionPublicKey: raw,
    venue: VENUE,
    maxOrderValue: 1_000_00n,
    now,
  });
  const opened = (await (await post('/v1/sessions', { proof: sessionProof })).json()) as {
    allowed: boolean;
    sessionId: string;
  };
  expect(opened.allowed).toBe(true);
  sessionId = opened.sessionId;
  const e = scopeEpoch(perps, now);
  ctx = {
    honest: [honestProof, sessionProof],
    policies: policies.map((p) => ({ id: p.id, version: p.version, policyHash: p.policyHash.toString() })),
    venue: VENUE,
    epochs: [e - 1, e, e + 1],
  };
});
afterAll(async () => {
  process.stdout.write(`api/fuzz-trades: ${JSON.stringify(tally)}\n`); // the closing note cites these
  await releaseCurves();
});

async function post(path: string, body: unknown, key = keys.venue): Promise<Response> {
  return t.app.request(path, {
    method: 'POST',
    headers: { ...bearer(key), 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** A 200 decision with a registered code (or an admission), or a 4xx problem+json with a registered code. */
async function expectCodedAnswer(r: Response, route: string): Promise<{ status: number; body: any }> {
  tally[route] = (tally[route] ?? 0) + 1;
  const body: any = await r.json();
  expect(r.status, JSON.stringify(body)).toBeLessThan(500);
  if (r.status === 200) {
    const ds = 'decisions' in body ? body.decisions : [body];
    for (const d of ds) {
      if (!d.allowed) {
        expect(d.code in CODES, `unregistered code ${d.code}`).toBe(true);
        expect(d.code).not.toBe('INTERNAL');
      }
    }
  } else {
    expect(r.status).toBeGreaterThanOrEqual(400);
    expect(r.headers.get('content-type')).toContain('application/problem+json');
    expect(body.code in CODES, `unregistered code ${body.code}`).toBe(true);
  }
  return { status: r.status, body };
}

const options = (numRuns: number) => ({ seed: FUZZ.seed, numRuns: FUZZ.runs(numRuns), endOnFailure: true });
const body = () =>
  fc.oneof(
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }) },
    {
      weight: 4,
      arbitrary: fc.record({
        trade: fc.oneof(hostileTrade(VENUE), fc.constant(honestTrade)),
        proof: hostileProof(ctx),
      }),
    },
  );

describe('fuzz: the trade and session routes answer every body with a coded decision or a 4xx problem', () => {
  it('POST /v1/trades and /v1/verify', async () => {
    await fc.assert(
      fc.asyncProperty(body(), async (b) => {
        const { body: d } = await expectCodedAnswer(await post('/v1/trades', b), 'trades');
        if (d.allowed) expect((b as { proof: ProofFile }).proof.publicSignals).toEqual(honestProof.publicSignals);
        await expectCodedAnswer(await post('/v1/verify', b, keys.auditor), 'verify');
      }),
      options(120),
    );
  });

  it('POST /v1/trades/batch: an honest item among hostile ones keeps its verdict', async () => {
    const items = fc.array(
      fc.record({
        trade: fc.oneof(hostileTrade(VENUE), fc.constant(honestTrade), fc.constant(batchTrade)),
        proof: hostileProof(ctx),
      }),
      { minLength: 1, maxLength: 5 },
    );
    // the first batch that reaches the hook admits the honest trade; afterwards it is a replay, refused before Groth16
    let spent = false;
    await fc.assert(
      fc.asyncProperty(items, fc.nat({ max: 5 }), async (junk, at) => {
        const all = [...junk.slice(0, at), { trade: batchTrade, proof: batchProof }, ...junk.slice(at)];
        const r = await expectCodedAnswer(await post('/v1/trades/batch', { items: all }), 'trades/batch');
        if (r.status !== 200) return; // a junk item's shape refused the whole request (a 4xx, checked above)
        const d = r.body.decisions[Math.min(at, junk.length)];
        expect(d).toMatchObject(spent ? { allowed: false, code: 'NULLIFIER_REPLAYED' } : { allowed: true });
        spent = true;
      }),
      options(25),
    );
    expect(spent).toBe(true);
  });

  it('POST /v1/sessions and /v1/sessions/{id}/orders', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 2 }), fc.record({ proof: hostileProof(ctx) })), async (b) => {
        await expectCodedAnswer(await post('/v1/sessions', b), 'sessions');
      }),
      options(120),
    );
    const order = fc.oneof(
      fc.jsonValue({ maxDepth: 2 }),
      fc.record({
        trade: hostileTrade(VENUE),
        signature: fc.oneof(fc.base64String({ maxLength: 100 }), fc.string({ maxLength: 10 })),
      }),
    );
    const id = fc.oneof(
      fc.constant(sessionId),
      fc.stringMatching(/^ses_[A-Za-z0-9_-]{16}$/),
      fc.string({ maxLength: 20 }).map(encodeURIComponent),
    );
    await fc.assert(
      fc.asyncProperty(id, order, async (sid, b) => {
        const r = await post(`/v1/sessions/${sid}/orders`, b);
        if (r.status === 404 && !sid.startsWith('ses_')) return void (await r.text()); // not a route
        await expectCodedAnswer(r, 'sessions/orders');
      }),
      options(120),
    );
  });
});
