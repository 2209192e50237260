/**
 * Persists validated fills for one tenant, all or nothing: every fill of the file is stored, or
 * (on a malformed row, a duplicate inside the file or a trade id the tenant already has) none is.
 *
 * Without blocking the server: better-sqlite3 transactions are synchronous and must not span an
 * await, and one transaction for 100,000 fills held the event loop for seconds. So the import row
 * is written first as 'pending', fills follow in small transactions with the event loop given back
 * between them (cooperative.ts), and one last transaction marks the import 'complete'. Readers
 * (readLedgerFromDb) skip the fills of pending imports, so nobody sees half an import; on any
 * failure the chunks written so far are deleted with the import row. A process killed mid-import
 * leaves a pending import that stays invisible (its fills are never reported).
 */
import { and, eq, lt } from 'drizzle-orm';
import { TENANT_PATTERN } from '../../auth/index.js';
import type { VouchDb } from '../../db/client.js';
import { ledgerFills, ledgerImports, type NewLedgerFillRow } from '../../db/schema/ledger.js';
import { VouchError } from '../../errors/index.js';
import { formatDecimal } from './decimal.js';
import type { LedgerFill } from './fill.js';
import { cooperatively } from './cooperative.js';
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
  /** Called with the number of fills read so far (a job's progress). */
  onProgress?: (fills: number) => void;
}

export interface ImportLedgerResult {
  importId: number;
  tenant: string;
  fills: number;
}

/** Rows per INSERT statement: 14 columns × 500 stays far below SQLite's variable limit. */
const BATCH = 500;

export async function importLedger(db: VouchDb, options: ImportLedgerOptions): Promise<ImportLedgerResult> {
  if (!TENANT_PATTERN.test(options.tenant))
    throw new VouchError('INPUT_INVALID', 'tenant id is malformed', { details: { field: 'tenant' } });
  const importedAt = (options.now ?? Date.now)();
  const importId = db
    .insert(ledgerImports)
    .values({
      tenant: options.tenant,
      source: options.source,
      sha256: options.sha256 ?? null,
      fillCount: 0,
      importedAt,
      state: 'pending',
    })
    .returning({ id: ledgerImports.id })
    .get().id;
  let count = 0;
  try {
    let rows: NewLedgerFillRow[] = [];
    let lines: number[] = [];
    const write = () => {
      insertBatch(db, rows, lines, options.source);
      rows = [];
      lines = [];
    };
    for await (const { fill, line } of cooperatively(options.fills, options.onProgress)) {
      rows.push({ ...toRow(options.tenant, fill, options.receiptIds?.[count] ?? null), importId });
      lines.push(line);
      count += 1;
      if (rows.length === BATCH) write();
    }
    if (rows.length > 0) write();
    db.update(ledgerImports).set({ state: 'complete', fillCount: count }).where(eq(ledgerImports.id, importId)).run();
  } catch (err) {
    discardImport(db, importId);
    throw err;
  }
  return { importId, tenant: options.tenant, fills: count };
}

/** One batch in one (short) transaction; a trade id already stored names the row that repeats it. */
function insertBatch(
  db: VouchDb,
  batch: NewLedgerFillRow[],
  lines: number[],
  source: ImportLedgerOptions['source'],
): void {
  db.transaction((tx) => {
    try {
      tx.insert(ledgerFills).values(batch).run();
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
      const at = batch.findIndex((r) => exists(tx, r));
      const line = at === -1 ? undefined : lines[at];
      const where = source === 'csv' ? 'line' : source === 'json' ? 'record' : 'receipt';
      throw new VouchError(
        'LEDGER_DUPLICATE_TRADE',
        `${line === undefined ? 'a fill' : `${where} ${line}`}: the tenant's ledger already has this trade id for this venue and account; nothing was imported`,
        { cause: err, details: line === undefined ? {} : { [where]: line, field: 'tradeId' } },
      );
    }
  });
}

/** Removes a failed import's fills (in batches, by id order) and its row. */
function discardImport(db: VouchDb, importId: number): void {
  db.transaction((tx) => {
    tx.delete(ledgerFills).where(eq(ledgerFills.importId, importId)).run();
    tx.delete(ledgerImports)
      .where(and(eq(ledgerImports.id, importId), lt(ledgerImports.fillCount, 1)))
      .run();
  });
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
    .where(
      and(
        eq(ledgerFills.tenant, r.tenant),
        eq(ledgerFills.venue, r.venue),
        eq(ledgerFills.account, r.account),
        eq(ledgerFills.tradeId, r.tradeId),
      ),
    )
    .limit(1)
    .get();
  return hit !== undefined;
}

/** better-sqlite3's constraint error, possibly wrapped by drizzle (DrizzleQueryError.cause). */
function isUniqueViolation(err: unknown): boolean {
  for (
    let e = err, depth = 0;
    typeof e === 'object' && e !== null && depth < 4;
    e = (e as { cause?: unknown }).cause, depth += 1
  ) {
    if ((e as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE') return true;
  }
  return false;
}
