/**
 * Persists validated fills for one tenant, all or nothing: every fill of the file is stored, or
 * (on a malformed row, a duplicate inside the file or a trade id the tenant already has) none is.
 * The rows are formatted here (exact decimal text, never floats); how "all or nothing" holds on
 * each database is the store's (sqlite-ledger-store.ts, pg-ledger-store.ts).
 */
import { TENANT_PATTERN } from '../../auth/roles.js';
import { VouchError } from '../../errors/index.js';
import { cooperatively } from './cooperative.js';
import { formatDecimal } from './decimal.js';
import type { LedgerFill } from './fill.js';
import type { LedgerSource, LedgerStore, LocatedRow } from './ledger-store.js';
import type { LocatedFill } from './read-ledger-csv.js';

export interface ImportLedgerOptions {
  tenant: string;
  /** Validated fills, e.g. from readLedgerFile(); `line` is used to name a conflicting row. */
  fills: AsyncIterable<LocatedFill> | Iterable<LocatedFill>;
  source: LedgerSource;
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

export async function importLedger(store: LedgerStore, options: ImportLedgerOptions): Promise<ImportLedgerResult> {
  if (!TENANT_PATTERN.test(options.tenant))
    throw new VouchError('INPUT_INVALID', 'tenant id is malformed', { details: { field: 'tenant' } });
  const importedAt = (options.now ?? Date.now)();
  const { tenant, receiptIds } = options;
  async function* rows(): AsyncGenerator<LocatedRow> {
    let i = 0;
    // the event loop is given back as the fills are read (cooperative.ts)
    for await (const { fill, line } of cooperatively(options.fills, options.onProgress)) {
      yield { row: toRow(tenant, fill, receiptIds?.[i] ?? null), line };
      i += 1;
    }
  }
  const r = await store.importRows({
    tenant,
    source: options.source,
    sha256: options.sha256 ?? null,
    importedAt,
    rows: rows(),
  });
  return { importId: r.importId, tenant, fills: r.fills };
}

function toRow(tenant: string, f: LedgerFill, receiptId: string | null): LocatedRow['row'] {
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
