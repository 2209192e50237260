/** What a benchmark is: a name, its goal, and a run that returns its figures. */
import type { ProofFixture } from './proofs.js';

export interface SuiteResult {
  /** What was measured, and how many times. */
  workload: string;
  goal: string;
  met: boolean;
  [figure: string]: unknown;
}

export interface SuiteOutput {
  result: SuiteResult;
  /** The figure(s) shown in the summary table. */
  headline: string;
  /** Extra rows printed under the summary (e.g. a batch-size grid). */
  details?: Record<string, string | number>[];
}

export interface BenchContext {
  /** Smaller workloads for trying the harness; figures are marked and not comparable. */
  quick: boolean;
  /** Honest policy proofs made (and timed) once per run, shared by prove and the verify suites. */
  proofs(): Promise<ProofFixture>;
}

export interface Suite {
  name: string;
  goal: string;
  run(ctx: BenchContext): Promise<SuiteOutput>;
}
