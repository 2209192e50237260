/**
 * Property-based tests of the hook's input surface (fast-check, fixed seed, modest run counts):
 * arbitrary JSON, proof files with random bindings, signals and points, damaged honest files and
 * random policies are thrown at check, checkBatch and openSession. Every outcome is a decision —
 * nothing throws — and a refusal carries a registered code (never INTERNAL, which would be a bug);
 * the only items ever admitted carry an honest proof's exact statement; and honest items mixed into
 * the same batch keep their verdict (admitted, or a replay of an identical statement admitted
 * earlier in that batch). Reproduce a failure with VOUCH_FUZZ_SEED; scale runs with VOUCH_FUZZ_SCALE.
 */
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CODES } from '../../src/errors/codes.js';
import {
  createComplianceHook,
  ephemeralReceiptSigner,
  MemoryNullifierStore,
  type Decision,
  type ReceiptSigner,
} from '../../src/hook/index.js';
import { compilePolicy, scopeEpoch, type CompiledPolicy } from '../../src/policy/index.js';
import { proveSession, proveTrade, type ProofFile } from '../../src/prover/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import {
  FUZZ,
  hostileProof,
  hostileTrade,
  randomPolicyDocument,
  randomProofFile,
  type HostileContext,
} from '../support/hostile-items.js';
import { makeWorld, sessionPolicy, spotPolicy, T0, trade, type World } from '../support/hook-world.js';

let world: World;
let signer: ReceiptSigner;
const spot = spotPolicy();
const perps = sessionPolicy();
let honest: { trade?: Record<string, unknown>; proof: ProofFile }[];
let ctx: HostileContext;
const internal: unknown[] = [];
const tally = { check: 0, checkBatch: 0, batchItems: 0, openSession: 0, policies: 0, admittedHonest: 0 };

beforeAll(async () => {
  world = await makeWorld();
  const alice = await world.holder();
  signer = await ephemeralReceiptSigner('fuzz');
  const members = (await world.registry()).members;
  honest = [];
  for (let k = 0; k < 2; k++) {
    const t = trade();
    honest.push({
      trade: t,
      proof: await proveTrade({ holder: alice, credential: alice.credential, policy: spot, members, trade: t }),
    });
  }
  const raw = Buffer.from(generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!, 'base64url');
  honest.push({
    proof: await proveSession({
      holder: alice,
      credential: alice.credential,
      policy: perps,
      members,
      sessionPublicKey: raw,
      venue: 'v1',
      maxOrderValue: 1_000_00n,
      now: T0,
    }),
  });
  const e = scopeEpoch(perps, T0);
  ctx = {
    honest: honest.map((h) => h.proof),
    policies: [spot, perps].map((p) => ({ id: p.id, version: p.version, policyHash: p.policyHash.toString() })),
    venue: 'v1',
    epochs: [e - 1, e, e + 1],
  };
});
afterAll(async () => {
  process.stdout.write(`hook/fuzz: ${JSON.stringify(tally)}\n`); // the closing note cites these
  await releaseCurves();
});

/** The venue requires spot for BTC-EUR and perps for *-PERP; a random policy is an alternative everywhere (so its proofs get past that check). */
async function hook(policies: CompiledPolicy[] = [spot, perps]) {
  const extra = policies.filter((p) => p !== spot && p !== perps).map((p) => p.ref);
  const requirements = [
    { market: 'BTC-EUR', policies: [spot.ref, ...extra] },
    { market: '*-PERP', policies: [perps.ref, ...extra] },
    ...(extra.length ? [{ market: '*', policies: extra }] : []),
  ];
  return createComplianceHook({
    policies,
    requirements,
    registry: await world.registry(),
    store: new MemoryNullifierStore(),
    signer,
    clock: () => world.clock.now,
    venue: 'v1',
    onInternalError: (err) => internal.push(err),
  });
}

/** Same proof and public signals as one of the honest files: the only thing that may be admitted. */
function honestStatement(proof: unknown): ProofFile | undefined {
  const p = proof as Partial<ProofFile> | null;
  return honest
    .map((h) => h.proof)
    .find(
      (h) =>
        JSON.stringify(h.proof) === JSON.stringify(p?.proof) &&
        JSON.stringify(h.publicSignals) === JSON.stringify(p?.publicSignals),
    );
}

function expectCoded(d: Decision): void {
  expect(d.allowed).toBe(false);
  expect(d.code !== undefined && d.code in CODES, `unregistered code ${d.code}`).toBe(true);
  expect(d.code).not.toBe('INTERNAL');
  expect(typeof d.receipt).toBe('string');
}

function expectDecision(d: Decision, proof: unknown): void {
  if (d.allowed) expect(honestStatement(proof), 'admitted something that is not an honest statement').toBeDefined();
  else expectCoded(d);
}

const options = (numRuns: number) => ({ seed: FUZZ.seed, numRuns: FUZZ.runs(numRuns), endOnFailure: true });

describe('fuzz: check, checkBatch and openSession answer every input with a coded decision', () => {
  it('check(trade, proof): arbitrary trades and proofs, and honest trades with hostile proofs', async () => {
    const h = await hook();
    const tradeArb = fc.oneof(
      hostileTrade('v1'),
      fc.constantFrom(...honest.flatMap((x) => (x.trade ? [x.trade] : []))),
    );
    await fc.assert(
      fc.asyncProperty(tradeArb, hostileProof(ctx), async (t, p) => {
        tally.check += 1;
        expectDecision(await h.check(t, p), p);
      }),
      options(300),
    );
    expect(internal).toEqual([]);
  });

  it('checkBatch: honest items interleaved with hostile ones keep their verdict', async () => {
    const junk = fc.array(
      fc.record({
        trade: fc.oneof(hostileTrade('v1'), fc.constantFrom(...honest.flatMap((x) => (x.trade ? [x.trade] : [])))),
        proof: hostileProof(ctx),
      }),
      { minLength: 1, maxLength: 6 },
    );
    const shuffled = fc.tuple(junk, fc.array(fc.nat(), { minLength: 8, maxLength: 8 }));
    await fc.assert(
      fc.asyncProperty(shuffled, async ([bad, keys]) => {
        const good = honest.filter((x) => x.trade).map((x) => ({ trade: x.trade, proof: x.proof, honest: true }));
        const items = [...good, ...bad.map((b) => ({ ...b, honest: false }))]
          .map((x, k) => ({ x, key: keys[k % keys.length]! + k / 100 }))
          .sort((a, b) => a.key - b.key)
          .map(({ x }) => x);
        const ds = await (await hook()).checkBatch(items);
        tally.checkBatch += 1;
        tally.batchItems += items.length;
        const admitted = new Set<string>();
        items.forEach((it, i) => {
          const d = ds[i]!;
          expectDecision(d, it.proof);
          const n = (it.proof as ProofFile | null)?.publicSignals?.[0];
          if (it.honest) {
            // admitted, or the same statement was admitted earlier in this batch
            if (!d.allowed) expect([d.code, admitted.has(n!)]).toEqual(['NULLIFIER_REPLAYED', true]);
            else tally.admittedHonest += 1;
          }
          if (d.allowed) admitted.add(n!);
        });
      }),
      options(25),
    );
    expect(internal).toEqual([]);
  });

  it('openSession: arbitrary proofs, random session bindings and damaged honest session proofs', async () => {
    await fc.assert(
      fc.asyncProperty(hostileProof(ctx), async (p) => {
        tally.openSession += 1;
        expectDecision(await (await hook()).openSession(p), p);
      }),
      options(200),
    );
    expect(internal).toEqual([]);
  });

  it('random policies: proofs naming them are refused with a code; honest items beside them are still admitted', async () => {
    await fc.assert(
      fc.asyncProperty(randomPolicyDocument, fc.context(), async (doc, log) => {
        let policy: CompiledPolicy;
        try {
          policy = compilePolicy(doc);
        } catch (err) {
          expect((err as { code?: string }).code).toBe('POLICY_INVALID');
          return;
        }
        if (policy.ref === spot.ref || policy.ref === perps.ref) return;
        tally.policies += 1;
        const own: HostileContext = {
          ...ctx,
          policies: [{ id: policy.id, version: policy.version, policyHash: policy.policyHash.toString() }],
        };
        const files = fc.sample(randomProofFile(own), { numRuns: 4, seed: FUZZ.seed + tally.policies });
        log.log(JSON.stringify(doc));
        const h = await hook([policy, spot, perps]);
        const [a] = honest;
        const ds = await h.checkBatch([a!, ...files.map((proof) => ({ trade: a!.trade, proof }))]);
        expect(ds[0]).toMatchObject({ allowed: true });
        ds.slice(1).forEach((d, k) => expectDecision(d, files[k]));
        for (const f of files) expectDecision(await h.openSession(f), f);
      }),
      options(30),
    );
    expect(internal).toEqual([]);
  });
});
