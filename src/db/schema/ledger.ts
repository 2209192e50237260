import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/**
 * The trade ledger, scoped by tenant. Decimals are stored as their exact text (never REAL):
 * SQLite has no decimal type and a float column would round quantities.
 */
export const ledgerImports = sqliteTable(
  'ledger_imports',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenant: text('tenant').notNull(),
    /** csv | json | receipts */
    source: text('source', { enum: ['csv', 'json', 'receipts'] }).notNull(),
    /** SHA-256 (hex) of the imported bytes, when they came from a file. */
    sha256: text('sha256'),
    fillCount: integer('fill_count').notNull(),
    /** Unix milliseconds. */
    importedAt: integer('imported_at').notNull(),
    /**
     * 'pending' while a large import is written in chunks (readers skip its fills), 'complete' once
     * every fill is in: an import is still all or nothing, without one long blocking transaction.
     */
    state: text('state', { enum: ['pending', 'complete'] })
      .notNull()
      .default('complete'),
  },
  (t) => [index('ledger_imports_tenant_idx').on(t.tenant)],
);
export type LedgerImportRow = typeof ledgerImports.$inferSelect;

export const ledgerFills = sqliteTable(
  'ledger_fills',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    tenant: text('tenant').notNull(),
    importId: integer('import_id')
      .notNull()
      .references(() => ledgerImports.id),
    /** Unix milliseconds. */
    timeMs: integer('time_ms').notNull(),
    account: text('account').notNull(),
    asset: text('asset').notNull(),
    side: text('side', { enum: ['buy', 'sell', 'credit', 'debit'] }).notNull(),
    quantity: text('quantity').notNull(),
    /** Null for pnl/funding fills. */
    price: text('price'),
    quote: text('quote').notNull(),
    fee: text('fee').notNull(),
    feeAsset: text('fee_asset').notNull(),
    venue: text('venue').notNull(),
    tradeId: text('trade_id').notNull(),
    kind: text('kind', { enum: ['spot', 'pnl', 'funding'] }).notNull(),
    /** The hook receipt the fill came from, when imported from receipts. */
    receiptId: text('receipt_id'),
  },
  (t) => [
    uniqueIndex('ledger_fills_trade_uq').on(t.tenant, t.venue, t.account, t.tradeId),
    index('ledger_fills_time_idx').on(t.tenant, t.timeMs, t.id),
  ],
);
export type LedgerFillRow = typeof ledgerFills.$inferSelect;
export type NewLedgerFillRow = typeof ledgerFills.$inferInsert;
