/**
 * The policy circuit's verifier: loads the verification key named by the artifact manifest once,
 * prepares it, and exposes `verify` / `verifyBatch` bound to it.
 */
import { readFileSync } from 'node:fs';
import { ensureArtifacts } from './artifacts/ensure.js';
import { getCurve, onCurvesReleased } from './curve.js';
import { PUBLIC_SIGNAL_BITS } from './public-signals.js';
import { verify, type VerifyResult } from './verify.js';
import { verifyBatch, type BatchItem, type VerifyBatchOptions } from './verify-batch.js';
import { prepareVerifyingKey, type PreparedVerifyingKey, type VerifyingKeyJson } from './verifying-key.js';

export interface PolicyVerifier {
  vkey: VerifyingKeyJson;
  prepared: PreparedVerifyingKey;
  verify(proof: unknown, publicSignals: unknown): VerifyResult;
  verifyBatch(items: readonly BatchItem[], opts?: VerifyBatchOptions): Promise<VerifyResult[]>;
}

let cached: Promise<PolicyVerifier> | undefined;
onCurvesReleased(() => resetPolicyVerifier());

export function policyVerifier(): Promise<PolicyVerifier> {
  cached ??= (async () => {
    const { files } = await ensureArtifacts({ build: false });
    const vkey = JSON.parse(readFileSync(files.vkey, 'utf8')) as VerifyingKeyJson;
    return verifierFor(vkey);
  })();
  cached.catch(() => (cached = undefined));
  return cached;
}

/** A verifier for the policy circuit's key: its public signals are held to PUBLIC_SIGNAL_BITS. */
export async function verifierFor(vkey: VerifyingKeyJson): Promise<PolicyVerifier> {
  const prepared = prepareVerifyingKey(await getCurve(), vkey, { signalBits: PUBLIC_SIGNAL_BITS });
  return {
    vkey,
    prepared,
    verify: (proof, publicSignals) => verify(prepared, proof, publicSignals),
    verifyBatch: (items, opts) => verifyBatch(prepared, items, opts),
  };
}

/** Forget the cached verifier (after releaseCurves()). */
export function resetPolicyVerifier(): void {
  cached = undefined;
}
