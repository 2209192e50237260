/**
 * One async face for the transparency log on either store, for code that runs on SQLite and on
 * PostgreSQL alike (the service's areas, issue 14). `PostgresTransparencyLog` has this shape
 * natively; `asAnyLog` lifts the synchronous SQLite `TransparencyLog` to it.
 *
 * Code that must append inside its own SQLite transaction (so the entry commits with its rows)
 * keeps using the synchronous `LogAppender`; on PostgreSQL it uses `appendEntriesIn(tx, …)`.
 */
import type { AppendedEntry } from './append-entries.js';
import type { LogEntryInput, LogEntryKind } from './entry.js';
import type { NoteSigner } from './signed-note/signer-key.js';
import type {
  ConsistencyProof,
  InclusionProof,
  LogEntry,
  SignedCheckpoint,
  TransparencyLog,
} from './transparency-log.js';

export interface AnyTransparencyLog {
  /** Which store the log lives in. */
  readonly dialect: 'sqlite' | 'postgres';
  size(): Promise<number>;
  appendEntry(kind: LogEntryKind, payload: Record<string, unknown>): Promise<AppendedEntry>;
  /** A batch, atomically and in order (one commit). */
  appendEntries(entries: readonly LogEntryInput[]): Promise<AppendedEntry[]>;
  rootHash(size?: number): Promise<Uint8Array>;
  inclusionProof(leafIndex: number, treeSize?: number): Promise<InclusionProof>;
  consistencyProof(fromSize: number, toSize?: number): Promise<ConsistencyProof>;
  entry(index: number): Promise<LogEntry>;
  /** The entries at indices start .. end − 1, in order (LOG_RANGE_INVALID when one is missing). */
  entries(start: number, end: number): Promise<LogEntry[]>;
  checkpoint(): Promise<SignedCheckpoint>;
  verifierKey(): string;
  signer(): NoteSigner;
}

/** The SQLite log behind the async face (each call runs synchronously, then resolves). */
export function asAnyLog(log: TransparencyLog): AnyTransparencyLog {
  const run = <T>(f: () => T): Promise<T> => {
    try {
      return Promise.resolve(f());
    } catch (e) {
      return Promise.reject(e);
    }
  };
  return {
    dialect: 'sqlite',
    size: () => run(() => log.size()),
    appendEntry: (kind, payload) => run(() => log.appendEntry(kind, payload)),
    appendEntries: (entries) => run(() => log.appendEntries(entries)),
    rootHash: (size) => run(() => log.rootHash(size)),
    inclusionProof: (i, n) => run(() => log.inclusionProof(i, n)),
    consistencyProof: (from, to) => run(() => log.consistencyProof(from, to)),
    entry: (i) => run(() => log.entry(i)),
    entries: (start, end) =>
      run(() => Array.from({ length: Math.max(0, end - start) }, (_, k) => log.entry(start + k))),
    checkpoint: () => run(() => log.checkpoint()),
    verifierKey: () => log.verifierKey(),
    signer: () => log.signer(),
  };
}

/** Entries 0 .. size − 1 of either store's log, read in pages (one query each on PostgreSQL). */
export async function entriesUpTo(
  log: Pick<AnyTransparencyLog, 'entries'>,
  size: number,
  page = 10_000,
): Promise<LogEntry[]> {
  const out: LogEntry[] = [];
  for (let start = 0; start < size; start += page)
    out.push(...(await log.entries(start, Math.min(size, start + page))));
  return out;
}
