/**
 * Opens the embedded SQLite database (WAL, full fsync on commit, busy timeout so several
 * processes can share one file) and applies the committed migrations.
 * Every write that answers "ok" has been committed with synchronous=FULL: it survives a crash.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { checkOptions } from '../errors/index.js';
import * as schema from './schema.js';

export type VouchDb = BetterSQLite3Database<typeof schema>;

export interface OpenDatabaseOptions {
  /** File path, or ':memory:' for tests. */
  path: string;
  readonly?: boolean;
}

export interface DatabaseHandle {
  db: VouchDb;
  sqlite: Database.Database;
  close(): void;
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

export function openDatabase(options: OpenDatabaseOptions): DatabaseHandle {
  checkOptions('openDatabase', options, { path: 'string', readonly: 'boolean?' });
  if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
  const sqlite = new Database(options.path, { readonly: options.readonly ?? false });
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  if (!options.readonly) migrate(db, { migrationsFolder: MIGRATIONS });
  return { db, sqlite, close: () => sqlite.close() };
}

/** The database file inside a data dir. */
export function databasePath(dataDir: string): string {
  return join(dataDir, 'vouch.sqlite');
}
