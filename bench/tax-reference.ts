/**
 * The tax benchmark's baseline: a straightforward single-pass FIFO over the same ledger files
 * (bench/tax.ts writeSyntheticLedger), as someone would write it without Vouch. It streams the
 * CSV line by line, values every fill in USD (BTC-quoted fills through the latest hourly BTC/USD
 * row), keeps a FIFO queue of lots per account and asset — the BTC leg of an ETH/BTC fill is a
 * disposal or an acquisition of BTC too — and streams one JSON line per disposal to a file.
 * Amounts are bigints scaled by 10^8 (no floats, as CONVENTIONS.md asks of money).
 *
 * What it leaves out, and Vouch does not: input validation with line-numbered errors, other lot
 * methods, fee-asset handling beyond USD, holding periods, income, shortfall reporting, totals by
 * category, the report's schema. That gap is what the ratio prices.
 */
import { closeSync, createReadStream, openSync, readFileSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';

const SCALE = 10n ** 8n;

export interface ReferenceResult {
  fills: number;
  disposals: number;
  seconds: number;
  peakRssMiB: number;
}

/** "123.45" -> 12345000000n (scaled by 10^8); at most 8 decimals. */
function dec(s: string): bigint {
  const dot = s.indexOf('.');
  if (dot < 0) return BigInt(s) * SCALE;
  const frac = s.slice(dot + 1);
  return BigInt(s.slice(0, dot)) * SCALE + BigInt(frac.padEnd(8, '0').slice(0, 8));
}

interface Lot {
  qty: bigint;
  cost: bigint;
}

class Fifo {
  lots: Lot[] = [];
  head = 0;
  add(qty: bigint, cost: bigint): void {
    this.lots.push({ qty, cost });
  }
  /** Removes qty (FIFO) and returns its cost basis. */
  take(qty: bigint): bigint {
    let cost = 0n;
    while (qty > 0n && this.head < this.lots.length) {
      const lot = this.lots[this.head]!;
      const q = qty < lot.qty ? qty : lot.qty;
      const c = (lot.cost * q) / lot.qty;
      lot.qty -= q;
      lot.cost -= c;
      cost += c;
      qty -= q;
      if (lot.qty === 0n) this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.lots.length) {
      this.lots = this.lots.slice(this.head);
      this.head = 0;
    }
    return cost;
  }
}

export async function referenceFifo(ledger: string, prices: string, out: string): Promise<ReferenceResult> {
  const t0 = process.hrtime.bigint();
  const btcUsd: [number, bigint][] = readFileSync(prices, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => {
      const [time, , , price] = l.split(',');
      return [Number(time), dec(price!)];
    });
  const fd = openSync(out, 'w');
  let buf: string[] = [];
  let size = 0;
  const emit = (line: string) => {
    buf.push(line);
    size += line.length;
    if (size > 1 << 20) {
      writeSync(fd, buf.join(''));
      buf = [];
      size = 0;
    }
  };
  const books = new Map<string, Fifo>();
  const book = (account: string, asset: string) => {
    const k = `${account}/${asset}`;
    let b = books.get(k);
    if (!b) books.set(k, (b = new Fifo()));
    return b;
  };
  const dispose = (time: string, account: string, asset: string, qty: bigint, proceeds: bigint) => {
    const cost = book(account, asset).take(qty);
    emit(
      `${JSON.stringify({ time: Number(time), account, asset, quantity: qty.toString(), proceeds: proceeds.toString(), cost: cost.toString(), gain: (proceeds - cost).toString() })}\n`,
    );
    disposals++;
  };
  let p = 0;
  let fills = 0;
  let disposals = 0;
  const lines = createInterface({ input: createReadStream(ledger), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    const [time, account, asset, side, quantity, price, quote, fee] = line.split(',') as string[];
    const t = Number(time);
    while (p + 1 < btcUsd.length && btcUsd[p + 1]![0] <= t) p++;
    const qty = dec(quantity!);
    const px = dec(price!);
    const feeUsd = fee ? dec(fee) : 0n;
    let usd: bigint;
    if (quote === 'USD') usd = (qty * px) / SCALE;
    else {
      const btc = (qty * px) / SCALE; // BTC amount of the ETH/BTC fill
      usd = (btc * btcUsd[p]![1]) / SCALE;
      if (side === 'buy') dispose(time!, account!, 'BTC', btc, usd);
      else book(account!, 'BTC').add(btc, usd);
    }
    if (side === 'buy') book(account!, asset!).add(qty, usd + feeUsd);
    else dispose(time!, account!, asset!, qty, usd - feeUsd);
    fills++;
  }
  writeSync(fd, buf.join(''));
  closeSync(fd);
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return {
    fills,
    disposals,
    seconds: Math.round(seconds * 100) / 100,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}
