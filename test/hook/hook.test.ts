/**
 * The hook with real proofs: admits a compliant trade once, and refuses — each with its code and
 * without changing state — replays (also re-randomized), other trades, other policies, stale
 * issuer sets, clock skew and tampered proofs. Concurrent identical submissions admit exactly one.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeCredential } from '../../src/credentials/index.js';
import { openDatabase } from '../../src/db/client.js';
import {
  createComplianceHook,
  ephemeralReceiptSigner,
  MemoryNullifierStore,
  SqliteNullifierStore,
  verifyReceipt,
  type MarketRequirement,
  type ReceiptSigner,
} from '../../src/hook/index.js';
import { canonicalTrade } from '../../src/policy/index.js';
import { proveSession, proveTrade, type ProofFile } from '../../src/prover/index.js';
import { FIELD_MODULUS, releaseCurves } from '../../src/zk/index.js';
import { makeWorld, sessionPolicy, spotPolicy, T0, trade, type Holder, type World } from '../support/hook-world.js';
import { rerandomize } from '../support/rerandomize.js';

let world: World;
let alice: Holder;
let signer: ReceiptSigner;
const policy = spotPolicy();
let t1: Record<string, unknown>;
let p1: ProofFile;

beforeAll(async () => {
  world = await makeWorld();
  alice = await world.holder();
  signer = await ephemeralReceiptSigner('venue-v1');
  t1 = trade();
  p1 = await proveTrade({
    holder: alice,
    credential: alice.credential,
    policy,
    members: (await world.registry()).members,
    trade: t1,
  });
});
afterAll(releaseCurves);

/** The venue's choice of policy per market (issue 19 finding 2): euro spot under the spot policy, perps under the session one. */
const REQUIREMENTS: MarketRequirement[] = [
  { market: '*-EUR', policies: ['test-eu-spot@1.0.0'] },
  { market: '*-PERP', policies: ['test-perps-session@1.0.0'] },
];

async function hook(
  o: {
    store?: MemoryNullifierStore | SqliteNullifierStore;
    clockSkew?: number;
    policies?: ReturnType<typeof spotPolicy>[];
    grace?: number;
    requirements?: MarketRequirement[];
  } = {},
) {
  return createComplianceHook({
    policies: o.policies ?? [policy, sessionPolicy()],
    requirements: o.requirements ?? (o.policies ? undefined : REQUIREMENTS),
    registry: await world.registry(o.grace === undefined ? {} : { rootGraceSeconds: o.grace }),
    store: o.store ?? new MemoryNullifierStore(),
    signer,
    clock: () => world.clock.now + (o.clockSkew ?? 0),
    venue: 'v1',
  });
}

const clone = <T>(x: T): T => structuredClone(x);

describe('admission', () => {
  it('admits a compliant trade with a signed receipt, then refuses its replay', async () => {
    const h = await hook();
    const d = await h.check(t1, p1);
    expect(d).toMatchObject({
      allowed: true,
      policyHash: policy.policyHash.toString(),
      tradeHash: canonicalTrade(t1).tradeHash.toString(),
    });
    if (!d.allowed) throw new Error(`refused: ${d.code}`);
    const receipt = await verifyReceipt(d.receipt, [signer.publicJwk]);
    expect(receipt).toMatchObject({ verdict: 'admit', policy: 'test-eu-spot@1.0.0', nullifier: d.nullifier });
    const again = await h.check(t1, p1);
    expect(again).toMatchObject({ allowed: false, code: 'NULLIFIER_REPLAYED' });
    expect((await verifyReceipt(again.receipt!, [signer.publicJwk])).verdict).toBe('reject');
  });

  it('treats a re-randomized proof of an admitted trade as a replay (keyed on the nullifier)', async () => {
    const h = await hook();
    expect((await h.check(t1, p1)).allowed).toBe(true);
    const p = clone(p1);
    p.proof = { ...(await rerandomize(p1.proof)), protocol: 'groth16', curve: 'bn128' };
    expect(p.proof.pi_a).not.toEqual(p1.proof.pi_a);
    expect(await h.check(t1, p)).toMatchObject({ allowed: false, code: 'NULLIFIER_REPLAYED' });
    // and the re-randomized proof alone is valid: a fresh hook admits it
    expect((await (await hook()).check(t1, p)).allowed).toBe(true);
  });

  it('admits exactly one of 24 concurrent identical submissions through the admission queue', async () => {
    const h = await hook();
    const ds = await Promise.all(Array.from({ length: 24 }, () => h.submit(t1, p1)));
    expect(ds.filter((d) => d.allowed)).toHaveLength(1);
    expect(ds.filter((d) => d.code === 'NULLIFIER_REPLAYED')).toHaveLength(23);
    await h.close();
  });

  it('admits exactly one when two hooks share one SQLite database', async () => {
    const dir = (await import('node:fs')).mkdtempSync(
      (await import('node:path')).join((await import('node:os')).tmpdir(), 'vouch-hook-'),
    );
    const a = openDatabase({ path: `${dir}/db.sqlite` });
    const b = openDatabase({ path: `${dir}/db.sqlite` });
    const [h1, h2] = [
      await hook({ store: new SqliteNullifierStore(a.db) }),
      await hook({ store: new SqliteNullifierStore(b.db) }),
    ];
    const ds = await Promise.all([
      ...Array.from({ length: 6 }, () => h1.submit(t1, p1)),
      ...Array.from({ length: 6 }, () => h2.submit(t1, p1)),
    ]);
    expect(ds.filter((d) => d.allowed)).toHaveLength(1);
    a.close();
    b.close();
  });

  it('checks a batch item by item: admitted, tampered, duplicate', async () => {
    const h = await hook();
    const bad = clone(p1);
    bad.publicSignals[0] = (BigInt(bad.publicSignals[0]!) + 1n).toString();
    const ds = await h.checkBatch([
      { trade: t1, proof: p1 },
      { trade: t1, proof: bad },
      { trade: t1, proof: p1 },
    ]);
    expect(ds.map((d) => d.code ?? 'ADMITTED')).toEqual(['ADMITTED', 'PROOF_INVALID', 'NULLIFIER_REPLAYED']);
  });
});

describe('rejections change nothing', () => {
  const cases: [string, () => Promise<[unknown, unknown, Parameters<typeof hook>[0]?]>, string][] = [
    ['another trade (price changed)', async () => [{ ...t1, price: '60001' }, p1], 'TRADE_MISMATCH'],
    ['another trade (nonce changed)', async () => [{ ...t1, nonce: 'ff'.repeat(12) }, p1], 'TRADE_MISMATCH'],
    ['a market the policy does not cover', async () => [{ ...t1, market: 'ETH-EUR' }, p1], 'MARKET_NOT_ALLOWED'],
    ['another venue', async () => [{ ...t1, venue: 'v2' }, p1], 'TRADE_MISMATCH'],
    [
      'a policy the venue does not enforce',
      async () => {
        const p = clone(p1);
        p.policy.id = 'other';
        return [t1, p];
      },
      'POLICY_UNKNOWN',
    ],
    [
      'a policy the venue enforces but does not require for this market',
      async () => [t1, p1, { requirements: [{ market: '*', policies: ['test-perps-session@1.0.0'] }] }],
      'POLICY_NOT_REQUIRED',
    ],
    [
      'a policy whose predicates changed under the same version',
      async () => [
        t1,
        p1,
        { policies: [spotPolicy({ predicates: [{ attribute: 'kycLevel', operator: 'gte', value: 3 }] })] },
      ],
      'POLICY_HASH_MISMATCH',
    ],
    ['a venue clock 31 s ahead', async () => [t1, p1, { clockSkew: 31 }], 'CLOCK_SKEW'],
    [
      'a tradeValue signal changed',
      async () => {
        const p = clone(p1);
        p.publicSignals[5] = '1';
        return [t1, p];
      },
      'TRADE_MISMATCH',
    ],
    [
      'a signal pushed out of the field (x + r)',
      async () => {
        const p = clone(p1);
        p.publicSignals[0] = (BigInt(p.publicSignals[0]!) + FIELD_MODULUS).toString();
        return [t1, p];
      },
      'SIGNAL_NOT_CANONICAL',
    ],
    [
      'a nullifier signal changed',
      async () => {
        const p = clone(p1);
        p.publicSignals[0] = '12345';
        return [t1, p];
      },
      'PROOF_INVALID',
    ],
    [
      'a pi_c coordinate changed',
      async () => {
        const p = clone(p1);
        p.proof.pi_c[0] = (BigInt(p.proof.pi_c[0]!) + 1n).toString();
        return [t1, p];
      },
      'POINT_INVALID',
    ],
    ['a malformed proof file', async () => [t1, { type: 'vouch-proof' }], 'PROOF_MALFORMED'],
    ['a malformed trade', async () => [{ ...t1, size: 0.5 }, p1], 'TRADE_INVALID'],
  ];
  for (const [name, make, code] of cases) {
    it(`refuses ${name} with ${code}`, async () => {
      const [t, p, o] = await make();
      const store = new MemoryNullifierStore();
      const h = await hook({ ...o, store });
      const d = await h.check(t, p);
      expect(d).toMatchObject({ allowed: false, code });
      expect(d.receipt).toBeDefined();
      expect(store.has(BigInt(p1.publicSignals[0]!))).toBe(false);
      // the honest pair is still admissible afterwards: nothing was spent
      if (o === undefined) expect((await h.check(t1, p1)).allowed).toBe(true);
    });
  }
});

describe('complianceGate (example venue)', () => {
  it('lets a compliant order through, answers problem+json by the one error path (409 with the code and the signed receipt for a replay, 400 for a non-JSON body)', async () => {
    const { createVenueApp } = await import('../../examples/venue/venue.js');
    const { app, book } = createVenueApp(await hook());
    const post = (body: string) =>
      app.request('/orders', { method: 'POST', body, headers: { 'content-type': 'application/json' } });
    const ok = await post(JSON.stringify({ order: t1, proof: p1 }));
    expect(ok.status).toBe(201);
    expect(book).toHaveLength(1);
    const replay = await post(JSON.stringify({ order: t1, proof: p1 }));
    expect(replay.status).toBe(409);
    expect(replay.headers.get('content-type')).toContain('application/problem+json');
    const refused = (await replay.json()) as { receipt: string };
    expect(refused).toMatchObject({
      type: 'https://vouch.dev/problems/nullifier_replayed',
      code: 'NULLIFIER_REPLAYED',
      status: 409,
      instance: '/orders',
    });
    expect((await verifyReceipt(refused.receipt, [signer.publicJwk])).verdict).toBe('reject');
    const bad = await post('{not json');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'INPUT_INVALID', status: 400 });
    expect(book).toHaveLength(1);
  });
});

describe('issuer set freshness and revocation', () => {
  it('refuses a proof made before a revocation once the registry refreshes (ISSUER_SET_STALE), ISSUER_SET_UNKNOWN for a foreign root', async () => {
    const bob = await world.holder({ jurisdiction: 'FR' });
    const t = trade();
    const p = await proveTrade({
      holder: bob,
      credential: bob.credential,
      policy,
      members: (await world.registry()).members,
      trade: t,
    });
    // two venues' registries that know the pre-revocation root: one with a grace period, one without
    const lenient = await world.registry({ rootGraceSeconds: 600 });
    const strict = await world.registry({ rootGraceSeconds: 0 });
    const mk = (registry: typeof lenient) =>
      createComplianceHook({
        policies: [policy],
        registry,
        store: new MemoryNullifierStore(),
        signer,
        clock: () => world.clock.now,
        venue: 'v1',
      });
    try {
      world.clock.now += 1;
      await revokeCredential(world.ctx, { credentialId: bob.credential.id, reason: 'test', actor: 'ops' });
      const fresh = (await world.registry()).snapshots();
      for (const s of fresh) {
        await lenient.accept(s);
        await strict.accept(s);
      }
      expect((await (await mk(lenient)).check(t, p)).allowed).toBe(true);
      expect(await (await mk(strict)).check(t, p)).toMatchObject({ allowed: false, code: 'ISSUER_SET_STALE' });
      const q = clone(p);
      q.publicSignals[1] = '42';
      expect(await (await mk(lenient)).check(t, q)).toMatchObject({ allowed: false, code: 'ISSUER_SET_UNKNOWN' });
      // and the holder cannot prove again
      await expect(
        proveTrade({
          holder: bob,
          credential: bob.credential,
          policy,
          members: (await world.registry()).members,
          trade: trade({ time: world.clock.now }),
        }),
      ).rejects.toMatchObject({ code: 'CREDENTIAL_REVOKED' });
    } finally {
      world.clock.now = T0;
    }
  });

  it('refuses to prove, in microseconds, when the credential cannot satisfy the policy', async () => {
    const carol = await world.holder({ jurisdiction: 'US' });
    const started = process.hrtime.bigint();
    await expect(
      proveTrade({
        holder: carol,
        credential: carol.credential,
        policy,
        members: (await world.registry()).members,
        trade: trade(),
      }),
    ).rejects.toMatchObject({ code: 'POLICY_UNSATISFIED', details: { predicates: [1] } });
    expect(process.hrtime.bigint() - started).toBeGreaterThan(0n);
  });
});

describe('session mode', () => {
  it('opens one session per holder and epoch, then admits signed orders within its limits', async () => {
    const sp = sessionPolicy();
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const proof = await proveSession({
      holder: alice,
      credential: alice.credential,
      policy: sp,
      members: (await world.registry()).members,
      sessionPublicKey: raw,
      venue: 'v1',
      maxOrderValue: 2_000_000n,
      now: T0,
    });
    const h = await hook();
    const opened = await h.openSession(proof);
    expect(opened).toMatchObject({ allowed: true });
    expect(await h.openSession(proof)).toMatchObject({ allowed: false, code: 'NULLIFIER_REPLAYED' });
    const id = opened.sessionId!;
    const order = (o: Record<string, unknown> = {}) => {
      const t = trade({ market: 'BTC-PERP', size: '0.1', price: '60000', ...o });
      return { t, sig: sign(null, Buffer.from(canonicalTrade(t).canonical), privateKey).toString('base64url') };
    };
    const o1 = order();
    expect(await h.checkOrder(id, o1.t, o1.sig)).toMatchObject({ allowed: true });
    expect(await h.checkOrder(id, o1.t, o1.sig)).toMatchObject({ allowed: false, code: 'SESSION_ORDER_REPLAYED' });
    const forged = order();
    expect(await h.checkOrder(id, { ...forged.t, size: '0.2' }, forged.sig)).toMatchObject({
      allowed: false,
      code: 'SESSION_SIGNATURE_INVALID',
    });
    const big = order({ size: '1' }); // 60,000.00 > the proved 20,000.00 per order
    expect(await h.checkOrder(id, big.t, big.sig)).toMatchObject({ allowed: false, code: 'SESSION_LIMIT_EXCEEDED' });
    const spot = order({ market: 'BTC-EUR' }); // the venue requires the spot policy there, not the session's
    expect(await h.checkOrder(id, spot.t, spot.sig)).toMatchObject({ allowed: false, code: 'POLICY_NOT_REQUIRED' });
    const unlisted = order({ market: 'BTC-USD' }); // the venue requires nothing there
    expect(await h.checkOrder(id, unlisted.t, unlisted.sig)).toMatchObject({
      allowed: false,
      code: 'MARKET_NOT_ALLOWED',
    });
    for (let i = 0; i < 2; i++) {
      const o = order();
      expect((await h.checkOrder(id, o.t, o.sig)).allowed).toBe(true);
    }
    const fourth = order();
    expect(await h.checkOrder(id, fourth.t, fourth.sig)).toMatchObject({
      allowed: false,
      code: 'SESSION_LIMIT_EXCEEDED',
    });
    // the batched path (signatures checked on worker threads) decides exactly like the single one
    const batch = await h.checkOrders(id, [
      { trade: fourth.t, signature: fourth.sig },
      { trade: forged.t, signature: 'AAAA' },
    ]);
    expect(batch.map((d) => d.code)).toEqual(['SESSION_LIMIT_EXCEEDED', 'SESSION_SIGNATURE_INVALID']);
    expect(await h.revokeSession(id)).toBe(true);
    expect(await h.checkOrder(id, fourth.t, fourth.sig)).toMatchObject({ allowed: false, code: 'SESSION_REVOKED' });
    expect(await h.checkOrder('ses_nope', fourth.t, fourth.sig)).toMatchObject({
      allowed: false,
      code: 'SESSION_UNKNOWN',
    });
    // a session proof cannot admit a single trade, and a trade proof cannot open a session
    expect(await h.check(trade(), proof)).toMatchObject({ allowed: false });
    expect(await h.openSession(p1)).toMatchObject({ allowed: false, code: 'TRADE_MISMATCH' });
  });
});
