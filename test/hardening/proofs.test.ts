/**
 * Hardening: tampered Groth16 proofs are never admitted. Every coordinate of pi_a, pi_b and pi_c is
 * changed (+1, -1, bit flips, another proof's coordinate, non-canonical aliases, non-decimal
 * strings), points are moved off the curve, to the identity, to the wrong G2 subgroup (real twist
 * points with [r]P != O, and honest B plus a cofactor-torsion point), public signals are swapped
 * pairwise and pushed out of the field — and verify(), verifyBatch() and the hook (with a real
 * trade proof) refuse each with its code. Re-randomized proofs are valid proofs of the same
 * statement: they verify, and through the hook one of an admitted trade is a replay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODES } from '../../src/errors/codes.js';
import {
  createComplianceHook,
  ephemeralReceiptSigner,
  MemoryNullifierStore,
  type ReceiptSigner,
} from '../../src/hook/index.js';
import { proveTrade, type ProofFile } from '../../src/prover/index.js';
import {
  getCurve,
  policyVerifier,
  releaseCurves,
  type Groth16ProofJson,
  type PolicyVerifier,
} from '../../src/zk/index.js';
import { makeWorld, spotPolicy, trade, type Holder, type World } from '../support/hook-world.js';
import { rerandomize } from '../support/rerandomize.js';
import { sharedProofs, type SharedProof } from '../support/shared-proofs.js';
import { proofMutations, type Mutation } from './support/proof-mutations.js';
import { inSubgroup, withTorsion, wrongSubgroupPoints } from './support/twist-points.js';

/** Mutations per honest proof (proof-mutations.ts); pinned so a silent shrink of the suite fails. */
const MUTATIONS_PER_PROOF = 477;

let curve: any;
let verifier: PolicyVerifier;
let honest: SharedProof[];
const tried = { verify: 0, batch: 0, hook: 0, rerandomized: 0 };

beforeAll(async () => {
  curve = await getCurve();
  verifier = await policyVerifier();
  honest = sharedProofs();
});
afterAll(async () => {
  // the closing note cites these
  process.stdout.write(`hardening/proofs: ${JSON.stringify(tried)}\n`);
  await releaseCurves();
});

const failures = (ms: readonly Mutation[], verdicts: readonly { valid: boolean; code?: string }[]) =>
  ms.flatMap((m, i) =>
    verdicts[i]!.valid || verdicts[i]!.code !== m.code ? [{ name: m.name, want: m.code, got: verdicts[i] }] : [],
  );

describe('wrong-subgroup G2 points (test fixture check)', () => {
  it('builds points on the twist outside the order-r subgroup, while honest B is inside it', () => {
    expect(inSubgroup(curve, honest[0]!.proof.pi_b as never)).toBe(true);
    const pts = [...wrongSubgroupPoints(curve, 2), ...withTorsion(curve, honest[0]!.proof.pi_b as never, 1)];
    for (const p of pts) {
      expect(curve.G2.isValid(curve.G2.fromObject(p.map((c) => c.map(BigInt))))).toBe(true);
      expect(inSubgroup(curve, p)).toBe(false);
    }
  });
});

describe('verify() and verifyBatch() refuse every tampered proof', () => {
  let all: Mutation[];

  beforeAll(() => {
    all = [
      ...proofMutations({ curve, honest: honest[0]!, other: honest[1]! }),
      ...proofMutations({ curve, honest: honest[2]!, other: honest[3]! }),
    ];
  });

  it(`tries ${MUTATIONS_PER_PROOF} mutations of each of two honest proofs`, () => {
    expect(all.length).toBe(2 * MUTATIONS_PER_PROOF);
    expect(new Set(all.slice(0, MUTATIONS_PER_PROOF).map((m) => m.name)).size).toBe(MUTATIONS_PER_PROOF);
  });

  it('verify() refuses each with its code (POINT_INVALID, PROOF_INVALID, SIGNAL_NOT_CANONICAL, SIGNAL_OUT_OF_RANGE, PROOF_MALFORMED)', () => {
    for (const p of honest) expect(verifier.verify(p.proof, p.publicSignals)).toEqual({ valid: true });
    const verdicts = all.map((m) => verifier.verify(m.proof, m.publicSignals));
    tried.verify += all.length;
    expect(failures(all, verdicts)).toEqual([]);
    // every class is exercised, not just the cheap parse failures
    const codes = new Set(all.map((m) => m.code));
    expect([...codes].sort()).toEqual([
      'POINT_INVALID',
      'PROOF_INVALID',
      'PROOF_MALFORMED',
      'SIGNAL_NOT_CANONICAL',
      'SIGNAL_OUT_OF_RANGE',
    ]);
    expect(all.filter((m) => m.code === 'PROOF_INVALID').length).toBeGreaterThan(60);
  });

  it('verifyBatch() (worker threads) gives each the same verdict, with honest proofs interleaved still valid', async () => {
    const items = [...honest.map((p) => ({ proof: p.proof, publicSignals: p.publicSignals })), ...all];
    const verdicts = await verifier.verifyBatch(items);
    tried.batch += all.length;
    expect(verdicts.slice(0, honest.length)).toEqual(honest.map(() => ({ valid: true })));
    expect(failures(all, verdicts.slice(honest.length))).toEqual([]);
  });

  it('verifyBatch() on the calling thread (threads: 0) agrees, on the mutations that reach the pairing', async () => {
    // Parse failures are settled before any pairing; the interesting part is the combined check.
    const pairing = all.filter(
      (m) => m.code === 'PROOF_INVALID' || m.name.includes('r-subgroup') || m.name.includes('torsion'),
    );
    const verdicts = await verifier.verifyBatch([...pairing, ...honest], { threads: 0 });
    tried.batch += pairing.length;
    expect(failures(pairing, verdicts)).toEqual([]);
    expect(verdicts.slice(pairing.length).every((v) => v.valid)).toBe(true);
  });
});

describe('re-randomized proofs are valid proofs of the same statement', () => {
  it('verify and verifyBatch accept them; each differs from the original; changing a signal still breaks them', async () => {
    const rer: { proof: Groth16ProofJson; publicSignals: string[] }[] = [];
    for (const p of honest) {
      for (let k = 0; k < 2; k++) rer.push({ proof: await rerandomize(p.proof), publicSignals: p.publicSignals });
    }
    tried.rerandomized += rer.length;
    for (const [i, r] of rer.entries()) {
      const original = honest[i >> 1]!.proof;
      expect(r.proof.pi_a).not.toEqual(original.pi_a);
      expect(r.proof.pi_b).not.toEqual(original.pi_b);
      expect(r.proof.pi_c).not.toEqual(original.pi_c);
      expect(verifier.verify(r.proof, r.publicSignals)).toEqual({ valid: true });
    }
    expect(rer[0]!.proof.pi_a).not.toEqual(rer[1]!.proof.pi_a);
    expect(await verifier.verifyBatch(rer)).toEqual(rer.map(() => ({ valid: true })));
    const bent = rer.map((r, i) => ({
      proof: r.proof,
      publicSignals: r.publicSignals.map((s, j) =>
        j === i % r.publicSignals.length ? (BigInt(s) ^ 1n).toString() : s,
      ),
    }));
    expect(await verifier.verifyBatch(bent)).toEqual(bent.map(() => ({ valid: false, code: 'PROOF_INVALID' })));
  });
});

describe('through the hook, with a real trade proof', () => {
  let world: World;
  let alice: Holder;
  let signer: ReceiptSigner;
  const policy = spotPolicy();
  let t1: Record<string, unknown>;
  let p1: ProofFile;

  beforeAll(async () => {
    world = await makeWorld();
    alice = await world.holder();
    signer = await ephemeralReceiptSigner('hardening');
    t1 = trade();
    p1 = await proveTrade({
      holder: alice,
      credential: alice.credential,
      policy,
      members: (await world.registry()).members,
      trade: t1,
    });
  });

  async function hook(store = new MemoryNullifierStore()) {
    return createComplianceHook({
      policies: [policy],
      registry: await world.registry(),
      store,
      signer,
      clock: () => world.clock.now,
      venue: 'v1',
    });
  }

  it('refuses every mutation of an admissible trade proof with a code, spends nothing, then admits the honest proof', async () => {
    const ms = proofMutations({
      curve,
      honest: { proof: p1.proof as Groth16ProofJson, publicSignals: p1.publicSignals },
      other: honest[0]!,
    });
    expect(ms.length).toBe(MUTATIONS_PER_PROOF);
    const store = new MemoryNullifierStore();
    const h = await hook(store);
    const files = ms.map((m) => ({ ...structuredClone(p1), proof: m.proof, publicSignals: m.publicSignals }));
    const decisions = await h.checkBatch(files.map((proof) => ({ trade: t1, proof })));
    tried.hook += ms.length;
    expect(ms.filter((_, i) => decisions[i]!.allowed).map((m) => m.name)).toEqual([]);
    const signalsIntact = (m: Mutation) => JSON.stringify(m.publicSignals) === JSON.stringify(p1.publicSignals);
    // proof-only mutations get exactly verify()'s code; signal mutations may be caught earlier
    // (policy hash, trade binding, issuer-set root, clock), always with a registered code
    const wrong = ms.flatMap((m, i) => {
      const code = decisions[i]!.code;
      const ok =
        code !== undefined && code in CODES && code !== 'NULLIFIER_REPLAYED' && (!signalsIntact(m) || code === m.code);
      return ok ? [] : [{ name: m.name, want: m.code, got: code }];
    });
    expect(wrong).toEqual([]);
    expect(store.has(BigInt(p1.publicSignals[0]!))).toBe(false);
    expect(await h.check(t1, p1)).toMatchObject({ allowed: true });
    await h.close();
  });

  it('answers NULLIFIER_REPLAYED to re-randomized proofs of an admitted trade, though each alone is admissible', async () => {
    const rer: ProofFile[] = [];
    for (let k = 0; k < 3; k++)
      rer.push({
        ...structuredClone(p1),
        proof: { ...(await rerandomize(p1.proof as Groth16ProofJson)), protocol: 'groth16', curve: 'bn128' },
      });
    tried.rerandomized += rer.length;
    for (const r of rer) expect(verifier.verify(r.proof, r.publicSignals)).toEqual({ valid: true });

    const h = await hook();
    expect(await h.check(t1, p1)).toMatchObject({ allowed: true });
    for (const r of rer) expect(await h.check(t1, r)).toMatchObject({ allowed: false, code: 'NULLIFIER_REPLAYED' });
    const batch = await h.checkBatch(rer.map((proof) => ({ trade: t1, proof })));
    expect(batch.map((d) => d.code)).toEqual(rer.map(() => 'NULLIFIER_REPLAYED'));

    // the other way round: a fresh venue admits one re-randomized proof, then refuses the original
    const fresh = await hook();
    expect(await fresh.check(t1, rer[0]!)).toMatchObject({ allowed: true });
    expect(await fresh.check(t1, p1)).toMatchObject({ allowed: false, code: 'NULLIFIER_REPLAYED' });
    await Promise.all([h.close(), fresh.close()]);
  });
});
