/**
 * Transparency log tables on PostgreSQL, the same two append-only tables as on SQLite
 * (db/schema/log.ts): entries by leaf index, complete-subtree hashes by tlog StoredHashIndex.
 * The primary keys make a fork impossible to store: a second leaf at an index already taken is
 * refused by the database, whatever the writer believed the size to be.
 *
 * PostgreSQL only: `log_head`, one row holding the tree's size and its right edge (the frontier),
 * the state an append builds on. Appenders lock this row (`SELECT … FOR UPDATE`, behind the log's
 * advisory lock, both held until commit) and rewrite it in the statement that writes the entries,
 * so an append reads no `max(idx)` and no subtree hashes (pg-transparency-log.ts says why that is safe).
 */
import { sql } from 'drizzle-orm';
import { bigint, check, pgTable, smallint, text } from 'drizzle-orm/pg-core';
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

/**
 * The log's head: exactly one row (id 1), written by the migration that created it (from the
 * entries and hashes already stored) and by every append after. `frontier` is the hashes of the
 * complete subtrees on the tree's right edge, one per set bit of `size`, lowest level first
 * (32 bytes each; empty for an empty log).
 */
export const logHead = pgTable(
  'log_head',
  {
    id: smallint('id').primaryKey().default(1),
    size: bigint('size', { mode: 'number' }).notNull(),
    frontier: bytea('frontier').notNull(),
  },
  (t) => [check('log_head_one_row', sql`${t.id} = 1`)],
);
