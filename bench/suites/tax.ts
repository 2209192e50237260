/**
 * tax: the FIFO tax report benchmark (bench/tax.ts, benchTax), run in a child process so the peak
 * resident memory it reports is its own, not the harness's (which holds proofs and wasm engines).
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchTaxResult } from '../tax.js';
import type { Suite } from '../lib/suite.js';

const GOAL_SECONDS = 20;
const GOAL_MIB = 1024;
export const CHILD_RESULT = 'VOUCH_BENCH_RESULT ';

export const taxSuite: Suite = {
  name: 'tax',
  goal: `10^6 fills -> FIFO report in <= ${GOAL_SECONDS} s and <= 1 GiB`,
  async run(ctx) {
    const fills = ctx.quick ? 100_000 : 1_000_000;
    const r = await inChild(fills);
    return {
      result: {
        workload: `${fills.toLocaleString('en-US')} synthetic fills (2,000 accounts, BTC/ETH/SOL vs USD, ETH vs BTC) -> FIFO report as JSON, CSV parsing to report file, in a child process (bench/tax.ts)`,
        goal: this.goal,
        met: r.fills >= 1_000_000 && r.seconds <= GOAL_SECONDS && r.peakRssMiB <= GOAL_MIB,
        ...r,
      },
      headline: `${r.seconds} s, peak RSS ${r.peakRssMiB} MiB for ${r.fills.toLocaleString('en-US')} fills`,
    };
  },
};

function inChild(fills: number): Promise<BenchTaxResult> {
  const bin = fileURLToPath(new URL('../../bin/vouch-bench.mjs', import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, '--child', 'tax', String(fills)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = out.split('\n').find((l) => l.startsWith(CHILD_RESULT));
      if (code !== 0 || !line) return reject(new Error(`tax benchmark child exited with ${code}`));
      resolve(JSON.parse(line.slice(CHILD_RESULT.length)) as BenchTaxResult);
    });
  });
}

/** The child's side: run benchTax in this (fresh) process and report on stdout. */
export async function taxChild(fills: number): Promise<void> {
  const { benchTax } = await import('../tax.js');
  const r = await benchTax({ fills, print: false });
  process.stdout.write(`${CHILD_RESULT}${JSON.stringify(r)}\n`);
}
