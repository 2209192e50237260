/**
 * verify() and verifyBatch() against snarkjs.groth16.verify on the same honest and tampered
 * proofs: the verdicts must be identical (differential), and every change to a public signal of
 * an honest proof (policyHash, tradeHash, tradeValue, scope, ...) must make it fail.
 */
import { readFileSync } from 'node:fs';
import * as snarkjs from 'snarkjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FIELD_MODULUS,
  PUBLIC_SIGNAL_NAMES,
  ensureArtifacts,
  policyVerifier,
  releaseCurves,
  type PolicyVerifier,
  type VerifyingKeyJson,
} from '../../src/zk/index.js';
import { sharedProofs, type SharedProof } from '../support/shared-proofs.js';

let verifier: PolicyVerifier;
let vkey: VerifyingKeyJson;
let honest: SharedProof[];

beforeAll(async () => {
  const a = await ensureArtifacts({ build: false });
  vkey = JSON.parse(readFileSync(a.files.vkey, 'utf8')) as VerifyingKeyJson;
  verifier = await policyVerifier();
  honest = sharedProofs();
});
afterAll(releaseCurves);

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function flipBit(decimal: string, bit: number): string {
  return (BigInt(decimal) ^ (1n << BigInt(bit))).toString();
}

/** Tampered variants: one bit flip in every coordinate, swapped signals, signal + r. */
function tamperings(p: SharedProof): [string, SharedProof][] {
  const out: [string, SharedProof][] = [];
  const coords: [string, (q: SharedProof) => string[]][] = [
    ['pi_a', (q) => q.proof.pi_a],
    ['pi_b[0]', (q) => q.proof.pi_b[0]!],
    ['pi_b[1]', (q) => q.proof.pi_b[1]!],
    ['pi_c', (q) => q.proof.pi_c],
  ];
  for (const [name, get] of coords) {
    for (let k = 0; k < 2; k++) {
      for (const bit of [0, 77, 200]) {
        const q = clone(p);
        const arr = get(q);
        arr[k] = flipBit(arr[k]!, bit);
        out.push([`${name}[${k}] bit ${bit}`, q]);
      }
    }
  }
  for (let i = 0; i < p.publicSignals.length; i++) {
    const q = clone(p);
    q.publicSignals[i] = flipBit(q.publicSignals[i]!, 0);
    out.push([`${PUBLIC_SIGNAL_NAMES[i]} bit 0`, q]);
    const r = clone(p);
    r.publicSignals[i] = (BigInt(r.publicSignals[i]!) + FIELD_MODULUS).toString();
    out.push([`${PUBLIC_SIGNAL_NAMES[i]} + r`, r]);
  }
  const s = clone(p);
  [s.publicSignals[3], s.publicSignals[4]] = [s.publicSignals[4]!, s.publicSignals[3]!];
  out.push(['policyHash and tradeHash swapped', s]);
  const b = clone(p);
  b.proof.pi_b = [
    [b.proof.pi_b[0]![1]!, b.proof.pi_b[0]![0]!],
    [b.proof.pi_b[1]![1]!, b.proof.pi_b[1]![0]!],
    b.proof.pi_b[2]!,
  ];
  out.push(['pi_b coordinates swapped (Solidity order)', b]);
  return out;
}

describe('verify', () => {
  it('accepts every honest proof', () => {
    for (const p of honest) expect(verifier.verify(p.proof, p.publicSignals)).toEqual({ valid: true });
  });

  for (const [i, name] of PUBLIC_SIGNAL_NAMES.entries()) {
    it(`refuses an honest proof whose ${name} was changed`, () => {
      const p = clone(honest[0]!);
      p.publicSignals[i] = (BigInt(p.publicSignals[i]!) + 1n).toString();
      expect(verifier.verify(p.proof, p.publicSignals)).toEqual({ valid: false, code: 'PROOF_INVALID' });
    });
  }

  it('refuses a public signal >= r with SIGNAL_NOT_CANONICAL (no aliasing, CVE-2023-33252 class)', () => {
    const p = clone(honest[0]!);
    p.publicSignals[4] = (BigInt(p.publicSignals[4]!) + FIELD_MODULUS).toString();
    expect(verifier.verify(p.proof, p.publicSignals).code).toBe('SIGNAL_NOT_CANONICAL');
  });

  for (const name of ['now', 'tradeValue'] as const) {
    it(`refuses ${name} at 2^64, at 2^64 + its value and at r − 1 with SIGNAL_OUT_OF_RANGE, in verify and verifyBatch (the circuit's Num2Bits(64) bound)`, async () => {
      const i = PUBLIC_SIGNAL_NAMES.indexOf(name);
      const x = BigInt(honest[0]!.publicSignals[i]!);
      const bad = [1n << 64n, (1n << 64n) + x, FIELD_MODULUS - 1n].map((v) => {
        const p = clone(honest[0]!);
        p.publicSignals[i] = v.toString();
        return p;
      });
      for (const p of bad)
        expect(verifier.verify(p.proof, p.publicSignals)).toEqual({ valid: false, code: 'SIGNAL_OUT_OF_RANGE' });
      const res = await verifier.verifyBatch(
        [...bad, ...honest].map((p) => ({ proof: p.proof, publicSignals: p.publicSignals })),
      );
      expect(res).toEqual([
        ...bad.map(() => ({ valid: false, code: 'SIGNAL_OUT_OF_RANGE' })),
        ...honest.map(() => ({ valid: true })),
      ]);
      // the largest legal value is still only refused by the pairing (it is not this proof's statement)
      const edge = clone(honest[0]!);
      edge.publicSignals[i] = ((1n << 64n) - 1n).toString();
      expect(verifier.verify(edge.proof, edge.publicSignals)).toEqual({ valid: false, code: 'PROOF_INVALID' });
    });
  }

  it('refuses malformed proofs with PROOF_MALFORMED', () => {
    const p = honest[0]!;
    expect(verifier.verify({ ...p.proof, pi_a: ['1', '2'] }, p.publicSignals).code).toBe('PROOF_MALFORMED');
    expect(verifier.verify({ ...p.proof, pi_c: [1, 2, 1] }, p.publicSignals).code).toBe('PROOF_MALFORMED');
    expect(verifier.verify(null, p.publicSignals).code).toBe('PROOF_MALFORMED');
    expect(verifier.verify(p.proof, p.publicSignals.slice(1)).code).toBe('PROOF_MALFORMED');
  });

  it('refuses off-curve points and the identity with POINT_INVALID', () => {
    const p = clone(honest[0]!);
    p.proof.pi_a[1] = flipBit(p.proof.pi_a[1]!, 3);
    expect(verifier.verify(p.proof, p.publicSignals).code).toBe('POINT_INVALID');
    const q = clone(honest[0]!);
    q.proof.pi_c = ['0', '1', '0'];
    expect(verifier.verify(q.proof, q.publicSignals).code).toBe('POINT_INVALID');
  });
});

describe('differential: verify and verifyBatch agree with snarkjs.groth16.verify', () => {
  it('gives identical verdicts on honest and tampered proofs', async () => {
    const cases: [string, SharedProof][] = honest.map((p, i) => [`honest ${i}`, p] as [string, SharedProof]);
    cases.push(...tamperings(honest[0]!), ...tamperings(honest[1]!));
    const ours = cases.map(([, p]) => verifier.verify(p.proof, p.publicSignals).valid);
    const batch = (
      await verifier.verifyBatch(cases.map(([, p]) => ({ proof: p.proof, publicSignals: p.publicSignals })))
    ).map((r) => r.valid);
    const reference: boolean[] = [];
    for (const [, p] of cases) {
      let ok: boolean;
      try {
        ok = await snarkjs.groth16.verify(vkey, p.publicSignals, p.proof);
      } catch {
        ok = false;
      }
      reference.push(ok);
    }
    const table = cases.map(([name], i) => ({ name, snarkjs: reference[i], verify: ours[i], batch: batch[i] }));
    expect(table.filter((r) => r.snarkjs !== r.verify || r.snarkjs !== r.batch)).toEqual([]);
    expect(reference.filter(Boolean).length).toBe(honest.length);
    expect(cases.length).toBeGreaterThan(80);
  });
});

describe('verifyBatch', () => {
  it('accepts a batch of honest proofs', async () => {
    const items = honest.map((p) => ({ proof: p.proof, publicSignals: p.publicSignals }));
    expect(await verifier.verifyBatch(items)).toEqual(items.map(() => ({ valid: true })));
  });

  it('isolates one invalid proof among honest ones without failing them', async () => {
    const items = [...honest, ...honest, ...honest].map((p) =>
      clone({ proof: p.proof, publicSignals: p.publicSignals }),
    );
    items[5]!.publicSignals[4] = (BigInt(items[5]!.publicSignals[4]!) + 1n).toString();
    items[9]!.publicSignals[0] = (BigInt(items[9]!.publicSignals[0]!) + 1n).toString();
    const res = await verifier.verifyBatch(items);
    expect(res.map((r, i) => (r.valid ? -1 : i)).filter((i) => i >= 0)).toEqual([5, 9]);
    expect(res[5]!.code).toBe('PROOF_INVALID');
  });

  it('settles malformed items individually and verifies the rest', async () => {
    const items: { proof: unknown; publicSignals: unknown }[] = honest.map((p) => ({
      proof: p.proof,
      publicSignals: p.publicSignals,
    }));
    items.push({ proof: { pi_a: 'x' }, publicSignals: honest[0]!.publicSignals });
    const res = await verifier.verifyBatch(items);
    expect(res.slice(0, honest.length).every((r) => r.valid)).toBe(true);
    expect(res[honest.length]).toEqual({ valid: false, code: 'PROOF_MALFORMED' });
  });

  it('refuses the same proof presented with another proof’s signals', async () => {
    const [a, b] = honest;
    const res = await verifier.verifyBatch([
      { proof: a!.proof, publicSignals: b!.publicSignals },
      { proof: b!.proof, publicSignals: a!.publicSignals },
    ]);
    expect(res.map((r) => r.valid)).toEqual([false, false]);
  });
});
