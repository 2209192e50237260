/**
 * A bare SQLite table with the pragmas Vouch's database uses (src/db/client.ts: WAL,
 * synchronous=FULL), for baselines that store the same bytes without Vouch's schema or code.
 */
import Database from 'better-sqlite3';

export interface RawTable {
  /** Inserts rows in one transaction (one fsync). */
  insertMany(rows: readonly (string | Uint8Array)[]): void;
  close(): void;
}

export function openRawTable(path: string): RawTable {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE IF NOT EXISTS raw (id INTEGER PRIMARY KEY, body BLOB NOT NULL)');
  const insert = db.prepare('INSERT INTO raw (body) VALUES (?)');
  const many = db.transaction((rows: readonly (string | Uint8Array)[]) => {
    for (const r of rows) insert.run(r);
  });
  return { insertMany: (rows) => many(rows), close: () => db.close() };
}
