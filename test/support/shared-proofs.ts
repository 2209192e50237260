/**
 * Honest policy proofs made once per test run (in globalSetup) and shared with every test file
 * through vitest's provide/inject, so no file pays for proving what another already proved.
 */
import { inject } from 'vitest';
import type { Groth16ProofJson } from '../../src/zk/index.js';

export interface SharedProof {
  proof: Groth16ProofJson;
  publicSignals: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    sharedProofs: SharedProof[];
  }
}

export function sharedProofs(): SharedProof[] {
  const proofs = inject('sharedProofs');
  if (!proofs || proofs.length === 0)
    throw new Error('shared proofs were not generated (VOUCH_TEST_NO_ARTIFACTS set?)');
  return proofs;
}

export async function makeSharedProofs(count: number): Promise<SharedProof[]> {
  const { prove } = await import('../../src/zk/index.js');
  const { makeScenario } = await import('./scenario.js');
  const out: SharedProof[] = [];
  for (let i = 0; i < count; i++) out.push(await prove(makeScenario({ credentialIndex: 10 + i }).input));
  return out;
}
