/**
 * Honest policy proofs for the prove and verify benchmarks: each from a fresh real scenario
 * (issuer key, signed credential, issuer set, revocation bitmap: test/support/scenario.ts), proved
 * with the real circuit. One warm-up proof (loading the zkey and wasm) is made first and not timed.
 * Every scenario is proved twice, by prove() and by snarkjs.groth16.fullProve on the same circuit
 * input (the baseline), in alternating order, so both see the same load.
 */
import { readFileSync } from 'node:fs';
import * as snarkjs from 'snarkjs';
import { circuitInput } from '../../src/zk/statement.js';
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
  /** Wall time of snarkjs.groth16.fullProve on the same inputs, ms, interleaved with proveMs. */
  fullProveMs: number[];
  vkey: VerifyingKeyJson;
}

export async function makeProofs(count: number): Promise<ProofFixture> {
  const artifacts = await ensureArtifacts({ progress: true });
  const vkey = JSON.parse(readFileSync(artifacts.files.vkey, 'utf8')) as VerifyingKeyJson;
  await prove(makeScenario({ credentialIndex: 9 }).input);
  const proofs: BenchProof[] = [];
  const proveMs: number[] = [];
  const fullProveMs: number[] = [];
  for (let i = 0; i < count; i++) {
    const { input } = makeScenario({ credentialIndex: 10 + i });
    const ours = async () => {
      const t = performance.now();
      proofs.push(await prove(input));
      proveMs.push(performance.now() - t);
    };
    const theirs = async () => {
      const t = performance.now();
      await snarkjs.groth16.fullProve(circuitInput(input), artifacts.files.wasm, artifacts.files.zkey);
      fullProveMs.push(performance.now() - t);
    };
    if (i % 2 === 0) (await ours(), await theirs());
    else (await theirs(), await ours());
    process.stderr.write(`\rproving ${i + 1}/${count} (and snarkjs fullProve alongside)`);
  }
  process.stderr.write('\n');
  return { proofs, proveMs, fullProveMs, vkey };
}
