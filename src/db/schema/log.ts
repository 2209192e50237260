import { blob, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Transparency log entries, append-only. `idx` is the leaf index (0-based); `body` is the
 * canonical JSON whose UTF-8 bytes are the RFC 6962 leaf input. Never updated or deleted.
 */
export const logEntries = sqliteTable('log_entries', {
  idx: integer('idx').primaryKey(),
  kind: text('kind').notNull(),
  body: text('body').notNull(),
});
export type LogEntryRow = typeof logEntries.$inferSelect;

/**
 * Every complete-subtree hash of the log (leaves at level 0 included), keyed by Go sumdb/tlog's
 * dense StoredHashIndex(level, n): appends only ever add ids at the end, and any proof needs
 * O(log n) point lookups by integer primary key.
 */
export const logHashes = sqliteTable('log_hashes', {
  id: integer('id').primaryKey(),
  hash: blob('hash', { mode: 'buffer' }).notNull(),
});
export type LogHashRow = typeof logHashes.$inferSelect;
