/**
 * tax: the FIFO tax report (bench/tax.ts, benchTax: CSV parsing to JSON report, as
 * `vouch report tax --method FIFO` runs it) against a straightforward single-pass FIFO over the
 * same fills (bench/tax-reference.ts). Both run in child processes, so each peak resident memory
 * is its own, not the harness's; the ledger is written once, untimed, and the runs alternate
 * (ours, reference, reference, ours).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSyntheticLedger, type BenchTaxResult } from '../tax.js';
import type { ReferenceResult } from '../tax-reference.js';
import { median, round } from '../lib/stats.js';
import { interleave, ratioRow, type Suite } from '../lib/suite.js';

const GOAL_RATIO = 2;
const GOAL_MIB = 1024;
export const CHILD_RESULT = 'VOUCH_BENCH_RESULT ';

export const taxSuite: Suite = {
  name: 'tax',
  rows: ['tax'],
  async run(ctx) {
    const fills = ctx.quick ? 100_000 : 1_000_000;
    const dir = mkdtempSync(join(tmpdir(), 'vouch-bench-tax-'));
    try {
      const ledger = join(dir, 'fills.csv');
      const prices = join(dir, 'prices.csv');
      writeSyntheticLedger(fills, ledger, prices);
      const args = [ledger, prices, String(fills)];
      const { ours, baseline } = await interleave(
        2,
        () => inChild<BenchTaxResult>('vouch', args),
        () => inChild<ReferenceResult>('reference', [...args, join(dir, 'reference.jsonl')]),
      );
      const peak = Math.max(...ours.map((o) => o.peakRssMiB));
      const oursS = median(ours.map((o) => o.seconds));
      const refS = median(baseline.map((o) => o.seconds));
      return [
        ratioRow({
          name: 'tax',
          ours: { what: `FIFO report, ${fills.toLocaleString('en-US')} fills`, value: round(oursS), unit: 's' },
          baseline: { what: 'reference single-pass FIFO (bench/tax-reference.ts)', value: round(refS), unit: 's' },
          ratio: oursS / refS,
          ratioIs: 'our time / reference time',
          goal: {
            op: '<=',
            ratio: GOAL_RATIO,
            also: { text: `peak RSS ${peak} MiB <= ${GOAL_MIB} MiB`, met: peak <= GOAL_MIB && fills >= 1_000_000 },
          },
          workload: `${fills.toLocaleString('en-US')} synthetic fills (2,000 accounts, BTC/ETH/SOL vs USD, ETH vs BTC) written once; then in child processes, alternating: Vouch's FIFO report (CSV parsing to JSON report file) and the reference single pass (CSV to one JSON line per disposal), twice each; medians`,
          extra: {
            peakRssMiB: peak,
            referencePeakRssMiB: Math.max(...baseline.map((b) => b.peakRssMiB)),
            disposals: ours[0]!.disposals,
            referenceDisposals: baseline[0]!.disposals,
            runs: { ours, reference: baseline },
          },
        }),
      ];
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function inChild<T>(which: 'vouch' | 'reference', args: string[]): Promise<T> {
  const bin = fileURLToPath(new URL('../../bin/vouch-bench.mjs', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--child', 'tax', which, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(CHILD_RESULT));
      if (code !== 0 || !line) return reject(new Error(`tax benchmark child (${which}) exited with ${code}`));
      resolve(JSON.parse(line.slice(CHILD_RESULT.length)) as T);
    });
  });
}

/** The child's side: one run in this (fresh) process, reported on stdout. */
export async function taxChild(which: string, rest: string[]): Promise<void> {
  const [ledger, prices, fills, out] = rest;
  let r: unknown;
  if (which === 'vouch') {
    const { benchTax } = await import('../tax.js');
    r = await benchTax({ fills: Number(fills), print: false, files: { ledger: ledger!, prices: prices! } });
  } else if (which === 'reference') {
    const { referenceFifo } = await import('../tax-reference.js');
    r = await referenceFifo(ledger!, prices!, out!);
  } else throw new Error(`unknown tax child ${which}`);
  process.stdout.write(`${CHILD_RESULT}${JSON.stringify(r)}\n`);
}
