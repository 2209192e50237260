/**
 * Where a tenant's ledger lives, on either store (issue 14): the embedded SQLite file
 * (sqlite-ledger-store.ts) or the shared PostgreSQL database (pg-ledger-store.ts). Validation,
 * decimal formatting and the report engine stay outside, dialect-free; a store only reads and
 * writes rows. Its one promise beyond that: an import is all or nothing — a rejected import leaves
 * the store exactly as it was, and no reader ever sees part of an import.
 */
import type { LedgerFillRow, NewLedgerFillRow } from '../../db/schema/ledger.js';
import { VouchError } from '../../errors/index.js';

export type LedgerSource = 'csv' | 'json' | 'receipts';

/** One validated fill as a row to store, with where it came from (to name a conflicting row). */
export interface LocatedRow {
  row: Omit<NewLedgerFillRow, 'importId' | 'id'>;
  line: number;
}

export interface LedgerImportInput {
  tenant: string;
  source: LedgerSource;
  sha256: string | null;
  /** Unix milliseconds. */
  importedAt: number;
  rows: AsyncIterable<LocatedRow>;
}

export interface LedgerStore {
  readonly dialect: 'sqlite' | 'postgres';
  /**
   * Stores every row, or none: a trade id the tenant already has (or one repeated in `rows`)
   * throws LEDGER_DUPLICATE_TRADE naming the row, and nothing of this import remains.
   */
  importRows(input: LedgerImportInput): Promise<{ importId: number; fills: number }>;
  /** The tenant's stored fills of complete imports, in time order (ties in import order), paged. */
  readRows(tenant: string): AsyncGenerator<LedgerFillRow>;
  /** How many fills the tenant has stored (what a report over its ledger will read). */
  countFills(tenant: string): Promise<number>;
}

/** The coded error for a trade id already in the tenant's ledger, naming the row that repeats it. */
export function duplicateTradeError(source: LedgerSource, line: number | undefined, cause?: unknown): VouchError {
  const where = source === 'csv' ? 'line' : source === 'json' ? 'record' : 'receipt';
  return new VouchError(
    'LEDGER_DUPLICATE_TRADE',
    `${line === undefined ? 'a fill' : `${where} ${line}`}: the tenant's ledger already has this trade id for this venue and account; nothing was imported`,
    {
      ...(cause !== undefined ? { cause } : {}),
      details: line === undefined ? {} : { [where]: line, field: 'tradeId' },
    },
  );
}
