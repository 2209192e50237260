/**
 * What the soundness test files share: the circuits (loaded once per worker), the field's edge
 * values, and credentials re-signed by their real issuer with chosen slot values (an issuer's
 * software is not trusted to keep slots in range; the circuit must be).
 */
import { expect, vi } from 'vitest';
import { FIELD_MODULUS } from '../../../src/zk/field.js';
import { credentialMessage, type StatementInput } from '../../../src/zk/statement.js';
import { signPoseidon } from '../../../src/zk/eddsa.js';
import type { Scenario } from '../../support/scenario.js';
import {
  AttackerCircuit,
  RealCircuit,
  loadPreFixCircuit,
  record,
  type ConstraintSystem,
  type Judgement,
} from './harness.js';

export const R = FIELD_MODULUS;
export const TWO_64 = 1n << 64n;
/** The largest value every comparator input may take. */
export const MAX_64 = TWO_64 - 1n;

let real: Promise<RealCircuit> | undefined;
let attacker: Promise<AttackerCircuit> | undefined;
let preFix: Promise<ConstraintSystem> | undefined;

export const realCircuit = () => (real ??= RealCircuit.load());
export const attackerCircuit = () => (attacker ??= AttackerCircuit.load());
export const preFixCircuit = () => (preFix ??= loadPreFixCircuit());

/**
 * For beforeAll: loads (on a cold cache, compiles: minutes on a busy 2-core machine) outside any
 * test's timeout.
 */
export async function loadCircuits(opts: { preFix?: boolean } = {}): Promise<void> {
  await Promise.all([realCircuit(), attackerCircuit(), ...(opts.preFix ? [preFixCircuit()] : [])]);
}

/** The scenario's input with some slots replaced and the credential signed again by its issuer. */
export function resigned(s: Scenario, slots: Record<number, bigint>, input: StatementInput = s.input): StatementInput {
  const next = [...input.credential.slots];
  for (const [k, v] of Object.entries(slots)) next[Number(k)] = v;
  return {
    ...input,
    credential: { ...input.credential, slots: next, signature: signPoseidon(s.issuerKey, credentialMessage(next)) },
  };
}

/** Asserts the judgement refuses the witness, only in the given components; records the case. */
export function expectRefusedOnlyBy(name: string, j: Judgement, ...components: string[]): void {
  record(name, j);
  expect(j.satisfied, `${name}: ${j}`).toBe(false);
  expect(j.refusedOnlyBy(...components), `${name}: ${j}`).toBe(true);
}

/** Asserts the judgement refuses the witness in (at least) each given component; records the case. */
export function expectRefusedBy(name: string, j: Judgement, ...components: string[]): void {
  record(name, j);
  for (const c of components) expect(j.refusedBy(c), `${name}: ${j}`).toBe(true);
}

export function expectSatisfied(name: string, j: Judgement): void {
  record(name, j);
  expect(j.satisfied, `${name}: ${j}`).toBe(true);
}

/** The honest witness calculator (the artifact wasm, every assertion on) refuses the input. */
export async function expectHonestProverRefuses(input: StatementInput): Promise<void> {
  const c = await realCircuit();
  // circom's runtime writes the failed assertion to stderr before it throws; the test says it
  const quiet = vi.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    await expect(c.witness(input)).rejects.toThrow(/Assert Failed/);
  } finally {
    quiet.mockRestore();
  }
}
