/**
 * The transparency log on PostgreSQL, shared by every process of a deployment. Same tables, same
 * leaves and hashes as the SQLite log (transparency-log.ts); every method is async.
 *
 * One order across processes, never a fork — how: an append runs in one READ COMMITTED
 * transaction that first takes a transaction-scoped advisory lock (pg_advisory_xact_lock), then
 * reads the size and the right edge, then writes. Chosen over "a sequence + a single writer"
 * because every process can append (a hook admission, an issuer's status snapshot) without
 * electing or reaching a writer, and the lock dies with its holder: a process killed mid-append
 * loses its connection, PostgreSQL rolls its transaction back and releases the lock, and the next
 * writer builds on the last committed tree. A sequence alone would not do: it hands out indexes
 * but cannot order the hash computation, which needs the previous subtree hashes committed.
 * READ COMMITTED is required, not merely enough: each statement takes a fresh snapshot, so the
 * size read *after* the lock is granted sees the previous holder's commit (REPEATABLE READ would
 * keep the snapshot taken before the wait and build on a stale tree). Even so, the primary keys
 * refuse a second leaf at an index: a bug here could fail an append, never fork the log.
 * Readers take no lock: they see a committed prefix, which is always a valid tree.
 */
import { sql } from 'drizzle-orm';
import type { VouchPgDb } from '../db/pg-client.js';
import { guarded } from '../db/pg-client.js';
import { VouchError } from '../errors/index.js';
import type { AnyTransparencyLog } from './any-log.js';
import type { AppendedEntry } from './append-entries.js';
import { formatCheckpointText } from './checkpoint/checkpoint-text.js';
import { encodeEntry, type EncodedEntry, type LogEntryInput, type LogEntryKind } from './entry.js';
import { hashLeaf } from './hash.js';
import { planAppend, rightEdgeNodes } from './lib/append-plan.js';
import { pgEntry, pgEntryRange, pgLogSize, pgNodes, pgWritePlan, withNodes, type PgExecutor } from './lib/pg-store.js';
import { consistencyPath, inclusionPath, rangeHash } from './lib/subtrees.js';
import { isIndex, storedHashIndex } from './lib/tree-math.js';
import { logEntries, logHashes } from '../db/schema-pg/log.js';
import { signNote } from './signed-note/sign-note.js';
import type { NoteSigner } from './signed-note/signer-key.js';
import type { ConsistencyProof, InclusionProof, LogEntry, SignedCheckpoint } from './transparency-log.js';

/** pg_advisory_xact_lock key of the log ("VOUCHLOG"); one log per database (or schema: keys are per database, so schemas in one database share it — harmless, only slower). */
const LOG_LOCK = 0x564f5543484c4f47n;

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

  size(): Promise<number> {
    return guarded(() => pgLogSize(this.#db));
  }

  async appendEntry(kind: LogEntryKind, payload: Record<string, unknown>): Promise<AppendedEntry> {
    return (await this.appendEntries([{ kind, payload }]))[0] as AppendedEntry;
  }

  /** Appends a batch atomically, in order, in its own transaction (one commit for all). */
  async appendEntries(entries: readonly LogEntryInput[]): Promise<AppendedEntry[]> {
    const encoded = entries.map((e) => encodeEntry(e.kind, e.payload)); // invalid input fails before any SQL
    if (encoded.length === 0) return [];
    return guarded(() => this.#db.transaction((tx) => appendIn(tx, encoded), { isolationLevel: 'read committed' }));
  }

  /**
   * Appends inside a caller's READ COMMITTED transaction (the hook's admission: nullifier,
   * decision and log entry commit together). The log lock is held until that transaction ends.
   */
  async appendEntriesIn(tx: PgExecutor, entries: readonly LogEntryInput[]): Promise<AppendedEntry[]> {
    const encoded = entries.map((e) => encodeEntry(e.kind, e.payload));
    return encoded.length === 0 ? [] : appendIn(tx, encoded);
  }

  /**
   * Takes the log's append lock in a caller's READ COMMITTED transaction, held until it ends: a
   * decision made on the log's contents and then appended (the escrow committee's newer epoch)
   * cannot race another appender. Reads after it see every append committed before.
   */
  async lockIn(tx: PgExecutor): Promise<void> {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOG_LOCK.toString()}::bigint)`);
  }

  async rootHash(size?: number): Promise<Uint8Array> {
    return guarded(async () => {
      const n = await this.#treeSize(size);
      return withNodes(this.#db, (r) => rangeHash(r, 0, n));
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

  /** A signed checkpoint of the current tree (size and root read in one snapshot). */
  async checkpoint(): Promise<SignedCheckpoint> {
    const signer = this.signer();
    const { size, rootHash } = await guarded(() =>
      this.#db.transaction(
        async (tx) => {
          const size = await pgLogSize(tx);
          return { size, rootHash: await withNodes(tx, (r) => rangeHash(r, 0, size)) };
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      ),
    );
    const text = formatCheckpointText({ origin: signer.name, size, rootHash, extensions: [] });
    return { note: signNote(text, [signer]), origin: signer.name, size, rootHash };
  }

  /**
   * Integrity check: recomputes every subtree hash from the stored entries' bodies and compares
   * it with the stored one (and that no hash is stored beyond them). LOG_STATE_CORRUPT names the
   * first disagreement. Reads the whole log in one snapshot: for audits and tests, not per request.
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
    const current = await pgLogSize(this.#db);
    if (size === undefined) return current;
    if (!isIndex(size) || size > current) {
      throw new VouchError('LOG_RANGE_INVALID', 'tree size must not exceed the log size', {
        details: { size, logSize: current },
      });
    }
    return size;
  }
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

async function appendIn(tx: PgExecutor, encoded: Parameters<typeof planAppend>[2]): Promise<AppendedEntry[]> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${LOG_LOCK.toString()}::bigint)`);
  const size = await pgLogSize(tx);
  const nodes = rightEdgeNodes(size);
  const reader = await pgNodes(tx, nodes);
  const edge: (Uint8Array | undefined)[] = [];
  for (const { level, n } of nodes) edge[level] = reader.node(level, n);
  const plan = planAppend(size, edge, encoded);
  await pgWritePlan(tx, plan);
  return plan.appended;
}
