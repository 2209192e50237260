/**
 * Opens the embedded SQLite database (WAL, full fsync on commit, busy timeout so several
 * processes can share one file) and applies the committed migrations.
 * Every write that answers "ok" has been committed with synchronous=FULL: it survives a crash.
 * The database holds key hashes, sealed keys and ledgers: its directory (the data dir) is made
 * 0700 and its files (main, -wal, -shm) 0600, whatever the umask, also when they already existed
 * with wider modes (an existing directory is tightened only if this user owns it).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
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

const DATABASE_FILE = 'vouch.sqlite';
const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Opens (creating and migrating it if needed) the SQLite database at `path`, in WAL mode; `readonly` opens an existing one untouched. */
export function openDatabase(options: OpenDatabaseOptions): DatabaseHandle {
  checkOptions('openDatabase', options, { path: 'string', readonly: 'boolean?' });
  const file = options.path !== ':memory:' && !options.readonly;
  if (file) {
    secureDirectory(dirname(options.path), basename(options.path) === DATABASE_FILE);
    if (!existsSync(options.path)) closeSync(openSync(options.path, 'a', 0o600));
  }
  const sqlite = new Database(options.path, {
    readonly: options.readonly ?? false,
    fileMustExist: options.readonly ?? false,
  });
  if (!options.readonly) {
    // a reader takes the file's journal mode as it is (switching it is a write)
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('synchronous = FULL');
  }
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  if (!options.readonly) migrate(db, { migrationsFolder: MIGRATIONS });
  // SQLite gives -wal/-shm the main file's mode; set all three anyway (files made before this fix).
  if (file)
    for (const f of [options.path, `${options.path}-wal`, `${options.path}-shm`])
      if (existsSync(f)) chmodSync(f, 0o600);
  return { db, sqlite, close: () => sqlite.close() };
}

/**
 * Creates `dir` 0700. An existing one is tightened to 0700 only when it is a data dir (the file
 * is vouch.sqlite), this user owns it and it is not a shared sticky directory such as /tmp.
 */
function secureDirectory(dir: string, isDataDir: boolean): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!isDataDir) return;
  const st = statSync(dir);
  const mine = typeof process.getuid !== 'function' || st.uid === process.getuid();
  if (mine && (st.mode & 0o1000) === 0 && (st.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** The database file inside a data dir. */
export function databasePath(dataDir: string): string {
  return join(dataDir, DATABASE_FILE);
}
