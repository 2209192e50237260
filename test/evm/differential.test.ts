/**
 * Differential: the hardening suite's whole tampered-proof corpus goes through the gate (its
 * generated verifier, `verifyProof`, and — for mutations of the proof points — full `admit`
 * calls) and through the TypeScript verifier, with identical verdicts and codes. Input the
 * calldata encoder cannot even express (non-decimal strings, z != 1, values >= 2^256) gets the
 * encoder's code, which must be the verifier's too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, type Abi } from 'viem';
import { vouchGateAbi } from '../../src/evm/abi.js';
import { gateProof } from '../../src/evm/calldata.js';
import { gateErrorCode } from '../../src/evm/gate-errors.js';
import { isVouchError } from '../../src/errors/index.js';
import { getCurve, policyVerifier, releaseCurves, type PolicyVerifier } from '../../src/zk/index.js';
import { proofMutations, type Mutation } from '../hardening/support/proof-mutations.js';
import { sharedProofs } from '../support/shared-proofs.js';
import { deployGate, type GateWorld } from './support/gate-fixture.js';

type Verdict = { valid: boolean; code?: string };

let g: GateWorld;
let verifier: PolicyVerifier;
let corpus: Mutation[];

beforeAll(async () => {
  g = await deployGate();
  verifier = await policyVerifier();
  const curve = await getCurve();
  const honest = sharedProofs();
  corpus = [
    ...proofMutations({ curve, honest: honest[0]!, other: honest[1]! }),
    ...proofMutations({ curve, honest: honest[2]!, other: honest[3]! }),
  ];
});
afterAll(() => releaseCurves());

async function onChain(proof: unknown, publicSignals: unknown): Promise<Verdict> {
  let args;
  try {
    args = gateProof({ proof, publicSignals, policyId: 1n, vkey: g.vkey });
  } catch (err) {
    if (isVouchError(err)) return { valid: false, code: err.code };
    throw err;
  }
  const signals = (publicSignals as string[]).map(BigInt);
  const r = await g.chain.call({
    to: g.gate,
    data: encodeFunctionData({ abi: vouchGateAbi, functionName: 'verifyProof', args: [args.pi, signals as never] }),
    abi: vouchGateAbi as Abi,
    readOnly: true,
  });
  if (r.ok) return BigInt(r.returnData) === 1n ? { valid: true } : { valid: false, code: 'PROOF_INVALID' };
  return { valid: false, code: gateErrorCode(r.error?.name ?? '', r.error?.args)?.code ?? `revert ${r.returnData}` };
}

describe('the gate and the TypeScript verifier agree on every tampered proof', () => {
  it('gives the same verdict and code for the whole corpus, and admits the honest proofs', async () => {
    const diffs: { name: string; ts: Verdict; evm: Verdict }[] = [];
    for (const m of corpus) {
      const ts = verifier.verify(m.proof, m.publicSignals);
      const evm = await onChain(m.proof, m.publicSignals);
      if (ts.valid !== evm.valid || ts.code !== evm.code) diffs.push({ name: m.name, ts, evm });
      expect(ts.valid).toBe(false);
    }
    expect(diffs).toEqual([]);
    process.stdout.write(`evm/differential: ${corpus.length} tampered proofs, identical verdicts and codes\n`);
    for (const h of sharedProofs()) expect(await onChain(h.proof, h.publicSignals)).toEqual({ valid: true });
  });
});
