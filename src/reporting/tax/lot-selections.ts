/**
 * Specific identification input: which lots a disposal takes, named by the holder before the sale
 * (reports/lot-selections.schema.json). A JSON array:
 *   [{ "account": "a1", "tradeId": "S1", "venue"?: "X", "leg"?: "base",
 *      "lots": [{ "lotId": "B1", "quantity": "0.5" }] }]
 * Lot ids are the acquiring fill's trade id (`T1`), `T1#quote` for the quote leg of a crypto–crypto
 * sale, `T1#settlement` for a pnl/funding credit in a crypto-asset. Units a selection does not name
 * are taken first-in first-out (the US default when lots are not adequately identified) and marked so.
 */
import { z } from 'zod';
import { VouchError } from '../../errors/index.js';
import { parseDecimal, type Fixed } from '../ledger/index.js';
import type { Leg } from './types.js';

export interface LotPick {
  lotId: string;
  quantity: Fixed;
}

const Decimal = z.string().regex(/^\d+(\.\d{1,18})?$/);
const SelectionSchema = z.array(
  z.strictObject({
    account: z.string().min(1).max(128),
    tradeId: z.string().min(1).max(128),
    venue: z.string().max(128).optional(),
    leg: z.enum(['base', 'quote', 'fee', 'settlement']).optional(),
    lots: z.array(z.strictObject({ lotId: z.string().min(1).max(140), quantity: Decimal })).min(1),
  }),
);

export class LotSelections {
  private readonly byKey = new Map<string, { picks: LotPick[]; used: boolean; index: number }>();

  /** Parses and checks a selection document (already JSON-parsed). */
  static parse(doc: unknown): LotSelections {
    const r = SelectionSchema.safeParse(doc);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new VouchError(
        'TAX_LOT_SELECTION_INVALID',
        `lot selections: ${issue?.message ?? 'malformed'} at /${issue?.path.join('/') ?? ''}`,
        {
          details: { pointer: `/${issue?.path.join('/') ?? ''}` },
        },
      );
    }
    const out = new LotSelections();
    r.data.forEach((s, index) => {
      const key = selectionKey(s.account, s.venue, s.tradeId, s.leg ?? 'base');
      if (out.byKey.has(key)) {
        throw new VouchError('TAX_LOT_SELECTION_INVALID', `lot selections: entry ${index + 1} repeats a disposal`, {
          details: { index },
        });
      }
      const picks = s.lots.map((l) => ({ lotId: l.lotId, quantity: parseDecimal(l.quantity)! }));
      if (picks.some((p) => p.quantity <= 0n)) {
        throw new VouchError('TAX_LOT_SELECTION_INVALID', `lot selections: entry ${index + 1} names a zero quantity`, {
          details: { index },
        });
      }
      out.byKey.set(key, { picks, used: false, index });
    });
    return out;
  }

  /** The picks for one disposal leg (venue-specific entry first, then one without a venue). */
  take(account: string, venue: string, tradeId: string, leg: Leg): LotPick[] | undefined {
    const hit =
      this.byKey.get(selectionKey(account, venue, tradeId, leg)) ??
      this.byKey.get(selectionKey(account, undefined, tradeId, leg));
    if (hit === undefined) return undefined;
    hit.used = true;
    return hit.picks;
  }

  /** Marks a disposal as present (a fill after the report year still makes its selection valid). */
  touch(account: string, venue: string, tradeId: string, leg: Leg): void {
    this.take(account, venue, tradeId, leg);
  }

  /** Entries that matched no disposal in the ledger (1-based positions). */
  unused(): number[] {
    return [...this.byKey.values()].filter((s) => !s.used).map((s) => s.index + 1);
  }
}

function selectionKey(account: string, venue: string | undefined, tradeId: string, leg: Leg): string {
  return [account, venue ?? '\u0001*', tradeId, leg].join('\u0000');
}
