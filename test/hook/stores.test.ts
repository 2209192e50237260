/**
 * The hook on both stores (SQLite file, PostgreSQL), with real proofs: an admission spends its
 * nullifier and is recorded and logged; a replay changes nothing; two hooks on one database admit
 * one of many concurrent copies. On PostgreSQL also: a session opened through one hook is used
 * through another and its limits hold under concurrent orders at both; a database that goes away
 * mid-request gives DATABASE_UNAVAILABLE and spends nothing.
 */
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createComplianceHook,
  ephemeralReceiptSigner,
  type ComplianceHook,
  type ReceiptSigner,
} from '../../src/hook/index.js';
import { openHookStores, type HookStores } from '../../src/hook/open-hook-stores.js';
import { ed25519Signer } from '../../src/log/index.js';
import { canonicalTrade } from '../../src/policy/index.js';
import { proveSession, proveTrade, type ProofFile } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { makeWorld, sessionPolicy, spotPolicy, T0, trade, type Holder, type World } from '../support/hook-world.js';
import { STORES } from '../support/log-stores.js';
import { freshPgSchema, PG_URL, type PgSchema } from '../support/pg.js';
import { tcpProxy } from '../support/tcp-proxy.js';

let world: World;
let alice: Holder;
let signer: ReceiptSigner;
const policy = spotPolicy();
const sp = sessionPolicy();
afterAll(releaseCurves);
beforeAll(async () => {
  world = await makeWorld();
  alice = await world.holder();
  signer = await ephemeralReceiptSigner('venue-v1');
});

const REQUIREMENTS = [
  { market: '*-EUR', policies: ['test-eu-spot@1.0.0'] },
  { market: '*-PERP', policies: ['test-perps-session@1.0.0'] },
];
const logSigner = ed25519Signer('vouch.test/hook-log', new Uint8Array(32).fill(3));

describe.each(STORES)('hook on %s', (kind) => {
  let pgs: PgSchema | undefined;
  let dataDir: string;
  const opened: HookStores[] = [];
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vouch-hookstores-'));
    if (kind === 'postgres') pgs = await freshPgSchema('hook');
  });
  afterAll(async () => {
    for (const s of opened) await s.close();
    await pgs?.drop();
  });

  async function stores(url?: string): Promise<HookStores> {
    const s = await openHookStores({
      dataDir,
      venue: 'v1',
      logSigner,
      ...(kind === 'postgres' ? { databaseUrl: url ?? pgs!.url, schema: pgs!.schema } : { databaseUrl: '' }),
    });
    opened.push(s);
    return s;
  }
  async function hook(s: HookStores): Promise<ComplianceHook> {
    return createComplianceHook({
      ...s.hookOptions,
      policies: [policy, sp],
      requirements: REQUIREMENTS,
      registry: await world.registry(),
      signer,
      clock: () => world.clock.now,
      venue: 'v1',
    });
  }

  it('admits once, records and logs the admission, and refuses the replay without a second entry', async () => {
    const s = await stores();
    const h = await hook(s);
    const t = trade();
    const p = await proveTrade({
      holder: alice,
      credential: alice.credential,
      policy,
      members: (await world.registry()).members,
      trade: t,
    });
    const before = await s.log.size();
    const d = await h.check(t, p);
    if (!d.allowed) throw new Error(`refused: ${d.code}`);
    expect(await s.log.size()).toBe(before + 1);
    const entry = await s.log.entry(before);
    expect(entry).toMatchObject({
      kind: 'hook-decision',
      payload: {
        verdict: 'admit',
        policy: policy.ref,
        receiptSha256: createHash('sha256').update(d.receipt).digest('hex'),
      },
    });
    expect(await s.hookOptions.store.has(BigInt(d.nullifier))).toBe(true);
    expect(await h.check(t, p)).toMatchObject({ allowed: false, code: 'NULLIFIER_REPLAYED' });
    expect(await s.log.size()).toBe(before + 1);
    await h.close();
  });

  it('admits exactly one of 30 concurrent identical submissions spread over two hooks on one database', async () => {
    const [a, b] = [await hook(await stores()), await hook(await stores())];
    const t = trade();
    const p = await proveTrade({
      holder: alice,
      credential: alice.credential,
      policy,
      members: (await world.registry()).members,
      trade: t,
    });
    const ds = await Promise.all(Array.from({ length: 30 }, (_, i) => (i % 2 ? a : b).submit(t, p)));
    expect(ds.filter((d) => d.allowed)).toHaveLength(1);
    expect(ds.filter((d) => d.code === 'NULLIFIER_REPLAYED')).toHaveLength(29);
    await Promise.all([a.close(), b.close()]);
  });

  it.runIf(kind === 'postgres')(
    'shares a session between hooks: opened through one, its limits hold for concurrent orders at both',
    async () => {
      const [a, b] = [await hook(await stores()), await hook(await stores())];
      const { publicKey, privateKey } = generateKeyPairSync('ed25519');
      const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
      const bob = await world.holder();
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
      const opened = await a.openSession(proof);
      if (!opened.allowed) throw new Error(`refused: ${opened.code}`);
      const id = opened.sessionId!;
      const order = () => {
        const t = trade({ market: 'BTC-PERP', size: '0.1', price: '60000' });
        return { t, sig: sign(null, Buffer.from(canonicalTrade(t).canonical), privateKey).toString('base64url') };
      };
      const first = order();
      expect(await b.checkOrder(id, first.t, first.sig)).toMatchObject({ allowed: true }); // opened at a, used at b
      expect(await a.checkOrder(id, first.t, first.sig)).toMatchObject({
        allowed: false,
        code: 'SESSION_ORDER_REPLAYED',
      });
      const orders = Array.from({ length: 10 }, order);
      const ds = await Promise.all(orders.map((o, i) => (i % 2 ? a : b).checkOrder(id, o.t, o.sig)));
      expect(ds.filter((d) => d.allowed)).toHaveLength(2); // maxOrders 3, one used above
      expect(ds.filter((d) => !d.allowed).every((d) => d.code === 'SESSION_LIMIT_EXCEEDED')).toBe(true);
      expect(await b.revokeSession(id)).toBe(true);
      const late = order();
      expect(await a.checkOrder(id, late.t, late.sig)).toMatchObject({ allowed: false, code: 'SESSION_REVOKED' });
      await Promise.all([a.close(), b.close()]);
    },
  );

  it.runIf(kind === 'postgres')(
    'answers DATABASE_UNAVAILABLE when the database goes away mid-request, and spends nothing',
    async () => {
      const url = new URL(PG_URL);
      const proxy = await tcpProxy({ host: url.hostname, port: Number(url.port || 5432) });
      url.port = String(proxy.port);
      const s = await stores(url.toString());
      const h = await hook(s);
      const t = trade();
      const p = await proveTrade({
        holder: alice,
        credential: alice.credential,
        policy,
        members: (await world.registry()).members,
        trade: t,
      });
      await proxy.cut();
      const d = await h.check(t, p);
      expect(d).toMatchObject({ allowed: false, code: 'DATABASE_UNAVAILABLE' });
      await proxy.restore();
      expect(await h.check(t, p)).toMatchObject({ allowed: true }); // the refused attempt spent nothing
      await h.close();
      await proxy.close();
    },
  );
});
