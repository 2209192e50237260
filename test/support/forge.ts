/**
 * Forges Groth16 proofs under the dev ceremony's key with its public toxic waste (alpha, beta,
 * delta recomputed from the beacon): no witness, no credential, any public signals. With
 * gamma = G2 (snarkjs' setup), A = (alpha*beta + delta)*G1 + L, B = G2, C = G1 satisfies
 *   e(A, B) = e(alpha, beta) * e(L, gamma) * e(C, delta),  L = IC_0 + sum x_i IC_i.
 * This is why dev artifacts are refused outside development mode.
 */
import { readFileSync } from 'node:fs';
import { COMMITTED_MANIFEST } from '../../src/zk/artifacts/manifest.js';
import { devTrapdoor } from '../../src/zk/artifacts/dev-ceremony.js';
import { canonicalTrade, nullifierScope, type CompiledPolicy } from '../../src/policy/index.js';
import type { ProofFile } from '../../src/prover/proof-file.js';
import {
  getCurve,
  PUBLIC_SIGNAL_NAMES,
  randomFieldElement,
  type Groth16ProofJson,
  type PublicSignalName,
  type VerifyingKeyJson,
} from '../../src/zk/index.js';

export function committedDevVkey(): VerifyingKeyJson {
  return JSON.parse(
    readFileSync(COMMITTED_MANIFEST.replace(/manifest\.json$/, 'policy.vkey.json'), 'utf8'),
  ) as VerifyingKeyJson;
}

export async function forgeProof(vk: VerifyingKeyJson, publicSignals: readonly bigint[]): Promise<Groth16ProofJson> {
  const curve = await getCurve();
  const { G1, G2, Fr } = curve;
  const t = await devTrapdoor();
  const point = (c: string[]) => G1.fromObject(c.map((x) => BigInt(x)));
  let l = point(vk.IC[0]!);
  publicSignals.forEach((x, i) => (l = G1.add(l, G1.timesScalar(point(vk.IC[i + 1]!), x))));
  const a = G1.add(G1.timesFr(G1.g, Fr.add(Fr.mul(t.alpha, t.beta), t.delta)), l);
  const g1 = (p: unknown) => (G1.toObject(G1.toAffine(p)) as bigint[]).map(String);
  const g2 = (p: unknown) => (G2.toObject(G2.toAffine(p)) as bigint[][]).map((c) => c.map(String));
  return { pi_a: g1(a), pi_b: g2(G2.g), pi_c: g1(G1.g), protocol: 'groth16', curve: 'bn128' } as Groth16ProofJson;
}

/** A complete proof.json for `trade` under `policy`, forged: the holder has no credential at all. */
export async function forgeProofFile(o: {
  vk: VerifyingKeyJson;
  policy: CompiledPolicy;
  trade: unknown;
  issuerSetRoot: bigint;
  now: number;
}): Promise<ProofFile> {
  const t = canonicalTrade(o.trade);
  const signals: Record<PublicSignalName, bigint> = {
    nullifier: randomFieldElement(),
    issuerSetRoot: o.issuerSetRoot,
    now: BigInt(o.now),
    policyHash: o.policy.policyHash,
    tradeHash: t.tradeHash,
    tradeValue: t.tradeValue,
    scope: nullifierScope(o.policy, t),
  };
  const publicSignals = PUBLIC_SIGNAL_NAMES.map((n) => signals[n]);
  return {
    type: 'vouch-proof',
    version: 1,
    policy: { id: o.policy.id, version: o.policy.version, policyHash: o.policy.policyHash.toString() },
    binding: { kind: 'trade', canonical: t.canonical },
    proof: (await forgeProof(o.vk, publicSignals)) as ProofFile['proof'],
    publicSignals: publicSignals.map(String),
    createdAt: o.now,
  };
}
