/**
 * The log's SQL, prepared once per open log (drizzle prepared statements over better-sqlite3).
 * Two append-only tables: entries by leaf index, subtree hashes by tlog StoredHashIndex.
 */
import { eq, max, sql } from 'drizzle-orm';
import type { VouchDb } from '../../db/client.js';
import { logEntries, logHashes } from '../../db/schema/log.js';
import { VouchError } from '../../errors/index.js';
import type { SubtreeReader } from './subtrees.js';
import { storedHashIndex } from './tree-math.js';

export interface StoredEntry {
  idx: number;
  kind: string;
  body: string;
}

export class SqliteLogStore implements SubtreeReader {
  readonly db: VouchDb;
  readonly #size;
  readonly #hash;
  readonly #entry;
  readonly #insertHash;
  readonly #insertEntry;

  constructor(db: VouchDb) {
    this.db = db;
    this.#size = db
      .select({ last: max(logEntries.idx) })
      .from(logEntries)
      .prepare();
    this.#hash = db
      .select({ hash: logHashes.hash })
      .from(logHashes)
      .where(eq(logHashes.id, sql.placeholder('id')))
      .prepare();
    this.#entry = db
      .select()
      .from(logEntries)
      .where(eq(logEntries.idx, sql.placeholder('idx')))
      .prepare();
    this.#insertHash = db
      .insert(logHashes)
      .values({ id: sql.placeholder('id'), hash: sql.placeholder('hash') })
      .prepare();
    this.#insertEntry = db
      .insert(logEntries)
      .values({ idx: sql.placeholder('idx'), kind: sql.placeholder('kind'), body: sql.placeholder('body') })
      .prepare();
  }

  /** Number of leaves, read from the database (another process may have appended). */
  size(): number {
    const row = this.#size.get();
    return row?.last == null ? 0 : row.last + 1;
  }

  node(level: number, n: number): Uint8Array {
    const row = this.#hash.get({ id: storedHashIndex(level, n) });
    if (!row) {
      throw new VouchError('LOG_STATE_CORRUPT', 'a subtree hash is missing from the log', { details: { level, n } });
    }
    // A plain Uint8Array view (not a Buffer), like every other hash the log hands out.
    return new Uint8Array(row.hash.buffer, row.hash.byteOffset, row.hash.byteLength);
  }

  entry(idx: number): StoredEntry | undefined {
    return this.#entry.get({ idx });
  }

  putHash(level: number, n: number, hash: Uint8Array): void {
    this.#insertHash.run({
      id: storedHashIndex(level, n),
      hash: Buffer.from(hash.buffer, hash.byteOffset, hash.byteLength),
    });
  }

  putEntry(idx: number, kind: string, body: string): void {
    this.#insertEntry.run({ idx, kind, body });
  }

  /** Runs `fn` in one write transaction, taking the write lock up front (BEGIN IMMEDIATE). */
  write<T>(fn: () => T): T {
    return this.db.transaction(() => fn(), { behavior: 'immediate' });
  }
}
