/**
 * The reporting areas on PostgreSQL (issue 14): the trade ledger, signed report bundles and their
 * auditor grants. Same table and column names as the SQLite schema (schema/ledger.ts,
 * schema/report-store.ts). Decimals stay exact text; times are Unix milliseconds (bigint).
 */
import { bigint, index, integer, pgTable, primaryKey, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

export const ledgerImports = pgTable(
  'ledger_imports',
  {
    id: serial('id').primaryKey(),
    tenant: text('tenant').notNull(),
    /** csv | json | receipts */
    source: text('source', { enum: ['csv', 'json', 'receipts'] }).notNull(),
    sha256: text('sha256'),
    fillCount: integer('fill_count').notNull(),
    importedAt: bigint('imported_at', { mode: 'number' }).notNull(),
    /** Always 'complete' on PostgreSQL: an import is one transaction (pg-ledger-store.ts). */
    state: text('state', { enum: ['pending', 'complete'] })
      .notNull()
      .default('complete'),
  },
  (t) => [index('ledger_imports_tenant_idx').on(t.tenant)],
);

export const ledgerFills = pgTable(
  'ledger_fills',
  {
    id: serial('id').primaryKey(),
    tenant: text('tenant').notNull(),
    /** ledger_imports.id. No FOREIGN KEY: drizzle-kit would pin it to schema "public" (tests use one schema per file); the import's transaction writes both. */
    importId: integer('import_id').notNull(),
    timeMs: bigint('time_ms', { mode: 'number' }).notNull(),
    account: text('account').notNull(),
    asset: text('asset').notNull(),
    side: text('side', { enum: ['buy', 'sell', 'credit', 'debit'] }).notNull(),
    quantity: text('quantity').notNull(),
    price: text('price'),
    quote: text('quote').notNull(),
    fee: text('fee').notNull(),
    feeAsset: text('fee_asset').notNull(),
    venue: text('venue').notNull(),
    tradeId: text('trade_id').notNull(),
    kind: text('kind', { enum: ['spot', 'pnl', 'funding'] }).notNull(),
    receiptId: text('receipt_id'),
  },
  (t) => [
    uniqueIndex('ledger_fills_trade_uq').on(t.tenant, t.venue, t.account, t.tradeId),
    index('ledger_fills_time_idx').on(t.tenant, t.timeMs, t.id),
    index('ledger_fills_import_idx').on(t.importId),
  ],
);

export const reportBundles = pgTable(
  'report_bundles',
  {
    id: text('id').primaryKey(),
    tenant: text('tenant').notNull(),
    kind: text('kind').notNull(),
    institution: text('institution').notNull(),
    period: text('period').notNull(),
    kid: text('kid').notNull(),
    recordCount: integer('record_count').notNull(),
    commitmentRoot: text('commitment_root').notNull(),
    logIndex: bigint('log_index', { mode: 'number' }).notNull(),
    document: text('document').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('report_bundles_tenant_idx').on(t.tenant, t.createdAt)],
);

export const reportBundleGrants = pgTable(
  'report_bundle_grants',
  {
    /** report_bundles.id (no FOREIGN KEY, as ledger_fills.import_id: a grant is only written for a bundle read first). */
    bundleId: text('bundle_id').notNull(),
    tenant: text('tenant').notNull(),
    /** JSON array of record indexes, or null for every record. */
    records: text('records'),
    grantedAt: bigint('granted_at', { mode: 'number' }).notNull(),
    grantedBy: text('granted_by').notNull(),
  },
  (t) => [primaryKey({ columns: [t.bundleId, t.tenant] }), index('report_bundle_grants_tenant_idx').on(t.tenant)],
);
