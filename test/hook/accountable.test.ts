/**
 * The hook enforcing accountable policies, with real proofs of the accountable circuit, on both
 * stores (SQLite file, PostgreSQL):
 *  - escrow: the venue supplies the registry's current committee key; an admission keeps the
 *    proof's ciphertext with its decision and in its receipt, and k of the committee decrypt it to
 *    the credential's escrow identity; a proof to another committee's key is ESCROW_KEY_MISMATCH.
 *  - cumulative limit: the venue supplies the period scope and the commitment it holds; trades
 *    accumulate, the one that would pass the cap cannot be proved, a proof from a commitment that
 *    has moved is LIMIT_STATE_STALE and changes nothing, of two racing trades one wins.
 *  - both circuits in one batch, each verified under its own key.
 *  - the holder's limit wallet follows the admissions and is rebuilt from the signed receipts.
 * Proofs are made once (on the first store's run) and replayed on the second store's fresh database.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  combineDecryptionShares,
  createCommittee,
  createDealing,
  createDecryptionShare,
  createMemberKeys,
  finalizeCommittee,
  parseCommittee,
  parseEscrowCiphertext,
  type EscrowCommittee,
} from '../../src/escrow/index.js';
import { databasePath, openDatabase } from '../../src/db/client.js';
import { VouchError } from '../../src/errors/index.js';
import {
  createComplianceHook,
  ephemeralReceiptSigner,
  verifyReceipt,
  type Admitted,
  type ComplianceHook,
  type Decision,
  type ReceiptPayload,
  type ReceiptSigner,
} from '../../src/hook/index.js';
import { openHookStores, type HookStores } from '../../src/hook/open-hook-stores.js';
import { ed25519Signer } from '../../src/log/index.js';
import { LimitWallet, proveTrade, type ProofFile } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { makeWorld, spotPolicy, trade, type Holder, type World } from '../support/hook-world.js';
import { STORES } from '../support/log-stores.js';
import { freshPgSchema, type PgSchema } from '../support/pg.js';

const escrowPolicy = spotPolicy({
  id: 'test-escrow',
  escrow: 'required',
  trade: { maxValueAttribute: 'tradeLimit', markets: ['BTC-EUR'] },
});
// cap 100,000.00 a calendar month; each trade below is 0.5 × 60,000 = 30,000.00
const capPolicy = spotPolicy({
  id: 'test-cap',
  cumulativeLimit: { period: 'calendar-month', cap: '100000' },
  trade: { markets: ['ETH-EUR'] },
});
const basePolicy = spotPolicy({ trade: { markets: ['SOL-EUR'] } });
const REQUIREMENTS = [
  { market: 'BTC-EUR', policies: [escrowPolicy.ref] },
  { market: 'ETH-EUR', policies: [capPolicy.ref] },
  { market: 'SOL-EUR', policies: [basePolicy.ref] },
];
const logSigner = ed25519Signer('vouch.test/hook-log', new Uint8Array(32).fill(5));

function committeeOf(epoch: number): { escrow: EscrowCommittee; shares: bigint[] } {
  const keys = ['ana', 'ben', 'cy', 'dee', 'eve'].map((n) => createMemberKeys(n));
  const committee = parseCommittee(createCommittee({ epoch, threshold: 3, members: keys.map((k) => k.card) }));
  const dealings = keys.map((k) => createDealing(committee, k.secret));
  const results = keys.map((k) => finalizeCommittee(committee, { dealings, secret: k.secret }));
  return { escrow: results[0]!.committee, shares: results.map((r) => r.share!.share) };
}

let world: World;
let alice: Holder;
let signer: ReceiptSigner;
let current: { escrow: EscrowCommittee; shares: bigint[] };
let retired: { escrow: EscrowCommittee; shares: bigint[] };
afterAll(releaseCurves);
beforeAll(async () => {
  world = await makeWorld();
  alice = await world.holder({ tradeLimit: '50000' });
  signer = await ephemeralReceiptSigner('venue-v1');
  current = committeeOf(2);
  retired = committeeOf(1);
});

/** Proofs made on the first run, replayed on the next store's fresh database. */
const made = new Map<string, { t: Record<string, unknown>; p: ProofFile }>();
async function proof(
  name: string,
  market: string,
  o: { wallet?: LimitWallet; escrowKey?: EscrowCommittee['publicKey'] } = {},
): Promise<{ t: Record<string, unknown>; p: ProofFile }> {
  let x = made.get(name);
  if (!x) {
    const t = trade({ market });
    const policy = market === 'BTC-EUR' ? escrowPolicy : market === 'ETH-EUR' ? capPolicy : basePolicy;
    const p = await proveTrade({
      holder: alice,
      credential: alice.credential,
      policy,
      members: (await world.registry()).members,
      trade: t,
      ...o,
    });
    x = { t, p };
    made.set(name, x);
  }
  return x;
}

function admitted(d: Decision): Admitted {
  if (!d.allowed) throw new Error(`refused: ${d.code} ${d.reason}`);
  return d;
}

describe.each(STORES)('accountable policies on %s', (kind) => {
  let pgs: PgSchema | undefined;
  let dataDir: string;
  const opened: HookStores[] = [];
  const hooks: ComplianceHook[] = [];
  const wallet = () => new LimitWallet(alice.secret);
  let w: LimitWallet;
  const receipts: ReceiptPayload[] = [];
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'vouch-accountable-'));
    if (kind === 'postgres') pgs = await freshPgSchema('acct');
    w = wallet();
  });
  afterAll(async () => {
    for (const h of hooks) await h.close();
    for (const s of opened) await s.close();
    await pgs?.drop();
  });

  async function stores(): Promise<HookStores> {
    const s = await openHookStores({
      dataDir,
      venue: 'v1',
      logSigner,
      ...(kind === 'postgres' ? { databaseUrl: pgs!.url, schema: pgs!.schema } : { databaseUrl: '' }),
    });
    opened.push(s);
    return s;
  }
  async function hook(s: HookStores): Promise<ComplianceHook> {
    const h = await createComplianceHook({
      ...s.hookOptions,
      policies: [escrowPolicy, capPolicy, basePolicy],
      requirements: REQUIREMENTS,
      registry: await world.registry(),
      signer,
      clock: () => world.clock.now,
      venue: 'v1',
      escrowCommittee: () => current.escrow,
      allowDevArtifacts: true,
    });
    hooks.push(h);
    return h;
  }
  /** The `escrow` column of the decision rows of a nullifier. */
  async function escrowColumn(nullifier: string): Promise<unknown[]> {
    if (kind === 'sqlite') {
      const h = openDatabase({ path: databasePath(dataDir), readonly: true });
      try {
        return (
          h.sqlite.prepare('SELECT escrow FROM hook_decisions WHERE nullifier = ?').all(nullifier) as {
            escrow: unknown;
          }[]
        ).map((r) => r.escrow);
      } finally {
        h.close();
      }
    }
    const h = await pgs!.open();
    try {
      return (await h.pool.query('SELECT escrow FROM hook_decisions WHERE nullifier = $1', [nullifier])).rows.map(
        (r: { escrow: unknown }) => r.escrow,
      );
    } finally {
      await h.close();
    }
  }
  async function keep(d: Decision): Promise<Admitted> {
    const a = admitted(d);
    receipts.push(await verifyReceipt(a.receipt, [signer.publicJwk]));
    return a;
  }

  it('admits an escrow-required trade to the current committee key, keeps the ciphertext with the decision and in the receipt, and 3 of 5 members decrypt it to the credential', async () => {
    const s = await stores();
    const h = await hook(s);
    const { t, p } = await proof('escrow', 'BTC-EUR', { escrowKey: current.escrow.publicKey });
    expect(p.publicSignals).toHaveLength(17);
    const d = admitted(await h.check(t, p));
    expect(d.escrow).toMatchObject({ committeeId: current.escrow.committeeId, epoch: 2 });
    const payload = await verifyReceipt(d.receipt, [signer.publicJwk]);
    expect(payload.escrow).toEqual(d.escrow);
    // stored with the decision row
    expect(await escrowColumn(d.nullifier)).toEqual([JSON.stringify(d.escrow)]);
    // the committee (any 3 of 5) recovers the issuer's position in the set and the credential index
    const ciphertext = parseEscrowCiphertext({ c1: d.escrow!.c1, c2: d.escrow!.c2 });
    const shares = [2, 4, 5].map((j) =>
      createDecryptionShare({
        committee: current.escrow,
        member: j,
        share: current.shares[j - 1]!,
        ciphertext,
        request: 'ab'.repeat(32),
      }),
    );
    const out = combineDecryptionShares({ committee: current.escrow, ciphertext, request: 'ab'.repeat(32), shares });
    const members = (await world.registry()).members;
    const issuerIndex = members.findIndex((m) => m.publicKey.x.toString() === alice.credential.issuer.publicKey.x);
    expect(out.identity).toEqual({ issuerIndex, credentialIndex: alice.credential.credentialIndex });
    expect(await h.check(t, p)).toMatchObject({ allowed: false, code: 'NULLIFIER_REPLAYED' });
  });

  it('refuses a proof whose ciphertext is to another (a retired) committee key with ESCROW_KEY_MISMATCH, and spends nothing', async () => {
    const s = await stores();
    const h = await hook(s);
    const { t, p } = await proof('escrow-retired', 'BTC-EUR', { escrowKey: retired.escrow.publicKey });
    const d = await h.check(t, p);
    expect(d).toMatchObject({ allowed: false, code: 'ESCROW_KEY_MISMATCH' });
    expect(await s.hookOptions.store.has(BigInt(p.publicSignals[0]!))).toBe(false);
    // and without a committee the venue cannot admit under the policy at all
    const blind = await createComplianceHook({
      ...s.hookOptions,
      policies: [escrowPolicy],
      registry: await world.registry(),
      signer,
      clock: () => world.clock.now,
      venue: 'v1',
      allowDevArtifacts: true,
    });
    hooks.push(blind);
    expect(await blind.check(t, p)).toMatchObject({ allowed: false, code: 'ESCROW_COMMITTEE_UNKNOWN' });
  });

  it('accumulates trades under a monthly cap; a proof from a commitment that has moved is LIMIT_STATE_STALE and changes nothing', async () => {
    const s = await stores();
    const h = await hook(s);
    const first = await proof('cap-1', 'ETH-EUR', { wallet: w });
    const d1 = await keep(await h.check(first.t, first.p));
    expect(d1.limit).toMatchObject({ oldCommitment: '0', tradeValue: '3000000' });
    expect(w.accept(d1)).toBe(true);
    expect(w.current(BigInt(d1.limit!.periodNullifier))?.total).toBe(3_000_000n);
    // two proofs from the same state: the second one proved is admitted first
    const before = new LimitWallet(alice.secret, w.toJSON());
    const second = await proof('cap-2', 'ETH-EUR', { wallet: w });
    const stale = await proof('cap-2-stale', 'ETH-EUR', { wallet: before });
    const d2 = await keep(await h.check(second.t, second.p));
    expect(d2.limit!.oldCommitment).toBe(d1.limit!.newCommitment);
    expect(w.accept(d2)).toBe(true);
    const held = await s.hookOptions.store.limitCommitment!(BigInt(d2.limit!.periodNullifier));
    expect(held).toBe(BigInt(d2.limit!.newCommitment));
    // the replayed old commitment is refused, and nothing moved or was spent
    expect(await h.check(stale.t, stale.p)).toMatchObject({ allowed: false, code: 'LIMIT_STATE_STALE' });
    expect(await s.hookOptions.store.limitCommitment!(BigInt(d2.limit!.periodNullifier))).toBe(held);
    expect(await s.hookOptions.store.has(BigInt(stale.p.publicSignals[0]!))).toBe(false);
  });

  it('admits exactly one of two trades racing from one commitment through two hooks on one database; the other is LIMIT_STATE_STALE', async () => {
    const [sa, sb] = [await stores(), await stores()];
    const [a, b] = [await hook(sa), await hook(sb)];
    const snapshot = w.toJSON();
    const r1 = await proof('race-1', 'ETH-EUR', { wallet: new LimitWallet(alice.secret, snapshot) });
    const r2 = await proof('race-2', 'ETH-EUR', { wallet: new LimitWallet(alice.secret, snapshot) });
    const [x, y] = await Promise.all([a.submit(r1.t, r1.p), b.submit(r2.t, r2.p)]);
    const ds = [x, y];
    expect(ds.filter((d) => d.allowed)).toHaveLength(1);
    expect(ds.filter((d) => d.code === 'LIMIT_STATE_STALE')).toHaveLength(1);
    const won = await keep(ds.find((d) => d.allowed)!);
    const lost = ds.indexOf(ds.find((d) => !d.allowed)!);
    expect(await sa.hookOptions.store.has(BigInt((lost === 0 ? r1 : r2).p.publicSignals[0]!))).toBe(false);
    expect(await sa.hookOptions.store.limitCommitment!(BigInt(won.limit!.periodNullifier))).toBe(
      BigInt(won.limit!.newCommitment),
    );
    expect(w.accept(won)).toBe(true);
  });

  it('cannot prove the trade that would take the month past the cap', async () => {
    expect(w.current(BigInt(receipts[0]!.limit!.periodNullifier))?.total).toBe(9_000_000n);
    const t = trade({ market: 'ETH-EUR' });
    const err = await proveTrade({
      holder: alice,
      credential: alice.credential,
      policy: capPolicy,
      members: (await world.registry()).members,
      trade: t,
      wallet: w,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VouchError);
    expect((err as VouchError).code).toBe('CUMULATIVE_LIMIT_EXCEEDED');
  });

  it('rebuilds the holder’s limit wallet from the venue’s receipts (any order), and refuses a receipt that does not open', () => {
    const rebuilt = LimitWallet.rebuild(alice.secret, [...receipts].reverse());
    expect(rebuilt.toJSON()).toEqual(w.toJSON());
    // another holder's secret finds nothing of its own in them
    expect(LimitWallet.rebuild(alice.secret + 1n, receipts).toJSON().periods).toEqual({});
    const forged = { ...receipts[0]!, limit: { ...receipts[0]!.limit!, tradeValue: '1' } };
    const code = (() => {
      try {
        LimitWallet.rebuild(alice.secret, [forged]);
      } catch (e) {
        return (e as VouchError).code;
      }
    })();
    expect(code).toBe('LIMIT_STATE_INVALID');
  });

  it('verifies a batch mixing both circuits, each proof under its own policy’s key', async () => {
    const s = await stores();
    const h = await hook(s);
    const base = await proof('base', 'SOL-EUR');
    const esc = await proof('escrow-2', 'BTC-EUR', { escrowKey: current.escrow.publicKey });
    expect(base.p.publicSignals).toHaveLength(7);
    const ds = await h.checkBatch([
      { trade: base.t, proof: base.p },
      { trade: esc.t, proof: esc.p },
    ]);
    expect(ds.map((d) => d.allowed)).toEqual([true, true]);
    // a base-circuit proof presented under the accountable policy's market is not taken for one
    const swapped = {
      ...base.p,
      policy: { id: escrowPolicy.id, version: escrowPolicy.version, policyHash: escrowPolicy.policyHash.toString() },
    };
    expect(await h.check(base.t, swapped)).toMatchObject({ allowed: false, code: 'PROOF_MALFORMED' });
  });
});
