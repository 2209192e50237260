import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Key/value facts about this installation (e.g. which artifacts it was started on). */
export const meta = sqliteTable('meta', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
export type MetaRow = typeof meta.$inferSelect;
