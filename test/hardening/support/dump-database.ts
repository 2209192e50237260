/**
 * A logical dump of a Vouch SQLite database — the schema and every row of every table, in a
 * stable order — so a test can say "this command changed nothing" by comparing two dumps. Opened
 * read-only with better-sqlite3 directly (openDatabase would run migrations: a write).
 * Byte-level file comparison would not do: WAL checkpoints rewrite the file without changing data.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';

export interface DatabaseDump {
  /** CREATE statements of every table, index, view and trigger, sorted. */
  schema: string[];
  /** Table name → its rows (as JSON-safe values: blobs in hex, bigints as strings), sorted. */
  tables: Record<string, unknown[][]>;
}

export function dumpDatabase(path: string): DatabaseDump {
  if (!existsSync(path)) throw new Error(`no database at ${path}`);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    db.defaultSafeIntegers(true);
    const objects = db
      .prepare('SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name')
      .all() as { type: string; name: string; sql: string }[];
    const tables: Record<string, unknown[][]> = {};
    for (const { name } of objects.filter((o) => o.type === 'table')) {
      const rows = db
        .prepare(`SELECT * FROM "${name.replaceAll('"', '""')}"`)
        .raw(true)
        .all() as unknown[][];
      // ORDER BY every column would need per-table SQL; sorting the encoded rows is simpler and total
      tables[name] = rows.map((r) => r.map(plain)).sort((a, b) => cmp(JSON.stringify(a), JSON.stringify(b)));
    }
    return { schema: objects.map((o) => `${o.type} ${o.name}: ${o.sql}`).sort(), tables };
  } finally {
    db.close();
  }
}

/** SHA-256 of the dump's canonical JSON: cheap to carry between processes. */
export function dumpDigest(dump: DatabaseDump): string {
  return createHash('sha256').update(JSON.stringify(dump)).digest('hex');
}

/** Row counts per table, for messages ("which table changed"). */
export function rowCounts(dump: DatabaseDump): Record<string, number> {
  return Object.fromEntries(Object.entries(dump.tables).map(([t, rows]) => [t, rows.length]));
}

function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (Buffer.isBuffer(v)) return `x'${v.toString('hex')}'`;
  return v;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
