/**
 * Highest in, first out: the lot with the highest cost per unit goes first (ties: the earlier
 * acquisition). Unit costs are compared exactly by cross-multiplying (B1 × q2 vs B2 × q1), never by
 * dividing. A binary heap keeps each disposal O(log n) in the number of open lots.
 */
import type { Fixed } from '../ledger/index.js';
import { cut, type Lot, type LotPool, type Piece, type TakeResult } from './lot-pool.js';

/** a goes before b: higher unit cost, or equal cost and earlier. */
function before(a: Lot, b: Lot): boolean {
  const l = a.basis * b.qty;
  const r = b.basis * a.qty;
  return l > r || (l === r && a.seq < b.seq);
}

export class HifoPool implements LotPool {
  private readonly heap: Lot[] = [];

  add(lot: Lot): void {
    const h = this.heap;
    h.push(lot);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(h[i]!, h[parent]!)) break;
      [h[i], h[parent]] = [h[parent]!, h[i]!];
      i = parent;
    }
  }

  take(qty: Fixed): TakeResult {
    const pieces: Piece[] = [];
    let remaining = qty;
    while (remaining > 0n && this.heap.length > 0) {
      const lot = this.heap[0]!;
      const piece = cut(lot, remaining < lot.qty ? remaining : lot.qty);
      remaining -= piece.qty;
      pieces.push(piece);
      if (lot.qty === 0n) this.pop();
      else this.siftDown(0); // rounding may have moved its unit cost by 10^-18
    }
    return { pieces, uncovered: remaining };
  }

  held(): Fixed {
    return this.heap.reduce((h, l) => h + l.qty, 0n);
  }

  private pop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let best = i;
      if (l < h.length && before(h[l]!, h[best]!)) best = l;
      if (r < h.length && before(h[r]!, h[best]!)) best = r;
      if (best === i) return;
      [h[i], h[best]] = [h[best]!, h[i]!];
      i = best;
    }
  }
}
