/**
 * What a benchmark is: a name and a run that returns one or more rows. Every row is a ratio
 * against a baseline measured in the same run, interleaved with our own measurement, because
 * ratios survive a change of machine and absolute figures do not (issue 18: the same code met
 * three of nine absolute goals on one 2-core machine and all of them on another, while every
 * ratio held). The absolute figures stay in the row as information, next to the machine and load.
 *
 * Adding a benchmark: a file in bench/suites/ exporting a Suite whose rows come from ratioRow(),
 * listed in SUITES in bench/main.ts.
 */
import type { ProofFixture } from './proofs.js';

export interface Figure {
  /** What was timed or counted, in words ("verify(), p50"). */
  what: string;
  value: number;
  unit: string;
}

export interface Goal {
  /** The ratio must be at least (>=) or at most (<=) `ratio`. */
  op: '>=' | '<=';
  ratio: number;
  /** Any absolute bound that applies as well (e.g. `vouch --help` <= 0.3 s), already checked. */
  also?: { text: string; met: boolean };
}

export interface Row {
  /** Unique across suites: the key in latest.json and the first column of the table. */
  name: string;
  ours: Figure;
  baseline: Figure;
  /** ours vs baseline, oriented as `ratioIs` says (always so that the goal reads naturally). */
  ratio: number;
  ratioIs: string;
  goal: Goal;
  met: boolean;
  /** What was measured and how often; enough to reproduce it. */
  workload: string;
  /** Further figures (grids, percentiles, counts), kept in latest.json. */
  extra?: Record<string, unknown>;
  /** Extra lines printed under the summary (e.g. a batch-size grid). */
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
  /** The rows this suite produces, named up front (for `npm run bench -- NAME` and the table). */
  rows: readonly string[];
  run(ctx: BenchContext): Promise<Row[]>;
}

/** A row with `met` computed from the goal (and the absolute bound, if any). */
export function ratioRow(r: Omit<Row, 'met' | 'ratio'> & { ratio: number }): Row {
  const ratio = Number.isFinite(r.ratio) ? Number(r.ratio.toPrecision(3)) : r.ratio;
  const withinRatio = r.goal.op === '>=' ? ratio >= r.goal.ratio : ratio <= r.goal.ratio;
  return { ...r, ratio, met: withinRatio && (r.goal.also?.met ?? true) };
}

export function goalText(g: Goal): string {
  return `${g.op} ${g.ratio}${g.also ? `, ${g.also.text}` : ''}`;
}

/**
 * Runs `ours` and `baseline` alternately, `rounds` times each, starting with a different one every
 * round (ABBA...), so a load change during the run hits both alike. Returns each side's samples.
 */
export async function interleave<T>(
  rounds: number,
  ours: (i: number) => Promise<T> | T,
  baseline: (i: number) => Promise<T> | T,
): Promise<{ ours: T[]; baseline: T[] }> {
  const a: T[] = [];
  const b: T[] = [];
  for (let i = 0; i < rounds; i++) {
    if (i % 2 === 0) {
      a.push(await ours(i));
      b.push(await baseline(i));
    } else {
      b.push(await baseline(i));
      a.push(await ours(i));
    }
  }
  return { ours: a, baseline: b };
}
