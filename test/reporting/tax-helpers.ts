/**
 * Helpers for the ledger/tax/forms tests: ledgers written as CSV rows (the way a user writes
 * them), parsed by the real reader, and reports built by the real engine.
 */
import { readLedgerCsv, readPriceTable, type LedgerFill, type PriceTable } from '../../src/reporting/ledger/index.js';
import { buildTaxReport, type BuildTaxReportOptions, type TaxReport } from '../../src/reporting/tax/index.js';

export const HEADER = 'time,account,asset,side,quantity,price,quote,fee,feeAsset,venue,tradeId,kind';

export function csv(rows: readonly string[]): string {
  return `${[HEADER, ...rows].join('\n')}\n`;
}

export async function fillsOf(rows: readonly string[]): Promise<LedgerFill[]> {
  const out: LedgerFill[] = [];
  for await (const { fill } of readLedgerCsv([csv(rows)])) out.push(fill);
  return out;
}

export async function prices(rows: readonly string[]): Promise<PriceTable> {
  return readPriceTable([`time,asset,quote,price\n${rows.join('\n')}\n`]);
}

export async function report(
  rows: readonly string[],
  options: Omit<BuildTaxReportOptions, 'year'> & { year?: number },
  priceRows: readonly string[] = [],
): Promise<TaxReport> {
  return buildTaxReport(await fillsOf(rows), { year: 2026, ...options, prices: await prices(priceRows) });
}

/** Reduces disposal records to the figures a worked example states. */
export function figures(r: TaxReport): Array<[string, string, string, string, string, string]> {
  return r.disposals.map((d) => [d.lotId, d.quantity, d.proceeds, d.costBasis, d.gain, d.holdingClass]);
}

/** Rejects with a VouchError of this code; returns it for further checks. */
export async function rejectsWith(
  p: Promise<unknown> | (() => unknown),
  code: string,
): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    const e = err as { code?: string; message: string; details?: Record<string, unknown> };
    if (e.code !== code) throw new Error(`expected ${code}, got ${e.code ?? 'no code'}: ${e.message}`);
    return e as { code: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error(`expected ${code}, but nothing was thrown`);
}
