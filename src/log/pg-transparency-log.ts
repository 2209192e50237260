/**
 * The transparency log on PostgreSQL, shared by every process of a deployment. Same tables, same
 * leaves and hashes as the SQLite log (transparency-log.ts); every method is async.
 *
 * One order across processes, never a fork — how: an append runs in one READ COMMITTED
 * transaction that first waits in the log's transaction-scoped advisory lock (the queue) and then
 * locks the log's head row (`log_head`: size and the right edge of the tree) with SELECT … FOR
 * UPDATE, in one statement. FOR UPDATE returns the head as the previous holder committed it
 * (PostgreSQL follows a row updated after the statement's snapshot to its newest version), then
 * the new hashes are computed in memory and the entries, hashes and new head written in one
 * statement; both locks are held until commit. The row lock alone would be correct; the advisory
 * lock in front is a cheaper queue than many waiters on one hot row (measured: admissions with
 * the row lock alone were slower than before the head existed). Chosen over "a sequence + a single
 * writer" because every process can append (a hook admission, an issuer's status snapshot) without
 * electing or reaching a writer, and the locks die with their holder: a process killed mid-append
 * loses its connection, PostgreSQL rolls its transaction back and releases them, and the next
 * writer builds on the last committed head. A sequence alone would not do: it hands out indexes
 * but cannot order the hash computation, which needs the previous subtree hashes committed.
 * The head row replaced a `max(idx)` read and a read of the right edge's hashes after the lock:
 * two round trips fewer per append, and the hook's decision rows ride on the lock's statement
 * (pgLockHead's `first`).
 * READ COMMITTED is required, not merely enough: each statement takes a fresh snapshot, so the
 * statements after the lock see the previous holder's commit (REPEATABLE READ would fail the row
 * lock with a serialization error once another appender committed). Even so, the primary keys
 * refuse a second leaf at an index, and the head's UPDATE matches only the size it was locked at:
 * a bug here could fail an append, never fork the log.
 * Readers take no lock: they read the committed head (one row) and hashes, always a valid tree.
 */
import type { SQL } from 'drizzle-orm';
import type { VouchPgDb } from '../db/pg-client.js';
import { guarded } from '../db/pg-client.js';
import { VouchError } from '../errors/index.js';
import type { AnyTransparencyLog } from './any-log.js';
import type { AppendedEntry } from './append-entries.js';
import { formatCheckpointText } from './checkpoint/checkpoint-text.js';
import { encodeEntry, type EncodedEntry, type LogEntryInput, type LogEntryKind } from './entry.js';
import { hashLeaf } from './hash.js';
import { planAppend } from './lib/append-plan.js';
import {
  headRoot,
  pgEntry,
  pgEntryRange,
  pgLockHead,
  pgReadHead,
  pgWritePlan,
  withNodes,
  type LogHead,
  type PgExecutor,
} from './lib/pg-store.js';
import { consistencyPath, inclusionPath, rangeHash } from './lib/subtrees.js';
import { isIndex, storedHashIndex } from './lib/tree-math.js';
import { logEntries, logHashes } from '../db/schema-pg/log.js';
import { signNote } from './signed-note/sign-note.js';
import type { NoteSigner } from './signed-note/signer-key.js';
import type { ConsistencyProof, InclusionProof, LogEntry, SignedCheckpoint } from './transparency-log.js';

/**
 * A transaction's hold on the log: the head as locked in it (lockIn). Valid until the first append
 * through it: appendEntriesIn builds on it without reading the head again.
 */
export interface LogLock {
  readonly head: LogHead;
}

/** What appendEntriesIn may write beside the entries. */
export interface AppendInOptions {
  /** The head this transaction locked (lockIn / lockAfterIn) and has not appended on yet: saves the lock's round trip. */
  lock?: LogLock;
  /** Data-modifying statements (INSERTs) to run in the append's statement: one round trip for the caller's rows and the log's. */
  alongside?: readonly SQL[];
}

export interface OpenPgLogOptions {
  db: VouchPgDb;
  signer?: NoteSigner | (() => NoteSigner);
}

/** The transparency log on PostgreSQL: the same leaves, proofs and signed checkpoints as TransparencyLog, through async calls. */
export class PostgresTransparencyLog implements AnyTransparencyLog {
  readonly dialect = 'postgres' as const;
  readonly #db: VouchPgDb;
  #signer: NoteSigner | (() => NoteSigner) | undefined;

  constructor(options: OpenPgLogOptions) {
    this.#db = options.db;
    this.#signer = options.signer;
  }

  async size(): Promise<number> {
    return (await guarded(() => pgReadHead(this.#db))).size;
  }

  async appendEntry(kind: LogEntryKind, payload: Record<string, unknown>): Promise<AppendedEntry> {
    return (await this.appendEntries([{ kind, payload }]))[0] as AppendedEntry;
  }

  /** Appends a batch atomically, in order, in its own transaction (one commit for all). */
  async appendEntries(entries: readonly LogEntryInput[]): Promise<AppendedEntry[]> {
    const encoded = entries.map((e) => encodeEntry(e.kind, e.payload)); // invalid input fails before any SQL
    if (encoded.length === 0) return [];
    return guarded(() => this.#db.transaction((tx) => appendIn(tx, encoded, {}), { isolationLevel: 'read committed' }));
  }

  /**
   * Appends inside a caller's READ COMMITTED transaction (the hook's admission: nullifier,
   * decision and log entry commit together). The log lock is held until that transaction ends.
   * `lock`: the head this transaction already locked; `alongside`: the caller's INSERTs, written
   * in the append's statement. With no entries, nothing is written (not even `alongside`).
   */
  async appendEntriesIn(
    tx: PgExecutor,
    entries: readonly LogEntryInput[],
    o: AppendInOptions = {},
  ): Promise<AppendedEntry[]> {
    const encoded = entries.map((e) => encodeEntry(e.kind, e.payload));
    return encoded.length === 0 ? [] : appendIn(tx, encoded, o);
  }

  /**
   * Takes the log's append lock in a caller's READ COMMITTED transaction, held until it ends: a
   * decision made on the log's contents and then appended (the escrow committee's newer epoch)
   * cannot race another appender. Reads after it see every append committed before. The returned
   * lock may be passed to the transaction's first appendEntriesIn.
   */
  async lockIn(tx: PgExecutor): Promise<LogLock> {
    return { head: (await pgLockHead(tx)).head };
  }

  /**
   * Runs `first` (a data-modifying statement with RETURNING, e.g. the hook's nullifier INSERT),
   * then takes the append lock, in ONE statement of the caller's READ COMMITTED transaction: the
   * rows `first` returned (as JSON objects) and the lock. `first` is written before the lock is
   * requested, so its work is not done while the lock is held (lock order: see pgLockHead).
   */
  async lockAfterIn<R>(tx: PgExecutor, first: SQL): Promise<{ lock: LogLock; rows: R[] }> {
    const { head, rows } = await pgLockHead<R>(tx, first);
    return { lock: { head }, rows };
  }

  async rootHash(size?: number): Promise<Uint8Array> {
    return guarded(async () => {
      const head = await pgReadHead(this.#db);
      const n = treeSize(head, size);
      return n === head.size ? headRoot(head) : withNodes(this.#db, (r) => rangeHash(r, 0, n));
    });
  }

  async inclusionProof(leafIndex: number, treeSize?: number): Promise<InclusionProof> {
    return guarded(async () => {
      const n = await this.#treeSize(treeSize);
      if (!isIndex(leafIndex) || leafIndex >= n) {
        throw new VouchError('LOG_RANGE_INVALID', 'leaf index must be below the tree size', {
          details: { leafIndex, treeSize: n },
        });
      }
      return withNodes(this.#db, (r) => ({
        leafIndex,
        treeSize: n,
        leafHash: r.node(0, leafIndex),
        rootHash: rangeHash(r, 0, n),
        proof: inclusionPath(r, leafIndex, n),
      }));
    });
  }

  async consistencyProof(fromSize: number, toSize?: number): Promise<ConsistencyProof> {
    return guarded(async () => {
      const n = await this.#treeSize(toSize);
      if (!isIndex(fromSize) || fromSize < 1 || fromSize > n) {
        throw new VouchError('LOG_RANGE_INVALID', 'need 1 <= from <= to <= log size', {
          details: { fromSize, toSize: n },
        });
      }
      return withNodes(this.#db, (r) => ({
        fromSize,
        toSize: n,
        fromRoot: rangeHash(r, 0, fromSize),
        toRoot: rangeHash(r, 0, n),
        proof: consistencyPath(r, fromSize, n),
      }));
    });
  }

  async entry(index: number): Promise<LogEntry> {
    const row = isIndex(index) ? await guarded(() => pgEntry(this.#db, index)) : undefined;
    if (!row) throw new VouchError('LOG_RANGE_INVALID', 'no entry at that index', { details: { index } });
    return logEntryOf(index, row.body);
  }

  /** The entries at start .. end − 1 in one query (a reader of the whole log pages through it with this). */
  async entries(start: number, end: number): Promise<LogEntry[]> {
    if (!isIndex(start) || !isIndex(end) || end < start)
      throw new VouchError('LOG_RANGE_INVALID', 'need 0 <= start <= end', { details: { start, end } });
    if (end === start) return [];
    const rows = await guarded(() => pgEntryRange(this.#db, start, end));
    rows.forEach((r, k) => {
      if (r.idx !== start + k)
        throw new VouchError('LOG_RANGE_INVALID', 'no entry at that index', { details: { index: start + k } });
    });
    if (rows.length !== end - start)
      throw new VouchError('LOG_RANGE_INVALID', 'no entry at that index', { details: { index: start + rows.length } });
    return rows.map((r) => logEntryOf(r.idx, r.body));
  }

  /** A signed checkpoint of the current tree (size and root from the head: one row, one snapshot). */
  async checkpoint(): Promise<SignedCheckpoint> {
    const signer = this.signer();
    const head = await guarded(() => pgReadHead(this.#db));
    const size = head.size;
    const rootHash = headRoot(head);
    const text = formatCheckpointText({ origin: signer.name, size, rootHash, extensions: [] });
    return { note: signNote(text, [signer]), origin: signer.name, size, rootHash };
  }

  /**
   * Integrity check: recomputes every subtree hash from the stored entries' bodies and compares
   * it with the stored one (and that no hash is stored beyond them), and the head (size and right
   * edge) with the recomputed tree's. LOG_STATE_CORRUPT names the first disagreement. Reads the whole log in one snapshot: for audits and tests, not per request.
   */
  async verifyStoredHashes(): Promise<{ size: number; hashes: number }> {
    return guarded(() =>
      this.#db.transaction(
        async (tx) => {
          const rows = await tx.select().from(logEntries).orderBy(logEntries.idx);
          rows.forEach((r, i) => {
            if (Number(r.idx) !== i)
              throw new VouchError('LOG_STATE_CORRUPT', 'the log has a gap in its entries', { details: { index: i } });
          });
          const plan = planAppend(
            0,
            [],
            rows.map((r) => encodeEntryBody(r.kind, r.body)),
          );
          const stored = await tx.select().from(logHashes);
          const byId = new Map(stored.map((h) => [Number(h.id), h.hash]));
          if (stored.length !== plan.hashes.length)
            throw new VouchError(
              'LOG_STATE_CORRUPT',
              'the log stores a different number of subtree hashes than its entries make',
              { details: { stored: stored.length, expected: plan.hashes.length } },
            );
          for (const h of plan.hashes) {
            const got = byId.get(storedHashIndex(h.level, h.n));
            if (!got || !Buffer.from(h.hash).equals(got))
              throw new VouchError('LOG_STATE_CORRUPT', 'a stored subtree hash does not recompute', {
                details: { level: h.level, n: h.n },
              });
          }
          const head = await pgReadHead(tx);
          const sameEdge =
            head.edge.length === plan.edge.length &&
            plan.edge.every((h, level) => {
              const got = head.edge[level];
              return h === undefined ? got === undefined : got !== undefined && Buffer.from(h).equals(got);
            });
          if (head.size !== rows.length || !sameEdge)
            throw new VouchError('LOG_STATE_CORRUPT', "the log head does not match the log's entries", {
              details: { headSize: head.size, entries: rows.length },
            });
          return { size: rows.length, hashes: stored.length };
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      ),
    );
  }

  verifierKey(): string {
    return this.signer().verifierKey;
  }

  signer(): NoteSigner {
    if (this.#signer === undefined)
      throw new VouchError('LOG_KEY_UNAVAILABLE', 'this log was opened without a signing key');
    if (typeof this.#signer === 'function') this.#signer = this.#signer();
    return this.#signer;
  }

  async #treeSize(size: number | undefined): Promise<number> {
    return treeSize(await pgReadHead(this.#db), size);
  }
}

/** The tree size asked for (default: the head's), LOG_RANGE_INVALID beyond the head. */
function treeSize(head: LogHead, size: number | undefined): number {
  if (size === undefined) return head.size;
  if (!isIndex(size) || size > head.size) {
    throw new VouchError('LOG_RANGE_INVALID', 'tree size must not exceed the log size', {
      details: { size, logSize: head.size },
    });
  }
  return size;
}

function logEntryOf(index: number, body: string): LogEntry {
  const parsed = JSON.parse(body) as { kind: LogEntryKind; payload: Record<string, unknown> };
  return {
    index,
    kind: parsed.kind,
    payload: parsed.payload,
    body,
    leafHash: hashLeaf(new TextEncoder().encode(body)),
  };
}

/** A stored entry as planAppend takes it: the leaf hash recomputed from the stored body. */
function encodeEntryBody(kind: string, body: string): EncodedEntry {
  return { kind: kind as LogEntryKind, body, leafHash: hashLeaf(new TextEncoder().encode(body)) } as EncodedEntry;
}

/**
 * Lock (unless the caller's lock is given), plan in memory from the head, write: BEGIN, lock,
 * write, COMMIT for a lone append. A lock is spent by its append (its head is then stale).
 */
async function appendIn(
  tx: PgExecutor,
  encoded: Parameters<typeof planAppend>[2],
  o: AppendInOptions,
): Promise<AppendedEntry[]> {
  const head = o.lock ? spend(o.lock) : (await pgLockHead(tx)).head;
  const plan = planAppend(head.size, head.edge, encoded);
  await pgWritePlan(tx, head, plan, o.alongside);
  return plan.appended;
}

const spent = new WeakSet<LogLock>();
function spend(lock: LogLock): LogHead {
  if (spent.has(lock)) throw new TypeError('a log lock builds one append; lock again (lockIn) for the next');
  spent.add(lock);
  return lock.head;
}
