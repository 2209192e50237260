/**
 * The policy circuit's verifier: loads the verification key named by the artifact manifest once,
 * prepares it, and exposes `verify` / `verifyBatch` bound to it.
 *
 * Safe by default: a key from the dev ceremony (recognised by its points, see
 * artifacts/dev-ceremony.ts) is refused with DEV_ARTIFACTS_REFUSED unless development is asked for
 * (`allowDevArtifacts: true`, or VOUCH_ENV=development when the option is not given). Without an
 * explicit key, the key is the one the manifest names — the committed dev build unless
 * VOUCH_ARTIFACTS_MANIFEST points at a production build — so the default refuses. The same holds
 * for every circuit variant (`circuit: 'policy-accountable'`, its production manifest named by
 * VOUCH_ARTIFACTS_MANIFEST_POLICY_ACCOUNTABLE): a dev variant key is refused like a dev base key.
 */
import { readFileSync } from 'node:fs';
import { runModeFromEnv } from '../config/run-mode.js';
import { VouchError } from '../errors/index.js';
import { ensureArtifacts, manifestEnvVar } from './artifacts/ensure.js';
import { CIRCUIT_NAME, type CircuitName } from './artifacts/manifest.js';
import { ACCOUNTABLE_PUBLIC_SIGNAL_BITS } from './accountable.js';
import { isDevVerifyingKey } from './artifacts/dev-ceremony.js';
import { getCurve, onCurvesReleased } from './curve.js';
import { PUBLIC_SIGNAL_BITS } from './public-signals.js';
import { verify, type VerifyResult } from './verify.js';
import { verifyBatch, type BatchItem, type VerifyBatchOptions } from './verify-batch.js';
import { prepareVerifyingKey, type PreparedVerifyingKey, type VerifyingKeyJson } from './verifying-key.js';

export interface PolicyVerifier {
  /** The circuit whose public signals this key's proofs carry. */
  circuit: CircuitName;
  vkey: VerifyingKeyJson;
  prepared: PreparedVerifyingKey;
  /** The key is the dev ceremony's: proofs under it can be forged by anyone. */
  dev: boolean;
  verify(proof: unknown, publicSignals: unknown): VerifyResult;
  verifyBatch(items: readonly BatchItem[], opts?: VerifyBatchOptions): Promise<VerifyResult[]>;
}

export interface VerifierTrustOptions {
  /** Accept the dev ceremony's key (development only). Default: VOUCH_ENV=development. */
  allowDevArtifacts?: boolean;
  /** Which circuit's key (default the base `policy`). */
  circuit?: CircuitName;
}

/** The bit widths each circuit enforces on its public signals, by position. */
export function signalBitsOf(circuit: CircuitName): readonly (number | undefined)[] {
  return circuit === 'policy' ? PUBLIC_SIGNAL_BITS : ACCOUNTABLE_PUBLIC_SIGNAL_BITS;
}

/** By VOUCH_ARTIFACTS_MANIFEST ('' for the committed build), like ensureArtifacts. */
const cached = new Map<string, Promise<PolicyVerifier>>();
onCurvesReleased(() => resetPolicyVerifier());

/** The verifier for the manifest's key (see the module header for when it refuses). */
export async function policyVerifier(opts: VerifierTrustOptions = {}): Promise<PolicyVerifier> {
  const circuit = opts.circuit ?? CIRCUIT_NAME;
  const envVar = manifestEnvVar(circuit);
  const manifest = process.env[envVar] ?? '';
  const key = `${circuit}\n${manifest}`;
  let p = cached.get(key);
  if (!p) {
    p = (async () => {
      const { files } = await ensureArtifacts({ circuit, build: false });
      return prepared(JSON.parse(readFileSync(files.vkey, 'utf8')) as VerifyingKeyJson, circuit);
    })();
    cached.set(key, p);
    p.catch(() => cached.delete(key));
  }
  const v = await p;
  assertTrusted(
    v,
    opts,
    manifest
      ? `${envVar} names a copy of the dev artifacts (its own "kind" is not trusted)`
      : `no verifying key was given for the ${circuit} circuit, and the built-in one is the dev ceremony's`,
  );
  return v;
}

/** A verifier for an explicitly given key (a production ceremony's). */
export async function verifierFor(vkey: VerifyingKeyJson, opts: VerifierTrustOptions = {}): Promise<PolicyVerifier> {
  const v = await prepared(vkey, opts.circuit ?? CIRCUIT_NAME);
  assertTrusted(v, opts, "the given verifying key is the dev ceremony's");
  return v;
}

/** Throws DEV_ARTIFACTS_REFUSED for a dev key unless development was asked for. */
export function assertTrusted(
  v: Pick<PolicyVerifier, 'dev'>,
  opts: VerifierTrustOptions,
  why = "the verifying key is the dev ceremony's",
): void {
  if (!v.dev || (opts.allowDevArtifacts ?? runModeFromEnv() === 'development')) return;
  throw new VouchError(
    'DEV_ARTIFACTS_REFUSED',
    `${why}: its randomness is public, so anyone can forge proofs under it. Give a production ceremony's key (verifyingKey, or VOUCH_ARTIFACTS_MANIFEST), or, for development only, pass --dev, VOUCH_ENV=development or allowDevArtifacts: true`,
  );
}

/** The policy circuit's key prepared: its public signals are held to PUBLIC_SIGNAL_BITS. */
async function prepared(vkey: VerifyingKeyJson, circuit: CircuitName): Promise<PolicyVerifier> {
  const p = prepareVerifyingKey(await getCurve(), vkey, { signalBits: signalBitsOf(circuit) });
  return {
    circuit,
    vkey,
    prepared: p,
    dev: await isDevVerifyingKey(vkey),
    verify: (proof, publicSignals) => verify(p, proof, publicSignals),
    verifyBatch: (items, opts) => verifyBatch(p, items, opts),
  };
}

/** Forget the cached verifier (after releaseCurves()). */
export function resetPolicyVerifier(): void {
  cached.clear();
}
