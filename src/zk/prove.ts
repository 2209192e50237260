/**
 * Proves a policy statement with snarkjs (Groth16, wasm witness). A preflight evaluates the
 * statement in the clear first, so a credential that cannot satisfy the policy fails in
 * microseconds with the clause's code; the circuit stays the authority either way.
 * The witness never leaves this process and is never logged.
 */
import { VouchError } from '../errors/index.js';
import { ensureArtifacts } from './artifacts/ensure.js';
import type { Groth16ProofJson } from './proof.js';
import { accountableCircuitInput, assertAccountable, type AccountableInput } from './accountable.js';
import { assertStatement, circuitInput, type StatementInput } from './statement.js';

export interface ProveOptions {
  /** Skip the clear-text preflight (tests use this to show the circuit itself refuses). */
  preflight?: boolean;
  /**
   * Called as the proof moves through its steps (PROVE_STEPS), so a holder's screen can show
   * determinate progress; it learns which step runs, never a value.
   */
  onProgress?: (p: ProveProgress) => void;
}

/**
 * The steps of a Groth16 proof, in order: the witness, then snarkjs's quotient polynomial (the
 * constraints evaluated and the FFTs), then its five multi-exponentiations. Multi-exponentiation
 * B2 (over G2) is the longest, about a quarter of the time.
 */
export const PROVE_STEPS = ['witness', 'constraints', 'msm-a', 'msm-b1', 'msm-b2', 'msm-c', 'msm-h'] as const;
export type ProveStep = (typeof PROVE_STEPS)[number];

export interface ProveProgress {
  /** 1-based position of `stage` in PROVE_STEPS. */
  step: number;
  steps: number;
  stage: ProveStep;
}

const MSM_STEP: Record<string, ProveStep> = { A: 'msm-a', B1: 'msm-b1', B2: 'msm-b2', C: 'msm-c', H: 'msm-h' };

/**
 * snarkjs reports its stages only as debug log lines ("Reading Wtns", "Reading B2 Points"): this
 * logger turns the ones that start a step into progress and drops the rest. A snarkjs that words
 * them otherwise leaves the progress at its last step; the proof is unaffected.
 */
function progressLogger(onProgress: ProveOptions['onProgress']) {
  const report = (stage: ProveStep) => {
    try {
      onProgress?.({ step: PROVE_STEPS.indexOf(stage) + 1, steps: PROVE_STEPS.length, stage });
    } catch {
      // a failing progress display must neither stop the proof nor be reported as WITNESS_UNSATISFIED
    }
  };
  let last: ProveStep = 'witness';
  const debug = (msg: unknown) => {
    const text = String(msg);
    const msm = /^Reading (A|B1|B2|C|H) Points$/.exec(text)?.[1];
    const stage = msm ? MSM_STEP[msm] : text === 'Reading Wtns' ? 'constraints' : undefined;
    if (stage && stage !== last) {
      last = stage;
      report(stage);
    }
  };
  const ignore = () => {};
  return {
    start: () => report('witness'),
    logger: onProgress ? { debug, info: ignore, warn: ignore, error: ignore } : undefined,
  };
}

export interface ProofBundle {
  proof: Groth16ProofJson;
  /** Decimal strings in circuit order (see PUBLIC_SIGNAL_NAMES). */
  publicSignals: string[];
}

/**
 * Whether the circuit accepts these inputs: computes the witness (every constraint is asserted
 * while it is computed) without proving. Throws WITNESS_UNSATISFIED if not.
 */
export async function assertSatisfiable(input: StatementInput): Promise<void> {
  const { files } = await ensureArtifacts();
  const snarkjs = await loadSnarkjs();
  try {
    await snarkjs.wtns.calculate(circuitInput(input), files.wasm, { type: 'mem' });
  } catch (cause) {
    throw unsatisfied(cause);
  }
}

export async function prove(input: StatementInput, opts: ProveOptions = {}): Promise<ProofBundle> {
  if (opts.preflight !== false) assertStatement(input);
  const { files } = await ensureArtifacts();
  const snarkjs = await loadSnarkjs();
  const progress = progressLogger(opts.onProgress);
  try {
    progress.start();
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(
      circuitInput(input),
      files.wasm,
      files.zkey,
      progress.logger,
    );
    return {
      proof: { pi_a: proof.pi_a, pi_b: proof.pi_b, pi_c: proof.pi_c, protocol: 'groth16', curve: 'bn128' },
      publicSignals,
    };
  } catch (cause) {
    throw unsatisfied(cause);
  }
}

/**
 * Proves with the accountable variant (circuits/policy-accountable.circom): the policy statement
 * plus identity escrow and the running total, as the policy's rules switch them on. Public signals
 * in ACCOUNTABLE_PUBLIC_SIGNAL_NAMES order.
 */
export async function proveAccountable(
  input: StatementInput,
  a: AccountableInput,
  opts: ProveOptions = {},
): Promise<ProofBundle> {
  if (opts.preflight !== false) {
    assertStatement(input);
    assertAccountable(input, a);
  }
  const { files } = await ensureArtifacts({ circuit: 'policy-accountable' });
  const snarkjs = await loadSnarkjs();
  const progress = progressLogger(opts.onProgress);
  try {
    progress.start();
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(
      accountableCircuitInput(input, a),
      files.wasm,
      files.zkey,
      progress.logger,
    );
    return {
      proof: { pi_a: proof.pi_a, pi_b: proof.pi_b, pi_c: proof.pi_c, protocol: 'groth16', curve: 'bn128' },
      publicSignals,
    };
  } catch (cause) {
    throw unsatisfied(cause);
  }
}

/** snarkjs (and its web-worker, ejs, r1cs readers) loads only when a holder proves, never in a verifier. */
function loadSnarkjs(): Promise<typeof import('snarkjs')> {
  return import('snarkjs');
}

function unsatisfied(cause: unknown): VouchError {
  const msg = String((cause as Error)?.message ?? cause);
  // circom's message names the failing template, never a value
  const where = /Error in template (\w+)/.exec(msg)?.[1];
  return new VouchError('WITNESS_UNSATISFIED', `the inputs do not satisfy the circuit${where ? ` (${where})` : ''}`);
}
