/**
 * Replays cost no pairing (issue 19, finding 9): the nullifier is a public signal, so the hook
 * refuses a spent one before Groth16 — a batch of copies (and re-randomized copies) of a spent
 * proof hands nothing to the verifier — while spending still happens only after verification: a
 * junk proof carrying an unspent nullifier spends nothing, and cannot make the honest proof with
 * that nullifier lose, even ahead of it in the same batch. Counted with a wrapped real verifier.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createComplianceHook,
  ephemeralReceiptSigner,
  MemoryNullifierStore,
  type ReceiptSigner,
} from '../../src/hook/index.js';
import { proveTrade, type ProofFile } from '../../src/prover/index.js';
import { releaseCurves, type Groth16ProofJson } from '../../src/zk/index.js';
import { countingVerifier, type CountingVerifier } from '../support/counting-verifier.js';
import { makeWorld, spotPolicy, trade, type Holder, type World } from '../support/hook-world.js';
import { rerandomize } from '../support/rerandomize.js';

let world: World;
let alice: Holder;
let signer: ReceiptSigner;
let counter: CountingVerifier;
const policy = spotPolicy();
let t1: Record<string, unknown>;
let p1: ProofFile;

beforeAll(async () => {
  world = await makeWorld();
  alice = await world.holder();
  signer = await ephemeralReceiptSigner('venue-v1');
  counter = await countingVerifier();
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

async function hook(store = new MemoryNullifierStore(), queue?: { maxItems: number; maxWaitMs: number }) {
  return createComplianceHook({
    policies: [policy],
    registry: await world.registry(),
    store,
    signer,
    clock: () => world.clock.now,
    venue: 'v1',
    verifier: counter.verifier,
    ...(queue ? { queue } : {}),
  });
}

/** p1's statement with a proof that does not verify (A and C swapped: valid points, wrong proof). */
function junkWithP1sNullifier(): ProofFile {
  const j = structuredClone(p1);
  [j.proof.pi_a, j.proof.pi_c] = [j.proof.pi_c, j.proof.pi_a];
  return j;
}

describe('spent nullifiers are refused before Groth16', () => {
  it('answers 64 copies and 4 re-randomized copies of a spent proof NULLIFIER_REPLAYED with no item verified', async () => {
    const h = await hook();
    counter.reset();
    expect(await h.check(t1, p1)).toMatchObject({ allowed: true });
    expect(counter.items).toBe(1);
    const rer: ProofFile[] = [];
    for (let k = 0; k < 4; k++)
      rer.push({
        ...structuredClone(p1),
        proof: { ...(await rerandomize(p1.proof as Groth16ProofJson)), protocol: 'groth16', curve: 'bn128' },
      });
    counter.reset();
    const ds = await h.checkBatch([
      ...Array.from({ length: 64 }, () => ({ trade: t1, proof: p1 })),
      ...rer.map((proof) => ({ trade: t1, proof })),
    ]);
    expect(new Set(ds.map((d) => d.code))).toEqual(new Set(['NULLIFIER_REPLAYED']));
    expect(counter.items).toBe(0);
    // through the micro-batching queue too
    const queued = await Promise.all(Array.from({ length: 32 }, () => h.submit(t1, p1)));
    expect(queued.every((d) => d.code === 'NULLIFIER_REPLAYED')).toBe(true);
    expect(counter.items).toBe(0);
    await h.close();
  });

  it('verifies one of 32 copies of an unspent proof in one batch: the first is admitted, the rest are replays', async () => {
    const h = await hook();
    counter.reset();
    const ds = await h.checkBatch(Array.from({ length: 32 }, () => ({ trade: t1, proof: p1 })));
    expect(ds.map((d) => d.code ?? 'ADMITTED')).toEqual([
      'ADMITTED',
      ...Array.from({ length: 31 }, () => 'NULLIFIER_REPLAYED'),
    ]);
    expect(counter.items).toBe(1);
  });

  it('claims only after verification: a junk proof with an unspent nullifier spends nothing, even ahead of the honest one in a batch', async () => {
    const store = new MemoryNullifierStore();
    const h = await hook(store);
    expect(await h.check(t1, junkWithP1sNullifier())).toMatchObject({ allowed: false, code: 'PROOF_INVALID' });
    expect(store.has(BigInt(p1.publicSignals[0]!))).toBe(false);
    counter.reset();
    const ds = await h.checkBatch([
      { trade: t1, proof: junkWithP1sNullifier() },
      { trade: t1, proof: junkWithP1sNullifier() },
      { trade: t1, proof: p1 },
      { trade: t1, proof: p1 },
    ]);
    expect(ds.map((d) => d.code ?? 'ADMITTED')).toEqual([
      'PROOF_INVALID',
      'PROOF_INVALID',
      'ADMITTED',
      'NULLIFIER_REPLAYED',
    ]);
    expect(counter.items).toBe(3); // each junk copy and the honest proof once; the honest copy after it costs nothing
  });
});
