/**
 * `npm run bench [-- NAME ...] [--quick] [--proofs N]`: runs the benchmarks (all, or the named
 * ones), prints a summary table and writes bench/results/latest.json (results of a partial run are
 * merged into the file's existing ones, each stamped with when it was measured and the load average
 * around it). `npm run bench -- --table` prints latest.json's summary table without running.
 *
 * --quick shrinks every workload to try the harness; its figures are not comparable, so they go to
 * a temporary file instead. Run the full benchmark once, on a quiet machine, for figures to quote.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { releaseCurves } from '../src/zk/index.js';
import { loads, machineInfo, type MachineInfo } from './lib/machine.js';
import { makeProofs, type ProofFixture } from './lib/proofs.js';
import type { BenchContext, Suite, SuiteOutput, SuiteResult } from './lib/suite.js';
import { markdownTable } from './lib/table.js';
import { circuit } from './suites/circuit.js';
import { issuance } from './suites/issuance.js';
import { logSuite } from './suites/log.js';
import { hookSuite } from './suites/hook.js';
import { sessionSuite } from './suites/session.js';
import { proveSuite } from './suites/prove.js';
import { taxChild, taxSuite } from './suites/tax.js';
import { verifyBatchSuite } from './suites/verify-batch.js';
import { verifySingle } from './suites/verify-single.js';
import { evmSuite } from './suites/evm.js';

export const SUITES: readonly Suite[] = [circuit, proveSuite, verifySingle, verifyBatchSuite, hookSuite, sessionSuite, issuance, logSuite, taxSuite, evmSuite];
const LATEST = join(dirname(fileURLToPath(import.meta.url)), 'results', 'latest.json');
const QUICK = join(tmpdir(), 'vouch-bench-quick.json');
const DEFAULT_PROOFS = 16;

interface ResultsFile {
  machine: MachineInfo;
  results: Record<string, SuiteResult & { summary?: string; measuredAt: string }>;
}

export async function main(args: string[]): Promise<number> {
  if (args[0] === '--child' && args[1] === 'tax') {
    await taxChild(Number(args[2]));
    return 0;
  }
  if (args[0] === '--table') {
    // the summary table of bench/results/latest.json (for BENCHMARKS.md), without running anything
    const { machine, results } = JSON.parse(readFileSync(LATEST, 'utf8')) as ResultsFile;
    const rows = Object.entries(results).map(([name, r]) => ({
      benchmark: name,
      result: String(r.summary ?? ''),
      goal: r.goal,
      met: r.skipped ? 'skipped' : r.met ? 'yes' : 'no',
      measured: `${r.measuredAt.slice(0, 16).replace('T', ' ')} UTC, load ${(r.loadAverage as { start?: number[] } | undefined)?.start?.[0] ?? '?'}`,
    }));
    process.stdout.write(`${markdownTable(rows)}\n\n${machine.model}, ${machine.cpus} cores, ${machine.memory}, ${machine.os}, node ${machine.node}\n`);
    return 0;
  }
  if (process.env.VOUCH_ENV === undefined) {
    // the benchmarks measure under the dev ceremony's key, which only development mode accepts
    process.env.VOUCH_ENV = 'development';
    process.stderr.write('development mode (VOUCH_ENV=development): benchmarks run on the dev ceremony\'s artifacts\n');
  }
  const quick = args.includes('--quick');
  const proofsAt = args.indexOf('--proofs');
  const proofCount = proofsAt >= 0 ? Number(args[proofsAt + 1]) : DEFAULT_PROOFS;
  const names = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--proofs');
  const unknown = names.filter((n) => !SUITES.some((s) => s.name === n));
  if (unknown.length > 0 || !Number.isInteger(proofCount) || proofCount < 10) {
    process.stderr.write(`usage: npm run bench [-- NAME ...] [--quick] [--proofs N>=10]\nbenchmarks: ${SUITES.map((s) => s.name).join(', ')}\n`);
    return 2;
  }
  const selected = names.length === 0 ? SUITES : SUITES.filter((s) => names.includes(s.name));

  const machine = machineInfo();
  process.stdout.write(`machine: ${machine.model}, ${machine.cpus} cores, ${machine.memory}, ${machine.os}, node ${machine.node}; load ${machine.loadAverage.start.join(' ')}${quick ? ' (QUICK run: figures not comparable)' : ''}\n\n`);
  let fixture: Promise<ProofFixture> | undefined;
  const ctx: BenchContext = { quick, proofs: () => (fixture ??= makeProofs(quick ? 10 : proofCount)) };

  const outputs: [Suite, SuiteOutput][] = [];
  try {
    for (const s of selected) {
      process.stderr.write(`running ${s.name}...\n`);
      const before = loads();
      const out = await s.run(ctx);
      out.result.loadAverage = { start: before, end: loads() };
      outputs.push([s, out]);
      process.stdout.write(`${s.name}: ${out.headline}${out.result.met ? '' : out.result.skipped ? '' : '  (goal not met)'}\n`);
      if (out.details) process.stdout.write(`${markdownTable(out.details)}\n`);
    }
  } finally {
    await releaseCurves();
  }
  machine.loadAverage.end = loads();

  process.stdout.write(`\n${summaryTable(outputs)}\n\nload average (1/5/15 min): ${machine.loadAverage.start.join(' ')} at start, ${machine.loadAverage.end.join(' ')} at end\n`);
  const file = quick ? QUICK : LATEST;
  writeResults(file, machine, outputs);
  process.stdout.write(`wrote ${file}\n`);
  return 0;
}

export function summaryTable(outputs: readonly [Suite, SuiteOutput][]): string {
  return markdownTable(
    outputs.map(([s, o]) => ({
      benchmark: s.name,
      result: o.headline,
      goal: s.goal,
      met: o.result.skipped ? 'skipped' : o.result.met ? 'yes' : 'no',
    })),
  );
}

function writeResults(file: string, machine: MachineInfo, outputs: readonly [Suite, SuiteOutput][]): void {
  const previous: ResultsFile | undefined = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ResultsFile) : undefined;
  const results: ResultsFile['results'] = { ...(previous?.results ?? {}) };
  for (const [s, o] of outputs) results[s.name] = { ...o.result, summary: o.headline, measuredAt: machine.date };
  const ordered = Object.fromEntries(SUITES.filter((s) => results[s.name]).map((s) => [s.name, results[s.name]!]));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify({ machine, results: ordered }, null, 2)}\n`);
}
