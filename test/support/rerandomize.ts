/**
 * Groth16 proof re-randomization (anyone can do it without the witness): for random r, s,
 *   A' = r⁻¹·A,  B' = r·B + r·s·δ,  C' = C + s·A
 * gives a different, equally valid proof of the same statement. Replay protection must therefore
 * never key on proof bytes.
 */
import { readFileSync } from 'node:fs';
import {
  FIELD_MODULUS,
  ensureArtifacts,
  getCurve,
  randomFieldElement,
  type Groth16ProofJson,
} from '../../src/zk/index.js';

export async function rerandomize(proof: Groth16ProofJson): Promise<Groth16ProofJson> {
  const curve = await getCurve();
  const { files } = await ensureArtifacts({ build: false });
  const vk = JSON.parse(readFileSync(files.vkey, 'utf8')) as { vk_delta_2: string[][] };
  const { G1, G2, Fr } = curve;
  const r = randomFieldElement() || 1n;
  const s = randomFieldElement();
  const rInv = BigInt(Fr.toObject(Fr.inv(Fr.e(r)))) % FIELD_MODULUS;
  const A = G1.fromObject(proof.pi_a.map(BigInt));
  const B = G2.fromObject(proof.pi_b.map((c) => c.map(BigInt)));
  const C = G1.fromObject(proof.pi_c.map(BigInt));
  const delta = G2.fromObject(vk.vk_delta_2.map((c) => c.map(BigInt)));
  const A2 = G1.timesScalar(A, rInv);
  const B2 = G2.add(G2.timesScalar(B, r), G2.timesScalar(delta, (r * s) % FIELD_MODULUS));
  const C2 = G1.add(C, G1.timesScalar(A, s));
  const g1 = (p: Uint8Array) => G1.toObject(G1.toAffine(p)).map((x: bigint) => x.toString());
  const g2 = (p: Uint8Array) => G2.toObject(G2.toAffine(p)).map((c: bigint[]) => c.map((x) => x.toString()));
  return { pi_a: g1(A2), pi_b: g2(B2), pi_c: g1(C2), protocol: 'groth16', curve: 'bn128' };
}
