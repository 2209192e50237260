/**
 * The wasm verification engine's two batch paths (worker threads, and threads: 0 on the calling
 * thread) against verify() and snarkjs, including proofs whose B is on the twist curve but outside
 * the order-r subgroup: those must be refused with POINT_INVALID by every path, without failing
 * the honest proofs batched with them. The per-chunk wasm job is also checked directly against
 * ffjavascript: its Miller-loop product, its sum r_i C_i and its subgroup flags.
 */
import { buildBn128 } from 'ffjavascript';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BASE_MODULUS, FIELD_MODULUS, policyVerifier, releaseCurves, type PolicyVerifier } from '../../src/zk/index.js';
import { chunkInput, readChunk, runChunk } from '../../src/zk/engine/batch-chunk.js';
import { Engine } from '../../src/zk/engine/engine.js';
import { sharedProofs, type SharedProof } from '../support/shared-proofs.js';
import { G2_COFACTOR_PRIMES, randomTwistPoint, torsionPoint } from '../support/twist.js';

let verifier: PolicyVerifier;
let honest: SharedProof[];
let curve: any;

beforeAll(async () => {
  verifier = await policyVerifier();
  honest = sharedProofs();
  curve = await buildBn128(true);
});
afterAll(releaseCurves);

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;
const rand = () => globalThis.crypto.getRandomValues(new Uint8Array(32)).reduce((v, x) => (v << 8n) | BigInt(x), 0n);
/** The same proof with B moved off the subgroup by a point of order 10069 (still on the curve). */
function withTorsionB(p: SharedProof): SharedProof {
  const { G2 } = curve;
  const b = G2.fromObject(p.proof.pi_b.map((c) => c.map(BigInt)));
  const moved = G2.toObject(G2.toAffine(G2.add(b, torsionPoint(curve, 10069n)))) as bigint[][];
  const q = clone(p);
  q.proof.pi_b = moved.map((c) => c.map(String));
  return q;
}

const items = (ps: SharedProof[]) => ps.map((p) => ({ proof: p.proof, publicSignals: p.publicSignals }));

describe('verification engine', () => {
  it('verifies an honest batch the same on worker threads and on the calling thread', async () => {
    const batch = items([...honest, ...honest, ...honest]);
    const valid = batch.map(() => ({ valid: true }));
    expect(await verifier.verifyBatch(batch)).toEqual(valid);
    expect(await verifier.verifyBatch(batch, { threads: 0 })).toEqual(valid);
    expect(await verifier.verifyBatch(batch, { threads: 1 })).toEqual(valid);
  });

  it('refuses a B outside the subgroup with POINT_INVALID, singly and in batches, and snarkjs refuses it too', async () => {
    const bad = withTorsionB(honest[0]!);
    expect(verifier.verify(bad.proof, bad.publicSignals)).toEqual({ valid: false, code: 'POINT_INVALID' });
    expect(await snarkjs.groth16.verify(clone(verifier.vkey), bad.publicSignals, bad.proof)).toBe(false);
    const batch = items([...honest, bad, ...honest]);
    const expected = batch.map((_, i) =>
      i === honest.length ? { valid: false, code: 'POINT_INVALID' } : { valid: true },
    );
    expect(await verifier.verifyBatch(batch)).toEqual(expected);
    expect(await verifier.verifyBatch(batch, { threads: 0 })).toEqual(expected);
  });

  it('isolates a changed public signal on the calling thread as on workers', async () => {
    const batch = items([...honest, ...honest]).map(clone);
    batch[3]!.publicSignals[5] = (BigInt(batch[3]!.publicSignals[5]!) + 1n).toString();
    for (const threads of [0, undefined]) {
      const res = await verifier.verifyBatch(batch, threads === undefined ? {} : { threads });
      expect(res.map((r, i) => (r.valid ? -1 : i)).filter((i) => i >= 0)).toEqual([3]);
      expect(res[3]).toEqual({ valid: false, code: 'PROOF_INVALID' });
    }
  });

  it('rejects a threads option that is not a non-negative integer', async () => {
    await expect(verifier.verifyBatch(items(honest), { threads: -1 })).rejects.toBeInstanceOf(RangeError);
    await expect(verifier.verifyBatch(items(honest), { threads: 1.5 })).rejects.toBeInstanceOf(RangeError);
  });
});

describe('batch chunk (vouch_batchChunk) against ffjavascript', () => {
  const g1 = () => curve.G1.toAffine(curve.G1.timesScalar(curve.G1.g, rand() % FIELD_MODULUS));
  const g2 = () => curve.G2.toAffine(curve.G2.timesScalar(curve.G2.g, rand() % FIELD_MODULUS));
  const r128 = () => (rand() >> 128n) | 1n;

  it('computes prod ML(r_i A_i, B_i) (equal after the final exponentiation) and sum r_i C_i', () => {
    const proofs = Array.from({ length: 6 }, () => ({ a: g1(), b: g2(), c: g1() }));
    const r = proofs.map(r128);
    const out = readChunk(runChunk(new Engine(), chunkInput(proofs, r), proofs.length), proofs.length);
    const { G1, G2 } = curve;
    let ml = curve.Gt.one;
    let sumC = G1.zero;
    proofs.forEach((p, i) => {
      ml = curve.Gt.mul(
        ml,
        curve.millerLoop(curve.prepareG1(G1.timesScalar(p.a, r[i])), curve.prepareG2(G2.toJacobian(p.b))),
      );
      sumC = G1.add(sumC, G1.timesScalar(p.c, r[i]));
    });
    expect(curve.Gt.eq(curve.finalExponentiation(out.millerLoop), curve.finalExponentiation(ml))).toBe(true);
    expect(G1.eq(out.sumC, sumC)).toBe(true);
    expect(out.badSubgroup).toEqual([]);
  });

  it('flags exactly the B that are outside G2: plus a point of each prime order dividing h, small-order points alone, random twist points', () => {
    const bad: Uint8Array[] = [
      ...G2_COFACTOR_PRIMES.map((l) => curve.G2.toAffine(curve.G2.add(g2(), torsionPoint(curve, l)))),
      // alone, the two smallest orders make the loop's affine formulas degenerate (T = +-Q)
      curve.G2.toAffine(torsionPoint(curve, 10069n)),
      curve.G2.toAffine(torsionPoint(curve, 5864401n)),
      ...Array.from({ length: 6 }, () => randomTwistPoint(curve)),
    ];
    const proofs = Array.from({ length: 2 * bad.length + 1 }, () => ({ a: g1(), b: g2(), c: g1() }));
    bad.forEach((b, k) => (proofs[2 * k + 1]!.b = b));
    const out = readChunk(runChunk(new Engine(), chunkInput(proofs, proofs.map(r128)), proofs.length), proofs.length);
    expect(out.badSubgroup).toEqual(bad.map((_, k) => 2 * k + 1));
  });
});
