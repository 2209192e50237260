/**
 * Average cost: every unit of the account's holding of the asset carries the pool's average cost
 * (total basis / total units). Basis of t units = round_half_even(pool basis × t / pool units); the
 * pool keeps the rest, so the last units out take exactly what is left.
 *
 * Holding periods still need acquisition dates. As with average basis for fund shares
 * (Treas. Reg. § 1.1012-1(e)(7)(ii)), units disposed of are deemed the earliest acquired: the
 * lots are consumed first-in first-out for their dates only, and a disposal spanning lots of
 * different ages is split into pieces (one per lot) that share the average cost.
 */
import { mulDivHalfEven, type Fixed } from '../ledger/index.js';
import type { Lot, LotPool, Piece, TakeResult } from './lot-pool.js';

export class AveragePool implements LotPool {
  private readonly lots: Lot[] = [];
  private head = 0;
  private units = 0n;
  private basis = 0n;

  add(lot: Lot): void {
    this.lots.push(lot);
    this.units += lot.qty;
    this.basis += lot.basis;
  }

  take(qty: Fixed): TakeResult {
    const pieces: Piece[] = [];
    let remaining = qty;
    while (remaining > 0n && this.head < this.lots.length) {
      const lot = this.lots[this.head]!;
      const t = remaining < lot.qty ? remaining : lot.qty;
      const basis = t === this.units ? this.basis : mulDivHalfEven(this.basis, t, this.units);
      this.units -= t;
      this.basis -= basis;
      lot.qty -= t;
      remaining -= t;
      pieces.push({ lot, qty: t, basis });
      if (lot.qty === 0n) this.head += 1;
    }
    if (this.head >= 16 && this.head * 2 >= this.lots.length) {
      this.lots.splice(0, this.head);
      this.head = 0;
    }
    return { pieces, uncovered: remaining };
  }

  held(): Fixed {
    return this.units;
  }
}
