/**
 * Appending: every entry of a batch is written in one transaction (all or none). Inside it the
 * current size is read from the database and the right edge of the tree (one complete subtree per
 * set bit of the size) loaded, so concurrent writers — another process on the same file — are
 * serialized by SQLite's write lock and never build on a stale tree.
 */
import type { EncodedEntry } from './entry.js';
import { planAppend, rightEdgeNodes } from './lib/append-plan.js';
import type { SqliteLogStore } from './lib/sqlite-store.js';

export interface AppendedEntry {
  index: number;
  leafHash: Uint8Array;
}

export function appendEncodedEntries(store: SqliteLogStore, entries: readonly EncodedEntry[]): AppendedEntry[] {
  if (entries.length === 0) return [];
  return store.write(() => {
    const size = store.size();
    const edge: (Uint8Array | undefined)[] = [];
    for (const { level, n } of rightEdgeNodes(size)) edge[level] = store.node(level, n);
    const plan = planAppend(size, edge, entries);
    for (const e of plan.entries) store.putEntry(e.idx, e.kind, e.body);
    for (const h of plan.hashes) store.putHash(h.level, h.n, h.hash);
    return plan.appended;
  });
}
