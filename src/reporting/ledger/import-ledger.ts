/**
 * Persists validated fills for one tenant in ONE SQLite transaction: every fill of the file is
 * stored, or (on a malformed row, a duplicate inside the file or a trade id the tenant already
 * has) none is. Validation runs while reading; the write starts only after the last row parsed,
 * because better-sqlite3 transactions are synchronous and must not span an await.
 */
import { and, eq } from 'drizzle-orm';
import { TENANT_PATTERN } from '../../auth/roles.js';
import type { VouchDb } from '../../db/client.js';
import { ledgerFills, ledgerImports, type NewLedgerFillRow } from '../../db/schema/ledger.js';
import { VouchError } from '../../errors/index.js';
import { formatDecimal } from './decimal.js';
import type { LedgerFill } from './fill.js';
import type { LocatedFill } from './read-ledger-csv.js';

export interface ImportLedgerOptions {
  tenant: string;
  /** Validated fills, e.g. from readLedgerFile(); `line` is used to name a conflicting row. */
  fills: AsyncIterable<LocatedFill> | Iterable<LocatedFill>;
  source: 'csv' | 'json' | 'receipts';
  /** SHA-256 (hex) of the file's bytes, recorded with the import. */
  sha256?: string;
  /** Receipt ids by position, for fills that came from hook receipts. */
  receiptIds?: readonly string[];
  /** Clock (Unix ms) for the import record. */
  now?: () => number;
}

export interface ImportLedgerResult {
  importId: number;
  tenant: string;
  fills: number;
}

/** Rows per INSERT statement: 14 columns × 500 stays far below SQLite's variable limit. */
const BATCH = 500;

export async function importLedger(db: VouchDb, options: ImportLedgerOptions): Promise<ImportLedgerResult> {
  if (!TENANT_PATTERN.test(options.tenant)) throw new VouchError('INPUT_INVALID', 'tenant id is malformed', { details: { field: 'tenant' } });
  const rows: Omit<NewLedgerFillRow, 'importId'>[] = [];
  const lines: number[] = [];
  for await (const { fill, line } of options.fills) {
    rows.push(toRow(options.tenant, fill, options.receiptIds?.[rows.length] ?? null));
    lines.push(line);
  }
  const importedAt = (options.now ?? Date.now)();
  const importId = db.transaction((tx) => {
    const inserted = tx
      .insert(ledgerImports)
      .values({ tenant: options.tenant, source: options.source, sha256: options.sha256 ?? null, fillCount: rows.length, importedAt })
      .returning({ id: ledgerImports.id })
      .get();
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH).map((r) => ({ ...r, importId: inserted.id }));
      try {
        tx.insert(ledgerFills).values(batch).run();
      } catch (err) {
        if (!isUniqueViolation(err)) throw err;
        const at = batch.findIndex((r) => exists(tx, r));
        const line = at === -1 ? undefined : lines[start + at];
        const where = options.source === 'csv' ? 'line' : options.source === 'json' ? 'record' : 'receipt';
        throw new VouchError(
          'LEDGER_DUPLICATE_TRADE',
          `${line === undefined ? 'a fill' : `${where} ${line}`}: the tenant's ledger already has this trade id for this venue and account; nothing was imported`,
          { cause: err, details: line === undefined ? {} : { [where]: line, field: 'tradeId' } },
        );
      }
    }
    return inserted.id;
  });
  return { importId, tenant: options.tenant, fills: rows.length };
}

function toRow(tenant: string, f: LedgerFill, receiptId: string | null): Omit<NewLedgerFillRow, 'importId'> {
  return {
    tenant,
    timeMs: f.timeMs,
    account: f.account,
    asset: f.asset,
    side: f.side,
    quantity: formatDecimal(f.quantity),
    price: f.price === null ? null : formatDecimal(f.price),
    quote: f.quote,
    fee: formatDecimal(f.fee),
    feeAsset: f.feeAsset,
    venue: f.venue,
    tradeId: f.tradeId,
    kind: f.kind,
    receiptId,
  };
}

type Tx = Parameters<Parameters<VouchDb['transaction']>[0]>[0];

function exists(tx: Tx, r: Pick<NewLedgerFillRow, 'tenant' | 'venue' | 'account' | 'tradeId'>): boolean {
  const hit = tx
    .select({ id: ledgerFills.id })
    .from(ledgerFills)
    .where(and(eq(ledgerFills.tenant, r.tenant), eq(ledgerFills.venue, r.venue), eq(ledgerFills.account, r.account), eq(ledgerFills.tradeId, r.tradeId)))
    .limit(1)
    .get();
  return hit !== undefined;
}

/** better-sqlite3's constraint error, possibly wrapped by drizzle (DrizzleQueryError.cause). */
function isUniqueViolation(err: unknown): boolean {
  for (let e = err, depth = 0; typeof e === 'object' && e !== null && depth < 4; e = (e as { cause?: unknown }).cause, depth += 1) {
    if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  }
  return false;
}
