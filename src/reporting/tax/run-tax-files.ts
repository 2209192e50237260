/**
 * Runs the tax engine over files on disk (ledger CSV/JSON, price table CSV, lot selections JSON),
 * streaming the ledger into any sink. The engine needs fills in time order: a ledger that is
 * already ordered (the usual export) streams in one pass with memory bounded by the open lots;
 * one that is not (e.g. newest first) is detected on the first out-of-order fill, and the run
 * starts again from a stable sort of the whole file (the sink is aborted and made afresh).
 * The SHA-256 of every input file is returned so a report can name exactly what it was made from.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { VouchError } from '../../errors/index.js';
import {
  type LedgerFill,
  readPriceTable,
  type PriceTable,
  readLedgerFile,
  readTextFile,
  sha256File,
  type LedgerFormat,
} from '../ledger/index.js';
import { type FillSource, TaxReportCollector } from './build-tax-report.js';
import { LotSelections } from './lot-selections.js';
import { TaxEngine, type TaxEngineOptions } from './tax-engine.js';
import type { TaxReport } from './tax-report.js';
import type { TaxSink, TaxSummary } from './types.js';

export interface TaxFilesOptions extends Omit<TaxEngineOptions, 'sink' | 'prices' | 'selections'> {
  /** A ledger file path, or a function opening a source already in time order (e.g. the database). */
  ledger: string | (() => FillSource);
  ledgerFormat?: LedgerFormat;
  /** Price table CSV path. */
  prices?: string;
  /** Lot selections JSON path (SPECIFIC only). */
  lots?: string;
}

/** A sink that can throw away what it wrote when the run starts over. */
export interface TaxRunSink extends TaxSink {
  abort?(): Promise<void> | void;
}

export interface TaxFilesRun<S extends TaxRunSink> {
  engine: TaxEngine;
  summary: TaxSummary;
  sink: S;
  /** SHA-256 (hex) of the input files by role: ledger, prices, lots. */
  inputs: Record<string, string>;
  /** True when the ledger was not in time order and was sorted in memory. */
  reordered: boolean;
}

/** 16 MiB: a selection document names lots, it does not restate the ledger. */
const MAX_LOTS_BYTES = 16 * 1024 * 1024;

export async function runTaxFiles<S extends TaxRunSink>(
  options: TaxFilesOptions,
  makeSink: () => S,
): Promise<TaxFilesRun<S>> {
  const { ledger, ledgerFormat, prices: pricesPath, lots: lotsPath, ...engineOptions } = options;
  if (lotsPath !== undefined && options.method !== 'SPECIFIC')
    throw new VouchError('USAGE', 'lot selections apply only to the SPECIFIC method');
  const inputs: Record<string, string> = {};
  if (typeof ledger === 'string') inputs.ledger = await sha256File(ledger);
  let prices: PriceTable | undefined;
  if (pricesPath !== undefined) {
    inputs.prices = await sha256File(pricesPath);
    prices = await readPriceTable(createReadStream(pricesPath));
  }
  let lotsDoc: unknown;
  if (lotsPath !== undefined) {
    const text = await readTextFile(lotsPath, MAX_LOTS_BYTES);
    inputs.lots = sha256Text(text);
    try {
      lotsDoc = JSON.parse(text);
    } catch {
      throw new VouchError('TAX_LOT_SELECTION_INVALID', 'the lot selections file is not valid JSON');
    }
  }

  const attempt = async (source: FillSource) => {
    const sink = makeSink();
    const engine = new TaxEngine({
      ...engineOptions,
      ...(prices ? { prices } : {}),
      ...(lotsDoc !== undefined ? { selections: LotSelections.parse(lotsDoc) } : {}),
      sink,
    });
    try {
      for await (const fill of source) engine.push(fill);
      return { engine, summary: engine.finish(), sink };
    } catch (err) {
      await sink.abort?.();
      throw err;
    }
  };

  if (typeof ledger !== 'string') return { ...(await attempt(ledger())), inputs, reordered: false };
  try {
    return { ...(await attempt(fillsOf(ledger, ledgerFormat))), inputs, reordered: false };
  } catch (err) {
    if (!(err instanceof VouchError && err.code === 'LEDGER_NOT_ORDERED')) throw err;
  }
  const all: LedgerFill[] = [];
  for await (const fill of fillsOf(ledger, ledgerFormat)) all.push(fill);
  // Array.prototype.sort is stable: fills with equal times keep their order in the file.
  all.sort((a, b) => a.timeMs - b.timeMs);
  return { ...(await attempt(all)), inputs, reordered: true };
}

/** The whole JSON tax report from files (see buildTaxReport for the in-memory variant). */
export async function taxReportFromFiles(options: TaxFilesOptions): Promise<TaxReport> {
  const run = await runTaxFiles(options, () => new TaxReportCollector());
  return run.sink.report(run.engine, run.summary.complete, run.summary.totals, run.inputs);
}

async function* fillsOf(path: string, format: LedgerFormat | undefined): AsyncGenerator<LedgerFill> {
  for await (const { fill } of readLedgerFile(path, format ? { format } : {})) yield fill;
}

function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
