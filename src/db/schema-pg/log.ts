/**
 * Transparency log tables on PostgreSQL, the same two append-only tables as on SQLite
 * (db/schema/log.ts): entries by leaf index, complete-subtree hashes by tlog StoredHashIndex.
 * The primary keys make a fork impossible to store: a second leaf at an index already taken is
 * refused by the database, whatever the writer believed the size to be.
 */
import { bigint, pgTable, text } from 'drizzle-orm/pg-core';
import { bytea } from './types.js';

export const logEntries = pgTable('log_entries', {
  idx: bigint('idx', { mode: 'number' }).primaryKey(),
  kind: text('kind').notNull(),
  body: text('body').notNull(),
});

export const logHashes = pgTable('log_hashes', {
  id: bigint('id', { mode: 'number' }).primaryKey(),
  hash: bytea('hash').notNull(),
});
