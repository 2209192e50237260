import { pgTable, text } from 'drizzle-orm/pg-core';

/** Key/value facts about this installation (as meta in the SQLite schema). */
export const meta = pgTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
