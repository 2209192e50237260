/**
 * What appending a batch writes, computed in memory from the current size and the right edge of
 * the tree (one complete subtree per set bit of the size): the entry rows and every subtree hash
 * the batch completes. Shared by the SQLite and PostgreSQL stores, so both write the same rows.
 */
import type { EncodedEntry } from '../entry.js';
import { hashChildren } from '../hash.js';

export interface PlannedAppend {
  entries: { idx: number; kind: string; body: string }[];
  hashes: { level: number; n: number; hash: Uint8Array }[];
  appended: { index: number; leafHash: Uint8Array }[];
  /** The right edge of the tree after the batch (`edge[level]`, as planAppend takes it). */
  edge: (Uint8Array | undefined)[];
}

/** The (level, n) of the complete subtrees on the right edge of a tree of `size` leaves. */
export function rightEdgeNodes(size: number): { level: number; n: number }[] {
  const out: { level: number; n: number }[] = [];
  let rest = size;
  for (let level = 0; rest > 0; level++, rest = Math.floor(rest / 2)) {
    if (rest % 2 === 1) out.push({ level, n: rest - 1 });
  }
  return out;
}

/** `edge[level]` = the hash of the right-edge subtree at that level (see rightEdgeNodes). */
export function planAppend(
  size: number,
  edge: (Uint8Array | undefined)[],
  entries: readonly EncodedEntry[],
): PlannedAppend {
  const pending = [...edge];
  const plan: PlannedAppend = { entries: [], hashes: [], appended: [], edge: pending };
  let idx = size;
  for (const e of entries) {
    plan.entries.push({ idx, kind: e.kind, body: e.body });
    plan.hashes.push({ level: 0, n: idx, hash: e.leafHash });
    // Carry: each odd index completes its parent with the pending left sibling.
    let h = e.leafHash;
    let level = 0;
    let n = idx;
    while (n % 2 === 1) {
      h = hashChildren(pending[level] as Uint8Array, h);
      pending[level] = undefined;
      level++;
      n = (n - 1) / 2;
      plan.hashes.push({ level, n, hash: h });
    }
    pending[level] = h;
    plan.appended.push({ index: idx, leafHash: e.leafHash });
    idx++;
  }
  return plan;
}
