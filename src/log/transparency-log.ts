/**
 * The persisted transparency log: append entries, read roots, prove inclusion and consistency,
 * sign checkpoints. State is only the two append-only tables (see db/schema/log.ts); nothing is
 * cached across calls, so several processes can share one database file safely.
 * All index/size arguments are treated as untrusted (they come from CLI flags and routes).
 */
import type { VouchDb } from '../db/client.js';
import { VouchError } from '../errors/index.js';
import { appendEncodedEntries, type AppendedEntry } from './append-entries.js';
import { formatCheckpointText } from './checkpoint/checkpoint-text.js';
import { encodeEntry, type LogEntryInput, type LogEntryKind } from './entry.js';
import { hashLeaf } from './hash.js';
import { SqliteLogStore } from './lib/sqlite-store.js';
import { consistencyPath, inclusionPath, rangeHash } from './lib/subtrees.js';
import { isIndex } from './lib/tree-math.js';
import { signNote } from './signed-note/sign-note.js';
import type { NoteSigner } from './signed-note/signer-key.js';

/** What other modules (hook, credentials, reporting) need to record something in the log. */
export interface LogAppender {
  appendEntry(kind: LogEntryKind, payload: Record<string, unknown>): AppendedEntry;
  appendEntries(entries: readonly LogEntryInput[]): AppendedEntry[];
}

export interface OpenLogOptions {
  db: VouchDb;
  /** The checkpoint key, or a function that loads it on first use (only checkpoints need it). */
  signer?: NoteSigner | (() => NoteSigner);
}

export interface InclusionProof {
  leafIndex: number;
  treeSize: number;
  leafHash: Uint8Array;
  rootHash: Uint8Array;
  /** Leaf to root. */
  proof: Uint8Array[];
}

export interface ConsistencyProof {
  fromSize: number;
  toSize: number;
  fromRoot: Uint8Array;
  toRoot: Uint8Array;
  proof: Uint8Array[];
}

export interface SignedCheckpoint {
  /** The signed note text (tlog-checkpoint body + signature line). */
  note: string;
  origin: string;
  size: number;
  rootHash: Uint8Array;
}

export interface LogEntry {
  index: number;
  kind: LogEntryKind;
  payload: Record<string, unknown>;
  /** Canonical JSON; its UTF-8 bytes are the leaf input. */
  body: string;
  leafHash: Uint8Array;
}

export class TransparencyLog implements LogAppender {
  readonly #store: SqliteLogStore;
  #signer: NoteSigner | (() => NoteSigner) | undefined;

  private constructor(store: SqliteLogStore, signer: OpenLogOptions['signer']) {
    this.#store = store;
    this.#signer = signer;
  }

  static open(options: OpenLogOptions): TransparencyLog {
    return new TransparencyLog(new SqliteLogStore(options.db), options.signer);
  }

  size(): number {
    return this.#store.size();
  }

  appendEntry(kind: LogEntryKind, payload: Record<string, unknown>): AppendedEntry {
    return this.appendEntries([{ kind, payload }])[0] as AppendedEntry;
  }

  /** Appends a batch atomically, in order; one transaction and one fsync for all of them. */
  appendEntries(entries: readonly LogEntryInput[]): AppendedEntry[] {
    const encoded = entries.map((e) => encodeEntry(e.kind, e.payload));
    return appendEncodedEntries(this.#store, encoded);
  }

  rootHash(size?: number): Uint8Array {
    const n = this.#treeSize(size);
    return rangeHash(this.#store, 0, n);
  }

  inclusionProof(leafIndex: number, treeSize?: number): InclusionProof {
    const n = this.#treeSize(treeSize);
    if (!isIndex(leafIndex) || leafIndex >= n) {
      throw new VouchError('LOG_RANGE_INVALID', 'leaf index must be below the tree size', {
        details: { leafIndex, treeSize: n },
      });
    }
    return {
      leafIndex,
      treeSize: n,
      leafHash: this.#store.node(0, leafIndex),
      rootHash: rangeHash(this.#store, 0, n),
      proof: inclusionPath(this.#store, leafIndex, n),
    };
  }

  consistencyProof(fromSize: number, toSize?: number): ConsistencyProof {
    const n = this.#treeSize(toSize);
    if (!isIndex(fromSize) || fromSize < 1 || fromSize > n) {
      throw new VouchError('LOG_RANGE_INVALID', 'need 1 <= from <= to <= log size', {
        details: { fromSize, toSize: n },
      });
    }
    return {
      fromSize,
      toSize: n,
      fromRoot: rangeHash(this.#store, 0, fromSize),
      toRoot: rangeHash(this.#store, 0, n),
      proof: consistencyPath(this.#store, fromSize, n),
    };
  }

  entry(index: number): LogEntry {
    const row = isIndex(index) ? this.#store.entry(index) : undefined;
    if (!row) throw new VouchError('LOG_RANGE_INVALID', 'no entry at that index', { details: { index } });
    const parsed = JSON.parse(row.body) as { kind: LogEntryKind; payload: Record<string, unknown> };
    return {
      index,
      kind: parsed.kind,
      payload: parsed.payload,
      body: row.body,
      leafHash: hashLeaf(new TextEncoder().encode(row.body)),
    };
  }

  /** The leaf hash stored for entry `index` (what proofs are built from; `entry()` recomputes it from the body). */
  storedLeafHash(index: number): Uint8Array {
    if (!isIndex(index) || index >= this.size())
      throw new VouchError('LOG_RANGE_INVALID', 'no entry at that index', { details: { index } });
    return this.#store.node(0, index);
  }

  /** A signed checkpoint of the current tree (Ed25519 is deterministic: same tree, same note). */
  checkpoint(): SignedCheckpoint {
    const signer = this.signer();
    const size = this.size();
    const rootHash = this.rootHash(size);
    const text = formatCheckpointText({ origin: signer.name, size, rootHash, extensions: [] });
    return { note: signNote(text, [signer]), origin: signer.name, size, rootHash };
  }

  /** The verifier key string (`name+keyid+base64key`) auditors pin. */
  verifierKey(): string {
    return this.signer().verifierKey;
  }

  signer(): NoteSigner {
    if (this.#signer === undefined)
      throw new VouchError('LOG_KEY_UNAVAILABLE', 'this log was opened without a signing key');
    if (typeof this.#signer === 'function') this.#signer = this.#signer();
    return this.#signer;
  }

  #treeSize(size: number | undefined): number {
    const current = this.size();
    if (size === undefined) return current;
    if (!isIndex(size) || size > current) {
      throw new VouchError('LOG_RANGE_INVALID', 'tree size must not exceed the log size', {
        details: { size, logSize: current },
      });
    }
    return size;
  }
}
