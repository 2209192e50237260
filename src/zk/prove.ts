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
  try {
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(circuitInput(input), files.wasm, files.zkey);
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
  try {
    const { proof, publicSignals } = await snarkjs.groth16.fullProve(
      accountableCircuitInput(input, a),
      files.wasm,
      files.zkey,
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
