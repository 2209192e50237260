/**
 * Honest policy proofs for the prove and verify benchmarks: each from a fresh real scenario
 * (issuer key, signed credential, issuer set, revocation bitmap: test/support/scenario.ts), proved
 * with the real circuit. One warm-up proof (loading the zkey and wasm) is made first and not timed.
 */
import { readFileSync } from 'node:fs';
import { ensureArtifacts, prove, type Groth16ProofJson, type VerifyingKeyJson } from '../../src/zk/index.js';
import { makeScenario } from '../../test/support/scenario.js';

export interface BenchProof {
  proof: Groth16ProofJson;
  publicSignals: string[];
}

export interface ProofFixture {
  proofs: BenchProof[];
  /** Wall time of each timed prove() call, ms. */
  proveMs: number[];
  vkey: VerifyingKeyJson;
}

export async function makeProofs(count: number): Promise<ProofFixture> {
  const artifacts = await ensureArtifacts({ progress: true });
  const vkey = JSON.parse(readFileSync(artifacts.files.vkey, 'utf8')) as VerifyingKeyJson;
  await prove(makeScenario({ credentialIndex: 9 }).input);
  const proofs: BenchProof[] = [];
  const proveMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const { input } = makeScenario({ credentialIndex: 10 + i });
    const t = performance.now();
    proofs.push(await prove(input));
    proveMs.push(performance.now() - t);
    process.stderr.write(`\rproving ${i + 1}/${count}`);
  }
  process.stderr.write('\n');
  return { proofs, proveMs, vkey };
}
