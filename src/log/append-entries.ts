/**
 * Appending: every entry of a batch is written in one transaction (all or none). Inside it the
 * current size is read from the database and the right edge of the tree (one complete subtree per
 * set bit of the size) loaded, so concurrent writers — another process on the same file — are
 * serialized by SQLite's write lock and never build on a stale tree.
 */
import { hashChildren } from './hash.js';
import type { EncodedEntry } from './entry.js';
import type { SqliteLogStore } from './lib/sqlite-store.js';

export interface AppendedEntry {
  index: number;
  leafHash: Uint8Array;
}

export function appendEncodedEntries(store: SqliteLogStore, entries: readonly EncodedEntry[]): AppendedEntry[] {
  if (entries.length === 0) return [];
  return store.write(() => {
    let size = store.size();
    const edge = loadRightEdge(store, size);
    const out: AppendedEntry[] = [];
    for (const e of entries) {
      store.putEntry(size, e.kind, e.body);
      store.putHash(0, size, e.leafHash);
      // Carry: each odd index completes its parent with the pending left sibling.
      let h = e.leafHash;
      let level = 0;
      let n = size;
      while (n % 2 === 1) {
        h = hashChildren(edge[level] as Uint8Array, h);
        edge[level] = undefined;
        level++;
        n = (n - 1) / 2;
        store.putHash(level, n, h);
      }
      edge[level] = h;
      out.push({ index: size, leafHash: e.leafHash });
      size++;
    }
    return out;
  });
}

/** edge[level] = the complete subtree at that level still waiting for a right sibling. */
function loadRightEdge(store: SqliteLogStore, size: number): (Uint8Array | undefined)[] {
  const edge: (Uint8Array | undefined)[] = [];
  let rest = size;
  for (let level = 0; rest > 0; level++, rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) edge[level] = store.node(level, rest - 1);
  }
  return edge;
}
