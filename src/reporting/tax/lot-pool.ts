/**
 * The open acquisition lots of one account in one asset, and the order a disposal takes them in.
 * One class per lot method; all share the piece arithmetic below.
 *
 * Piece arithmetic (the only rounding in lot accounting): taking t of a lot holding q units with
 * basis B gives the piece basis round_half_even(B × t / q), and the lot keeps B − that. When the
 * last units of a lot go, the piece takes the lot's remaining basis exactly, so the bases of all
 * pieces of a lot always add up to the lot's basis to the last 10^-18.
 */
import { VouchError } from '../../errors/index.js';
import { mulDivHalfEven, type Fixed } from '../ledger/index.js';
import type { LotPick } from './lot-selections.js';

export interface Lot {
  readonly id: string;
  readonly timeMs: number;
  /** Local calendar day of acquisition. */
  readonly day: number;
  /** Position in the ledger: earlier lots first on ties. */
  readonly seq: number;
  qty: Fixed;
  basis: Fixed;
}

export interface Piece {
  lot: Lot;
  qty: Fixed;
  basis: Fixed;
  specified?: boolean;
}

export interface TakeResult {
  pieces: Piece[];
  /** Units no open lot covered. */
  uncovered: Fixed;
}

export interface LotPool {
  add(lot: Lot): void;
  take(qty: Fixed, picks?: readonly LotPick[]): TakeResult;
  /** Units held. */
  held(): Fixed;
}

/** Takes t units (0 < t ≤ lot.qty) out of a lot. */
export function cut(lot: Lot, t: Fixed): Piece {
  const basis = t === lot.qty ? lot.basis : mulDivHalfEven(lot.basis, t, lot.qty);
  lot.qty -= t;
  lot.basis -= basis;
  return { lot, qty: t, basis };
}

const min = (a: Fixed, b: Fixed): Fixed => (a < b ? a : b);

/** First in, first out. Also the base of SPECIFIC (its default order). */
export class FifoPool implements LotPool {
  protected lots: Lot[] = [];
  protected head = 0;

  add(lot: Lot): void {
    this.lots.push(lot);
  }

  take(qty: Fixed): TakeResult {
    const pieces: Piece[] = [];
    let remaining = qty;
    while (remaining > 0n && this.head < this.lots.length) {
      const lot = this.lots[this.head]!;
      if (lot.qty === 0n) {
        this.head += 1;
        continue;
      }
      const piece = cut(lot, min(remaining, lot.qty));
      remaining -= piece.qty;
      pieces.push(piece);
      if (lot.qty === 0n) this.head += 1;
    }
    this.compact();
    return { pieces, uncovered: remaining };
  }

  held(): Fixed {
    let h = 0n;
    for (let i = this.head; i < this.lots.length; i += 1) h += this.lots[i]!.qty;
    return h;
  }

  /** Drops consumed lots once they are half the array (amortised O(1) per lot), so they can be collected. */
  private compact(): void {
    if (this.head >= 16 && this.head * 2 >= this.lots.length) {
      this.lots = this.lots.slice(this.head);
      this.head = 0;
    }
  }
}

/** Last in, first out. */
export class LifoPool implements LotPool {
  private readonly lots: Lot[] = [];

  add(lot: Lot): void {
    this.lots.push(lot);
  }

  take(qty: Fixed): TakeResult {
    const pieces: Piece[] = [];
    let remaining = qty;
    while (remaining > 0n && this.lots.length > 0) {
      const lot = this.lots[this.lots.length - 1]!;
      const piece = cut(lot, min(remaining, lot.qty));
      remaining -= piece.qty;
      pieces.push(piece);
      if (lot.qty === 0n) this.lots.pop();
    }
    return { pieces, uncovered: remaining };
  }

  held(): Fixed {
    return this.lots.reduce((h, l) => h + l.qty, 0n);
  }
}

/**
 * Specific identification: the named lots first, in the order named, then first-in first-out for
 * whatever the selection leaves. A name that matches no open lot, or two open lots (the same
 * trade id at two venues), or asks for more than the lot holds, is an error: a tax report must not
 * silently substitute a different lot for the one the holder identified.
 */
export class SpecificPool extends FifoPool {
  private readonly byId = new Map<string, Lot[]>();

  override add(lot: Lot): void {
    super.add(lot);
    const same = this.byId.get(lot.id);
    if (same === undefined) this.byId.set(lot.id, [lot]);
    else same.push(lot);
  }

  override take(qty: Fixed, picks: readonly LotPick[] = []): TakeResult {
    const pieces: Piece[] = [];
    let remaining = qty;
    for (const pick of picks) {
      const open = (this.byId.get(pick.lotId) ?? []).filter((l) => l.qty > 0n);
      // (consumed lots are pruned below, so `open` is the list itself unless a pick emptied one)
      if (open.length !== 1) {
        throw new VouchError(
          'TAX_LOT_SELECTION_INVALID',
          open.length === 0
            ? `lot ${pick.lotId} is not an open lot of this account and asset`
            : `lot id ${pick.lotId} is ambiguous (several open lots)`,
          {
            details: { lotId: pick.lotId },
          },
        );
      }
      const lot = open[0]!;
      if (pick.quantity > lot.qty) {
        throw new VouchError('TAX_LOT_SELECTION_INVALID', `lot ${pick.lotId} holds fewer units than selected`, {
          details: { lotId: pick.lotId },
        });
      }
      if (pick.quantity > remaining) {
        throw new VouchError('TAX_LOT_SELECTION_INVALID', 'the selected units exceed the units disposed of', {
          details: { lotId: pick.lotId },
        });
      }
      const piece = cut(lot, pick.quantity);
      piece.specified = true;
      remaining -= piece.qty;
      pieces.push(piece);
    }
    const rest = super.take(remaining);
    for (const piece of rest.pieces) pieces.push(piece);
    // Forget consumed lots so they can be collected.
    for (const piece of pieces) {
      if (piece.lot.qty !== 0n) continue;
      const same = this.byId.get(piece.lot.id);
      const left = same?.filter((l) => l.qty > 0n) ?? [];
      if (left.length === 0) this.byId.delete(piece.lot.id);
      else this.byId.set(piece.lot.id, left);
    }
    return { pieces, uncovered: rest.uncovered };
  }
}
