/**
 * Soundness harness for the policy circuit, in the manner of circom_tester/circomkit's
 * `expectConstraintFail`, but against the artifacts Vouch actually proves with:
 *  - the real circuit: the R1CS and wasm that ensureArtifacts() returns (hash-checked against the
 *    manifest), with signal names from a --sym compile of the same sources that is itself checked
 *    to reproduce the manifest's R1CS hash, so names and wires cannot drift apart;
 *  - the attacker variant (./attacker.ts), compiled at --O0 so every signal has a value by name;
 *  - the pre-fix circuit (test/circuit/fixtures/policy-431bf23), to show a test can fail: what it
 *    accepts and the real circuit refuses is refused because of the fix.
 * A witness is judged by evaluating every constraint; a refusal names the constraints that fail
 * and the components whose signals they read.
 */
import { appendFileSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import * as snarkjs from 'snarkjs';
import { CIRCUITS_DIR, type CircuitName } from '../../../src/zk/artifacts/manifest.js';
import { ensureArtifacts } from '../../../src/zk/artifacts/ensure.js';
import { circuitInput, type StatementInput } from '../../../src/zk/statement.js';
import { ATTACK, attackerSources, type Attack } from './attacker.js';
import { compileCircuit, readCircuitDir } from './compile.js';
import {
  constraintWires,
  readR1cs,
  readSym,
  readWtns,
  violatedConstraints,
  writeWtns,
  type R1cs,
  type Symbols,
} from './r1cs.js';

/** SHA-256 of the pre-fix R1CS, as pinned by the manifest committed in 431bf23. */
export const PRE_FIX_R1CS_SHA256 = 'bed68cbc5463ce64f75afca8b833a8abfdb5b92d9fc19b4913654433e61b8de1';
const PRE_FIX_DIR = fileURLToPath(new URL('../fixtures/policy-431bf23', import.meta.url));

/** One violated constraint and every component (signal name minus its last part) it reads. */
export interface Refusal {
  constraint: number;
  components: string[];
}

/**
 * A verdict on a witness. Attribution is by the signals a failing constraint reads: --O2
 * substitutes linear signals into their neighbours (a one-hot's input becomes the header bits it
 * was summed from), so a constraint is named by all the components it touches, not by one.
 */
export class Judgement {
  constructor(
    readonly refusals: Refusal[],
    readonly nConstraints: number,
  ) {}

  get satisfied(): boolean {
    return this.refusals.length === 0;
  }

  /** The components the failing constraints read, cut to two levels below main, for reports. */
  get where(): string[] {
    const cut = (c: string) => c.split('.').slice(0, 3).join('.');
    return [...new Set(this.refusals.flatMap((r) => r.components.map(cut)))].sort();
  }

  /** Some failing constraint reads a signal of `component` (or of one of its subcomponents). */
  refusedBy(component: string): boolean {
    return this.refusals.some((r) => r.components.some((c) => within(c, component)));
  }

  /** At least one constraint fails, and every failing one reads a signal of one of these components. */
  refusedOnlyBy(...components: string[]): boolean {
    return (
      !this.satisfied && this.refusals.every((r) => r.components.some((c) => components.some((p) => within(c, p))))
    );
  }

  toString(): string {
    if (this.satisfied) return `all ${this.nConstraints} constraints hold`;
    const first = this.refusals
      .slice(0, 3)
      .map((r) => `#${r.constraint}`)
      .join(', ');
    return `${this.refusals.length} of ${this.nConstraints} constraints fail (${first}${this.refusals.length > 3 ? ', …' : ''}) reading ${this.where.join(', ')}`;
  }
}

/** `main` names the main template's own signals only; any other name covers its subcomponents. */
function within(component: string, name: string): boolean {
  if (name === 'main') return component === 'main';
  return component === name || component.startsWith(`${name}.`) || component.startsWith(`${name}[`);
}

function componentOf(signal: string): string {
  return signal.slice(0, signal.lastIndexOf('.'));
}

/** A circuit whose constraints judge witnesses: R1CS plus the names of its wires. */
export class ConstraintSystem {
  constructor(
    readonly r1cs: R1cs,
    readonly symbols: Symbols,
  ) {}

  get nConstraints(): number {
    return this.r1cs.constraints.length;
  }

  judge(witness: readonly bigint[]): Judgement {
    const refusals = violatedConstraints(this.r1cs, witness).map((constraint) => {
      const components = new Set(
        constraintWires(this.r1cs, constraint).map((w) => componentOf(this.symbols.nameOf[w]!)),
      );
      return { constraint, components: [...components].sort() };
    });
    return new Judgement(refusals, this.nConstraints);
  }

  /** This circuit's witness vector taken, by signal name, from a witness of another circuit. */
  project(named: NamedWitness): bigint[] {
    const out: bigint[] = [1n];
    for (let w = 1; w < this.r1cs.nWires; w++) {
      const name = this.symbols.nameOf[w];
      const v = name === undefined ? undefined : named.get(name);
      if (v === undefined) throw new Error(`the witness has no signal ${name ?? `for wire ${w}`}`);
      out.push(v);
    }
    return out;
  }

  /** Value of a signal in a witness vector of this circuit; RangeError if the optimiser removed it. */
  wireOf(signal: string): number {
    const w = this.symbols.wireOf.get(signal);
    if (w === undefined) throw new RangeError(`no signal ${signal}`);
    if (w < 0)
      throw new RangeError(
        `${signal} has no wire at --O2 (substituted away): tamper with a signal it is computed from`,
      );
    return w;
  }
}

/** A witness readable by signal name. */
export class NamedWitness {
  constructor(
    private readonly values: readonly bigint[],
    private readonly symbols: Symbols,
  ) {}

  get(signal: string): bigint | undefined {
    const w = this.symbols.wireOf.get(signal);
    return w === undefined || w < 0 ? undefined : this.values[w];
  }
}

async function calculate(wasm: string, input: unknown): Promise<bigint[]> {
  const out: { type: 'mem'; data?: Uint8Array } = { type: 'mem' };
  await snarkjs.wtns.calculate(input, wasm, out);
  return readWtns(out.data!);
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The circuit Vouch proves with. */
export class RealCircuit extends ConstraintSystem {
  private constructor(
    r1cs: R1cs,
    symbols: Symbols,
    readonly wasm: string,
    private readonly zkey: string,
    private readonly vkey: string,
  ) {
    super(r1cs, symbols);
  }

  static async load(circuit: CircuitName = 'policy'): Promise<RealCircuit> {
    const { files, manifest } = await ensureArtifacts({ circuit, progress: circuit !== 'policy' });
    const named = await compileCircuit(readCircuitDir(circuit, CIRCUITS_DIR, `${circuit}.circom`), {
      optimize: 2,
      r1cs: true,
    });
    if ((await sha256(named.r1cs!)) !== manifest.sha256.r1cs) {
      throw new Error(
        'a --sym compile of circuits/ does not reproduce the manifest R1CS: its signal names would not match the artifact',
      );
    }
    return new RealCircuit(readR1cs(files.r1cs), readSym(named.sym), files.wasm, files.zkey, files.vkey);
  }

  /** The honest witness, from the artifact wasm. Rejects if any of the circuit's assertions fails. */
  async witness(input: StatementInput): Promise<bigint[]> {
    return calculate(this.wasm, circuitInput(input));
  }

  /** The honest witness of a circuit input object (any circuit's, e.g. accountableCircuitInput). */
  async witnessOf(input: Record<string, unknown>): Promise<bigint[]> {
    return calculate(this.wasm, input);
  }

  /**
   * A Groth16 proof computed from any witness with the artifact zkey (snarkjs does not check the
   * constraints first), and whether snarkjs's verifier accepts it under the artifact vkey.
   */
  async proveAndVerify(witness: readonly bigint[]): Promise<{ publicSignals: string[]; valid: boolean }> {
    const { proof, publicSignals } = await snarkjs.groth16.prove(this.zkey, writeWtns(witness));
    const valid = await snarkjs.groth16.verify(JSON.parse(readFileSync(this.vkey, 'utf8')), publicSignals, proof);
    return { publicSignals, valid };
  }

  /** A copy of `witness` with some signals overwritten, nothing recomputed. */
  tampered(witness: readonly bigint[], changes: Record<string, bigint>): bigint[] {
    const w = [...witness];
    for (const [signal, value] of Object.entries(changes)) w[this.wireOf(signal)] = value;
    return w;
  }
}

/** The circuit before the range checks (431bf23), frozen under test/circuit/fixtures. */
export async function loadPreFixCircuit(): Promise<ConstraintSystem> {
  const c = await compileCircuit(readCircuitDir('policy-431bf23', PRE_FIX_DIR, 'policy.circom'), {
    optimize: 2,
    r1cs: true,
  });
  if ((await sha256(c.r1cs!)) !== PRE_FIX_R1CS_SHA256)
    throw new Error('the frozen pre-fix circuit does not compile to the R1CS its manifest pinned');
  return new ConstraintSystem(readR1cs(c.r1cs!), readSym(c.sym));
}

export interface Forgery {
  attack?: Attack;
  value?: bigint;
  set?: Record<string, bigint>;
}

/** The attacker variant: computes a full witness whatever the input, forging what `attack` names. */
export class AttackerCircuit {
  private constructor(
    private readonly wasm: string,
    private readonly symbols: Symbols,
  ) {}

  static async load(circuit: CircuitName = 'policy'): Promise<AttackerCircuit> {
    const c = await compileCircuit(attackerSources(circuit), { optimize: 0, r1cs: false });
    return new AttackerCircuit(c.wasm, readSym(c.sym));
  }

  /** The attacker's witness for a circuit input object (any circuit's), forging what `forge` names. */
  async witnessOf(input: Record<string, unknown>, forge: Forgery = {}): Promise<NamedWitness> {
    const main: Record<string, unknown> = {
      ...input,
      attack: String(ATTACK[forge.attack ?? 'none']),
      attackValue: (forge.value ?? 0n).toString(),
    };
    for (const [k, v] of Object.entries(forge.set ?? {})) main[k] = v.toString();
    return new NamedWitness(await calculate(this.wasm, main), this.symbols);
  }

  /**
   * The attacker's witness for `input`: forges what `attack` names (steered by `value`); `set`
   * overrides main inputs after encoding (e.g. a policyHash other than the predicates').
   */
  async witness(input: StatementInput, forge: Forgery = {}): Promise<NamedWitness> {
    const main: Record<string, unknown> = {
      ...circuitInput(input),
      attack: String(ATTACK[forge.attack ?? 'none']),
      attackValue: (forge.value ?? 0n).toString(),
    };
    for (const [k, v] of Object.entries(forge.set ?? {})) main[k] = v.toString();
    return new NamedWitness(await calculate(this.wasm, main), this.symbols);
  }
}

/**
 * With VOUCH_SOUNDNESS_REPORT=<file>, each case appends one line (case, verdict, where) for the
 * issue's closing note. Off by default: tests print nothing.
 */
export function record(name: string, j: Judgement): void {
  const file = process.env.VOUCH_SOUNDNESS_REPORT;
  if (file)
    appendFileSync(
      file,
      `${JSON.stringify({ case: name, satisfied: j.satisfied, failing: j.refusals.length, where: j.where })}\n`,
    );
}
