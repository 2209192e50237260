/**
 * Tax engine benchmark: a synthetic ledger (deterministic: a fixed-seed xorshift generator, every
 * decimal built from integers) is written to a CSV file, then timed end to end the way
 * `vouch report tax --format json --method FIFO` runs it: stream-parse and validate the CSV,
 * value every fill from a price table, FIFO lots, stream the JSON report to a file.
 * Not wired into a runner; call benchTax() (default 10^6 fills, ~100 MB of temp files).
 *
 * The ledger: 2,000 accounts trading BTC, ETH and SOL against USD (90%) and ETH against BTC (10%,
 * valued through an hourly BTC/USD price table), half of the fills paying a USD fee, one fill
 * every 30 seconds from 2025-01-01 (so 10^6 fills all fall in 2025, the report year). Sells never
 * exceed what the account holds, so the report is complete.
 * Peak memory is the process's maximum resident set size (getrusage), which covers generation
 * too; generation streams to disk in 1 MiB chunks, so the peak is the engine's.
 */
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OutputFile } from '../src/reporting/forms/index.js';
import { JURISDICTIONS, runTaxFiles, TaxReportJsonWriter } from '../src/reporting/tax/index.js';

export interface BenchTaxOptions {
  /** Fills in the synthetic ledger (default 1_000_000). */
  fills?: number;
  /** Print a table to stdout (default true). */
  print?: boolean;
  /** An existing ledger from writeSyntheticLedger (default: one is written to a temp dir first). */
  files?: { ledger: string; prices: string };
}

export interface BenchTaxResult {
  /** Disposal lines in the report. */
  disposals: number;
  fills: number;
  /** Wall time of the report run (parse, value, lots, write), seconds. */
  seconds: number;
  /** Peak resident set size of the process, MiB. */
  peakRssMiB: number;
}

const START = Date.UTC(2025, 0, 1) / 1000;
const ACCOUNTS = 2000;
const ASSETS = ['BTC', 'ETH', 'SOL'] as const;
/** Starting prices in cents: BTC 40,000.00, ETH 2,500.00, SOL 100.00 USD. */
const START_CENTS = [4_000_000, 250_000, 10_000];
/** Seconds between fills: 10^6 fills fit in one calendar year, so every fill is in the report year. */
const STEP = 30;

export async function benchTax(opts: BenchTaxOptions = {}): Promise<BenchTaxResult> {
  const total = opts.fills ?? 1_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'vouch-bench-tax-'));
  try {
    const ledger = opts.files?.ledger ?? join(dir, 'fills.csv');
    const prices = opts.files?.prices ?? join(dir, 'prices.csv');
    if (!opts.files) writeSyntheticLedger(total, ledger, prices);
    const out = join(dir, 'report.json');
    const t0 = process.hrtime.bigint();
    const year = new Date((START + (total - 1) * STEP) * 1000).getUTCFullYear();
    const run = await runTaxFiles({ ledger, prices, jurisdiction: JURISDICTIONS.US, method: 'FIFO', year }, () => {
      const output = OutputFile.open(out);
      return Object.assign(new TaxReportJsonWriter(output), { output });
    });
    run.sink.end(run.engine, run.summary, run.inputs);
    await run.sink.output.commit();
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const peakRssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
    const result = {
      fills: total,
      disposals: run.summary.totals.disposals.lines,
      seconds: Math.round(seconds * 100) / 100,
      peakRssMiB,
    };
    if (opts.print ?? true) {
      const rows: Array<[string, string]> = [
        ['fills', String(total)],
        ['ledger size', `${(statSync(ledger).size / 2 ** 20).toFixed(1)} MiB`],
        ['report year', String(run.engine.year)],
        ['disposal lines', String(run.summary.totals.disposals.lines)],
        ['complete', String(run.summary.complete)],
        ['report size', `${(statSync(out).size / 2 ** 20).toFixed(1)} MiB`],
        ['time (FIFO, JSON report)', `${result.seconds.toFixed(2)} s`],
        ['fills per second', String(Math.round(total / seconds))],
        ['peak RSS', `${peakRssMiB} MiB`],
      ];
      for (const [k, v] of rows) process.stdout.write(`${k.padEnd(26)} ${v}\n`);
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** xorshift32: a fixed-seed integer generator (no floats, same ledger on every machine). */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** Integer cents → "123.45". */
const cents = (c: number): string => `${Math.trunc(c / 100)}.${String(c % 100).padStart(2, '0')}`;
/** Integer 10^-4 units → "1.2345". */
const units4 = (u: number): string => `${Math.trunc(u / 10_000)}.${String(u % 10_000).padStart(4, '0')}`;

/** Writes the synthetic ledger and its price table (deterministic for a given `total`). */
export function writeSyntheticLedger(total: number, ledgerPath: string, pricesPath: string): void {
  const next = rng(0x5eed1234);
  const price = [...START_CENTS];
  // Holdings per account and asset in 10^-4 units, so sells never exceed them.
  const held = new Int32Array(ACCOUNTS * ASSETS.length);
  const fd = openSync(ledgerPath, 'w');
  const pfd = openSync(pricesPath, 'w');
  let buf: string[] = ['time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind\n'];
  let pbuf: string[] = ['time,asset,quote,price\n'];
  let size = 0;
  let nextPriceAt = START;
  const flush = (force: boolean) => {
    if (force || size > 1 << 20) {
      writeSync(fd, buf.join(''));
      writeSync(pfd, pbuf.join(''));
      buf = [];
      pbuf = [];
      size = 0;
    }
  };
  for (let i = 0; i < total; i += 1) {
    const t = START + i * STEP;
    if (t >= nextPriceAt) {
      nextPriceAt = t + 3600;
      // An hourly random walk of ±0.5% per asset, and the BTC/USD row of the price table.
      for (let a = 0; a < price.length; a += 1)
        price[a] = Math.max(100, price[a]! + Math.trunc((price[a]! * ((next() % 101) - 50)) / 10_000));
      pbuf.push(`${t},BTC,USD,${cents(price[0]!)}\n`);
    }
    const account = next() % ACCOUNTS;
    const fee = next() % 2 === 0 ? `${cents(50 + (next() % 500))},USD` : ',';
    if (next() % 10 === 0) {
      // ETH bought or sold against BTC at the cross rate (8 decimals).
      const qty = 1 + (next() % 20_000); // 10^-4 ETH
      const slot = account * 3 + 1;
      const btcSlot = account * 3;
      const cross = Math.trunc((price[1]! * 100_000_000) / price[0]!); // ETH price in 10^-8 BTC
      const btcNeeded = Math.trunc((qty * cross) / 10_000); // 10^-8 BTC
      const sell = held[slot]! >= qty && next() % 2 === 0;
      if (sell) held[slot] = held[slot]! - qty;
      else if (held[btcSlot]! * 10_000 >= btcNeeded + 10_000) {
        held[slot] = held[slot]! + qty;
        held[btcSlot] = held[btcSlot]! - Math.ceil(btcNeeded / 10_000);
      } else {
        i -= 1;
        continue;
      }
      const crossText = `${Math.trunc(cross / 100_000_000)}.${String(cross % 100_000_000).padStart(8, '0')}`;
      buf.push(
        `${t},acct-${account},ETH,${sell ? 'sell' : 'buy'},${units4(qty)},${crossText},BTC,,,bench,T${i},spot\n`,
      );
    } else {
      const a = next() % 3;
      const slot = account * 3 + a;
      const qty = 1 + (next() % 50_000);
      const sell = held[slot]! >= qty && next() % 2 === 0;
      held[slot] = held[slot]! + (sell ? -qty : qty);
      buf.push(
        `${t},acct-${account},${ASSETS[a]},${sell ? 'sell' : 'buy'},${units4(qty)},${cents(price[a]!)},USD,${fee},bench,T${i},spot\n`,
      );
    }
    size += 110;
    flush(false);
  }
  flush(true);
  closeSync(fd);
  closeSync(pfd);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const n = Number(process.argv[2] ?? 1_000_000);
  await benchTax({ fills: n });
}
