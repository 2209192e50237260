/**
 * `npm run bench [-- NAME ...] [--quick] [--proofs N]`: runs the benchmarks (all, or the named
 * suites or rows) and prints the ratio table: every row is our figure against a baseline measured
 * interleaved in the same run (bench/lib/suite.ts), with the goal as a ratio and the absolute
 * figures beside it. Writes bench/results/latest.json (a partial run's rows are merged into the
 * file's existing ones, each stamped with when it was measured and the load average around it).
 * `npm run bench -- --table` prints latest.json's table without running.
 *
 * --quick shrinks every workload to try the harness; its figures are not comparable, so they go to
 * a temporary file instead.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { releaseCurves } from '../src/zk/index.js';
import { loads, machineInfo, type MachineInfo } from './lib/machine.js';
import { makeProofs, type ProofFixture } from './lib/proofs.js';
import { goalText, type BenchContext, type Row, type Suite } from './lib/suite.js';
import { markdownTable } from './lib/table.js';
import { circuit } from './suites/circuit.js';
import { cliSuite } from './suites/cli.js';
import { issuance } from './suites/issuance.js';
import { logSuite } from './suites/log.js';
import { hookSuite } from './suites/hook.js';
import { sessionSuite } from './suites/session.js';
import { proveSuite } from './suites/prove.js';
import { accountableSuite } from './suites/accountable.js';
import { taxChild, taxSuite } from './suites/tax.js';
import { verifyBatchSuite } from './suites/verify-batch.js';
import { verifySingle } from './suites/verify-single.js';
import { evmSuite } from './suites/evm.js';
import { browserSuite } from './suites/browser.js';
import { pgHookChild, postgresSuite } from './suites/postgres.js';
import { pgIssuanceChild } from './lib/pg-issuance.js';

export const SUITES: readonly Suite[] = [
  circuit,
  proveSuite,
  accountableSuite,
  verifySingle,
  verifyBatchSuite,
  hookSuite,
  sessionSuite,
  issuance,
  logSuite,
  taxSuite,
  cliSuite,
  evmSuite,
  postgresSuite,
  browserSuite,
];
const LATEST = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
const QUICK = join(tmpdir(), 'vouch-bench-quick.json');
const DEFAULT_PROOFS = 16;

/** A row as stored: which run measured it, when, under what load, and on which machine (runs of different suites merge into one file). */
type StoredRow = Row & {
  suite: string;
  measuredAt: string;
  loadAverage: { start: number[]; end: number[] };
  machine?: RowMachine;
};
type RowMachine = Pick<MachineInfo, 'model' | 'cpus' | 'os'> & { priority?: MachineInfo['priority'] };
function rowMachine(m: MachineInfo): RowMachine {
  const r: RowMachine = { model: m.model, cpus: m.cpus, os: m.os };
  if (m.priority) r.priority = m.priority;
  return r;
}

interface ResultsFile {
  machine: MachineInfo;
  results: Record<string, StoredRow>;
}

export async function main(args: string[]): Promise<number> {
  if (args[0] === '--child' && args[1] === 'tax') {
    await taxChild(args[2] ?? '', args.slice(3));
    return 0;
  }
  if (args[0] === '--child' && args[1] === 'pg-hook') {
    try {
      await pgHookChild(args[2] ?? '', args[3] ?? '0');
    } finally {
      await releaseCurves();
    }
    return 0;
  }
  if (args[0] === '--child' && args[1] === 'pg-issue') {
    try {
      await pgIssuanceChild(args[2] ?? '');
    } finally {
      await releaseCurves();
    }
    return 0;
  }
  if (args[0] === '--table') {
    const { machine, results } = JSON.parse(readFileSync(LATEST, 'utf8')) as ResultsFile;
    // rows of the earlier single-figure format have no ratio: they are not shown
    const rows = Object.values(results).filter(
      (r) => typeof r.ratio === 'number' && r.ours !== undefined && r.baseline !== undefined,
    );
    if (rows.length === 0) {
      process.stdout.write('bench/results/latest.json holds no ratio rows yet: run `npm run bench`\n');
      return 0;
    }
    process.stdout.write(`${ratioTable(rows, true)}\n\n${machineLine(machine)}\n`);
    return 0;
  }
  if (process.env.VOUCH_ENV === undefined) {
    // the benchmarks measure under the dev ceremony's key, which only development mode accepts
    process.env.VOUCH_ENV = 'development';
    process.stderr.write("development mode (VOUCH_ENV=development): benchmarks run on the dev ceremony's artifacts\n");
  }
  const quick = args.includes('--quick');
  const proofsAt = args.indexOf('--proofs');
  const proofCount = proofsAt >= 0 ? Number(args[proofsAt + 1]) : DEFAULT_PROOFS;
  const names = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--proofs');
  const known = (n: string) => SUITES.some((s) => s.name === n || s.rows.includes(n));
  const unknown = names.filter((n) => !known(n));
  if (unknown.length > 0 || !Number.isInteger(proofCount) || proofCount < 10) {
    process.stderr.write(
      `usage: npm run bench [-- NAME ...] [--quick] [--proofs N>=10]\nbenchmarks: ${SUITES.map((s) => `${s.name}${s.rows.length > 1 || s.rows[0] !== s.name ? ` (${s.rows.join(', ')})` : ''}`).join(', ')}\n`,
    );
    return 2;
  }
  const selected =
    names.length === 0 ? SUITES : SUITES.filter((s) => names.includes(s.name) || s.rows.some((r) => names.includes(r)));

  const machine = machineInfo();
  process.stdout.write(`${machineLine(machine)}${quick ? ' (QUICK run: figures not comparable)' : ''}\n\n`);
  let fixture: Promise<ProofFixture> | undefined;
  const ctx: BenchContext = { quick, proofs: () => (fixture ??= makeProofs(quick ? 10 : proofCount)) };

  const rows: StoredRow[] = [];
  try {
    for (const s of selected) {
      process.stderr.write(`running ${s.name}...\n`);
      const start = loads();
      const out = await s.run(ctx);
      const stamp = {
        suite: s.name,
        measuredAt: new Date().toISOString(),
        loadAverage: { start, end: loads() },
        machine: rowMachine(machine),
      };
      for (const r of out) {
        rows.push({ ...r, ...stamp });
        process.stdout.write(
          `${r.name}: ${r.ratio}x (${r.ratioIs}), goal ${goalText(r.goal)}: ${r.met ? 'met' : 'NOT met'}; ours ${fig(r.ours)}, baseline ${fig(r.baseline)}\n`,
        );
        if (r.details) process.stdout.write(`${markdownTable(r.details)}\n`);
      }
    }
  } finally {
    await releaseCurves();
  }
  machine.loadAverage.end = loads();

  process.stdout.write(
    `\n${ratioTable(rows, false)}\n\n${machineLine(machine)}; load average (1/5/15 min) ${machine.loadAverage.start.join(' ')} at start, ${machine.loadAverage.end.join(' ')} at end\n`,
  );
  const file = quick ? QUICK : LATEST;
  writeResults(file, machine, rows);
  process.stdout.write(`wrote ${file}\n`);
  return 0;
}

const fig = (f: { value: number; unit: string }) => `${f.value.toLocaleString('en-US')} ${f.unit}`;

function machineLine(m: MachineInfo): string {
  return `machine: ${m.model}, ${m.cpus} cores, ${m.memory}, ${m.os}, node ${m.node}; nice ${m.priority?.nice ?? 0}${m.priority?.autogroup ? ` (${m.priority.autogroup})` : ''}; load ${m.loadAverage.start.join(' ')}`;
}

/** The ratio table: one line per row, the goal as a ratio, absolute figures beside it. */
export function ratioTable(rows: readonly StoredRow[], withDate: boolean): string {
  return markdownTable(
    rows.map((r) => ({
      benchmark: r.name,
      ratio: `${r.ratio}x`,
      goal: goalText(r.goal),
      met: r.met ? 'yes' : 'no',
      'ratio is': r.ratioIs,
      ours: `${fig(r.ours)} (${r.ours.what})`,
      baseline: `${fig(r.baseline)} (${r.baseline.what})`,
      load: `${r.loadAverage.start[0]}${withDate ? ` (${r.measuredAt.slice(0, 16).replace('T', ' ')} UTC)` : ''}`,
    })),
  );
}

function writeResults(file: string, machine: MachineInfo, rows: readonly StoredRow[]): void {
  const previous: ResultsFile | undefined = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as ResultsFile)
    : undefined;
  const results: ResultsFile['results'] = {};
  // rows of the old single-figure format (no ratio) are dropped rather than mixed in
  // a row kept from an earlier run keeps the machine that run recorded (the file's `machine` is the latest run's)
  if (previous)
    for (const [k, v] of Object.entries(previous.results))
      if (typeof v.ratio === 'number' && v.baseline)
        results[k] = v.machine ? v : { ...v, machine: rowMachine(previous.machine) };
  for (const r of rows) results[r.name] = r;
  const order = SUITES.flatMap((s) => s.rows);
  const ordered = Object.fromEntries(Object.entries(results).sort(([a], [b]) => rank(order, a) - rank(order, b)));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ machine, results: ordered }, null, 2)}\n`);
}

const rank = (order: string[], name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
