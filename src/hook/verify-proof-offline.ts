/**
 * A regulator's offline check of one proof for one trade under one policy document, with nothing
 * but files: the registry.json the issuers published, the circuit's verifying key, a clock. It runs
 * the service's own stateless check (checkStateless over a hook with no replay memory, the code
 * behind POST /v1/verify and `vouch verify`), and reports the verdict as the list of checks the
 * hook made in its order (create-hook.ts): every check before the one that refused passed, the
 * refusing one failed with its code, the later ones were not reached. It never calls a service, and
 * it never accepts the dev ceremony's key unless told to (DEV_ARTIFACTS_REFUSED): anyone can forge
 * proofs under that key.
 */
import { loadRegistryEscrowCommittee, loadRegistryFile } from '../credentials/registry-file.js';
import { VouchError, isVouchError, type VouchErrorCode } from '../errors/index.js';
import type { CompiledPolicy } from '../policy/index.js';
import { verifierFor, type CircuitName, type PolicyVerifier, type VerifyingKeyJson } from '../zk/index.js';
import { checkStateless, type StatelessVerdict } from './check-stateless.js';
import { createComplianceHook } from './create-hook.js';
import { MemoryNullifierStore } from './nullifier-store.js';
import { ephemeralReceiptSigner } from './receipts.js';

/** The checks, in the order the hook makes them. */
export const OFFLINE_CHECK_NAMES = [
  'proof-file',
  'policy',
  'trade-binding',
  'time',
  'issuer-registry',
  'escrow-and-limit',
  'groth16',
] as const;
export type OfflineCheckName = (typeof OFFLINE_CHECK_NAMES)[number];

export interface OfflineCheck {
  name: OfflineCheckName;
  /** `not-applicable`: the policy has nothing to check here (no escrow, no cumulative limit). */
  status: 'passed' | 'failed' | 'not-reached' | 'not-applicable';
  code?: string;
  detail?: string;
}

export interface OfflineVerifyOptions {
  policy: CompiledPolicy;
  trade: unknown;
  proof: unknown;
  /** registry.json as published (GET /v1/registry or `vouch registry export`). */
  registry: unknown;
  /** The log verifier key to pin for the registry's transparency proofs (default: the file's own). */
  logKey?: string;
  /** The moment the proof is checked at (Unix seconds): its clock skew and the issuer root's freshness. */
  now: number;
  /** The verifying key of each circuit the policy may use (a production ceremony's, or the committed one). */
  verifyingKeys: Partial<Record<CircuitName, VerifyingKeyJson>>;
  /** Accept the dev ceremony's key (development only: anyone can forge proofs under it). Default false. */
  allowDevArtifacts?: boolean;
  /** A cumulative-limit proof beyond its period's first trade: the commitment it extends (checkStateless). */
  priorCommitment?: string;
}

export interface OfflineVerification {
  allowed: boolean;
  /** The refusing check's code. */
  code?: string;
  reason?: string;
  checks: OfflineCheck[];
  /** The hook's verdict, when the check got as far as the hook. */
  verdict?: StatelessVerdict;
  /** The verifying key was the dev ceremony's (accepted only with allowDevArtifacts). */
  devKey: boolean;
}

/** Which check each refusal code belongs to (codes the hook reports, in its order). */
const CHECK_OF: Partial<Record<VouchErrorCode, OfflineCheckName>> = {
  PROOF_MALFORMED: 'proof-file',
  SIGNAL_NOT_CANONICAL: 'proof-file',
  SIGNAL_OUT_OF_RANGE: 'proof-file',
  POLICY_UNKNOWN: 'policy',
  POLICY_HASH_MISMATCH: 'policy',
  TRADE_INVALID: 'trade-binding',
  TRADE_MISMATCH: 'trade-binding',
  MARKET_NOT_ALLOWED: 'trade-binding',
  POLICY_NOT_REQUIRED: 'trade-binding',
  SESSION_NOT_ALLOWED: 'trade-binding',
  CLOCK_SKEW: 'time',
  TRADE_TIME_SKEW: 'time',
  SESSION_EXPIRED: 'time',
  ISSUER_SET_UNKNOWN: 'issuer-registry',
  ISSUER_SET_STALE: 'issuer-registry',
  ESCROW_KEY_MISMATCH: 'escrow-and-limit',
  ESCROW_COMMITTEE_UNKNOWN: 'escrow-and-limit',
  LIMIT_STATE_STALE: 'escrow-and-limit',
  LIMIT_PRIOR_MISSING: 'escrow-and-limit',
  LIMIT_PRIOR_MISMATCH: 'escrow-and-limit',
  INPUT_INVALID: 'escrow-and-limit', // the prior commitment given is not a number
  PROOF_INVALID: 'groth16',
  POINT_INVALID: 'groth16',
  DEV_ARTIFACTS_REFUSED: 'groth16',
  ARTIFACT_MISSING: 'groth16',
};

/**
 * Verifies a proof for a trade under a policy from files alone, check by check.
 *
 * @example
 * const r = await verifyProofOffline({
 *   policy: await loadPolicy('policies/eu-mica-retail-spot.json'),
 *   trade: readJson('trade.json'),
 *   proof: readJson('proof.json'),
 *   registry: readJson('registry.json'),
 *   verifyingKeys: { policy: readJson('ceremony/policy.vkey.json') },
 *   now: Math.floor(Date.now() / 1000),
 * });
 * for (const c of r.checks) console.log(c.name, c.status, c.code ?? '');
 */
export async function verifyProofOffline(o: OfflineVerifyOptions): Promise<OfflineVerification> {
  const applicable = (n: OfflineCheckName) =>
    n !== 'escrow-and-limit' || Boolean(o.policy.escrow || o.policy.cumulativeLimit);
  const trust = { allowDevArtifacts: o.allowDevArtifacts ?? false };
  let devKey = false;
  /** Refused at the code's check (or `check`); with `alone`, nothing else was checked. */
  const refuse = (code: string, reason: string, check?: OfflineCheckName, alone = false): OfflineVerification => {
    // a code of no check (INTERNAL, UNAVAILABLE: the checking failed, not the proof) fails none
    const name = check ?? CHECK_OF[code as VouchErrorCode];
    const at = name ? OFFLINE_CHECK_NAMES.indexOf(name) : -1;
    return {
      allowed: false,
      code,
      reason,
      devKey,
      checks: OFFLINE_CHECK_NAMES.map((name, i) => ({
        name,
        ...(!applicable(name)
          ? { status: 'not-applicable' as const }
          : i < at
            ? { status: 'passed' as const }
            : i === at
              ? { status: 'failed' as const, code, detail: reason }
              : { status: 'not-reached' as const }),
      })),
    };
  };

  // the registry first: a file that does not verify is the registry check's failure, nothing else ran
  let registry;
  let committee;
  try {
    const logKey = o.logKey === undefined ? {} : { logKey: o.logKey };
    registry = await loadRegistryFile(o.registry, { clock: () => o.now, set: o.policy.issuerSet, ...logKey });
    committee = o.policy.escrow ? loadRegistryEscrowCommittee(o.registry, logKey) : undefined;
  } catch (err) {
    if (!isVouchError(err)) throw err;
    return refuse(err.code, `the registry file does not verify: ${err.message}`, 'issuer-registry', true);
  }

  const circuit = o.policy.circuitName as CircuitName;
  const key = o.verifyingKeys[circuit];
  let verifier: PolicyVerifier;
  try {
    if (!key) throw new VouchError('ARTIFACT_MISSING', `no verifying key was given for the ${circuit} circuit`);
    verifier = await verifierFor(key, { ...trust, circuit });
    devKey = verifier.dev;
  } catch (err) {
    if (!isVouchError(err)) throw err;
    devKey = err.code === 'DEV_ARTIFACTS_REFUSED';
    return refuse(err.code, err.message, 'groth16', true);
  }

  let verdict: StatelessVerdict;
  try {
    verdict = await checkStateless({
      policies: [o.policy],
      trade: o.trade,
      proof: o.proof,
      ...(o.priorCommitment === undefined ? {} : { priorCommitment: o.priorCommitment }),
      hook: async (store: MemoryNullifierStore) =>
        createComplianceHook({
          policies: [o.policy],
          registry,
          store,
          signer: await ephemeralReceiptSigner('vouch-offline'),
          clock: () => o.now,
          requirements: 'any', // the proof's own policy: a regulator's check admits nothing
          verifiers: [verifier],
          ...trust,
          ...(committee ? { escrowCommittee: committee } : {}),
        }),
    });
  } catch (err) {
    if (!isVouchError(err)) throw err;
    return refuse(err.code, err.message);
  }
  if (!verdict.allowed) return { ...refuse(verdict.code, verdict.reason), verdict };
  return {
    allowed: true,
    devKey,
    verdict,
    checks: OFFLINE_CHECK_NAMES.map((name) => ({
      name,
      status: applicable(name) ? ('passed' as const) : ('not-applicable' as const),
    })),
  };
}
