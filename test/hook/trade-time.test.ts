/**
 * Trade time is held to the venue clock (issue 19, finding 7). Under a per-venue-epoch nullifier a
 * holder gets one admission per venue and epoch, and the epoch is taken from the trade's time: the
 * attack dated extra trades −1 h and −2 h (each in an earlier epoch, so a fresh nullifier) and one
 * −30 days, each with a proof made at the venue's real time so the proof's own clock check passed.
 * The hook refuses each with TRADE_TIME_SKEW; a trade within the policy's skew in the same epoch is
 * the replay it should be; session orders are held to the clock the same way.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createComplianceHook,
  ephemeralReceiptSigner,
  MemoryNullifierStore,
  type ReceiptSigner,
} from '../../src/hook/index.js';
import { canonicalTrade } from '../../src/policy/index.js';
import { proveSession, proveTrade } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { makeWorld, sessionPolicy, spotPolicy, T0, trade, type Holder, type World } from '../support/hook-world.js';

const HOUR = 3600;
const NOW = T0 + HOUR / 2; // mid-epoch (T0 is a multiple of 3600)
let world: World;
let alice: Holder;
let signer: ReceiptSigner;
const policy = spotPolicy({
  id: 'test-eu-spot-hourly',
  nullifierScope: { mode: 'per-venue-epoch', epochSeconds: HOUR },
});

beforeAll(async () => {
  world = await makeWorld();
  alice = await world.holder();
  signer = await ephemeralReceiptSigner('venue-v1');
});
afterAll(releaseCurves);

async function hook() {
  world.clock.now = NOW;
  const requirements = [
    { market: 'BTC-EUR', policies: [policy.ref] },
    { market: '*-PERP', policies: [sessionPolicy().ref] },
  ];
  return createComplianceHook({
    policies: [policy, sessionPolicy()],
    requirements,
    registry: await world.registry(),
    store: new MemoryNullifierStore(),
    signer,
    clock: () => world.clock.now,
    venue: 'v1',
  });
}

/** A trade dated `offset` seconds from the venue clock, proved at the venue clock's real time. */
async function datedTrade(offset: number) {
  const t = trade({ time: NOW + offset });
  return {
    t,
    p: await proveTrade({
      holder: alice,
      credential: alice.credential,
      policy,
      members: (await world.registry()).members,
      trade: t,
      now: NOW,
    }),
  };
}

describe('backdated trades under a per-venue-epoch nullifier', () => {
  it('admits one trade in the epoch, refuses trades dated −1 h, −2 h and −30 days with TRADE_TIME_SKEW, and replays one within the skew', async () => {
    const h = await hook();
    const now = await datedTrade(0);
    expect(await h.check(now.t, now.p)).toMatchObject({ allowed: true });
    for (const offset of [-HOUR, -2 * HOUR, -30 * 24 * HOUR]) {
      const x = await datedTrade(offset);
      expect(await h.check(x.t, x.p), `trade dated ${offset}s`).toMatchObject({
        allowed: false,
        code: 'TRADE_TIME_SKEW',
      });
    }
    // within the policy's 30 s: the same epoch, so the same nullifier — one admission per epoch holds
    const close = await datedTrade(-20);
    expect(await h.check(close.t, close.p)).toMatchObject({ allowed: false, code: 'NULLIFIER_REPLAYED' });
  });

  it('holds session orders to the venue clock too', async () => {
    const h = await hook();
    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
    const proof = await proveSession({
      holder: alice,
      credential: alice.credential,
      policy: sessionPolicy(),
      members: (await world.registry()).members,
      sessionPublicKey: raw,
      venue: 'v1',
      maxOrderValue: 1_000_000n,
      now: NOW,
    });
    const { sessionId } = await h.openSession(proof);
    const order = (time: number) => {
      const t = trade({ market: 'BTC-PERP', size: '0.1', price: '60000', time });
      return [t, sign(null, Buffer.from(canonicalTrade(t).canonical), privateKey).toString('base64url')] as const;
    };
    expect(await h.checkOrder(sessionId!, ...order(NOW - HOUR))).toMatchObject({
      allowed: false,
      code: 'TRADE_TIME_SKEW',
    });
    expect(await h.checkOrder(sessionId!, ...order(NOW + 31))).toMatchObject({
      allowed: false,
      code: 'TRADE_TIME_SKEW',
    });
    expect(await h.checkOrder(sessionId!, ...order(NOW - 30))).toMatchObject({ allowed: true });
  });
});
