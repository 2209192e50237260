/**
 * Fiat values of fills, from the user's price table only (ledger/price-table.ts). The rules,
 * in order, for the value V of a spot fill of q `asset` at price p `quote` (gross g = q × p):
 *   1. quote is the report currency: V = g.
 *   2. asset is the report currency: V = q.
 *   3. the table prices quote in the report currency (rate r_q): V = g × r_q.
 *   4. the table prices asset in the report currency (rate r_a): V = q × r_a.
 *   5. otherwise PRICE_MISSING (never a guess).
 * A fee of f `feeAsset` is worth f if feeAsset is the report currency, else f × r_fee from the
 * table; failing that, a fee in the fill's own quote or asset is valued at the fill's implied rate
 * (V × f / g or V × f / q), so a venue's fee never needs a second price source.
 * Every product is rounded half-even to 18 fractional digits (one rounding per product).
 */
import { VouchError } from '../../errors/index.js';
import { mulDivHalfEven, mulHalfEven, type Fixed, type LedgerFill, type PriceTable } from '../ledger/index.js';

export class Valuer {
  constructor(
    private readonly prices: PriceTable,
    readonly currency: string,
  ) {}

  /** Fiat units per unit of `asset` at `timeMs`, or undefined. */
  rate(asset: string, timeMs: number): Fixed | undefined {
    return this.prices.lookup(asset, this.currency, timeMs);
  }

  /** Fiat value of `units` of `asset`; PRICE_MISSING when the table has no rate. */
  value(asset: string, units: Fixed, timeMs: number, tradeId: string): Fixed {
    if (asset === this.currency) return units;
    const r = this.rate(asset, timeMs);
    if (r === undefined) throw this.missing(asset, timeMs, tradeId);
    return mulHalfEven(units, r);
  }

  /** V and g of a spot fill (rules 1-5 above). */
  spot(f: LedgerFill): { value: Fixed; gross: Fixed } {
    const gross = mulHalfEven(f.quantity, f.price!);
    if (f.quote === this.currency) return { value: gross, gross };
    if (f.asset === this.currency) return { value: f.quantity, gross };
    const rq = this.rate(f.quote, f.timeMs);
    if (rq !== undefined) return { value: mulHalfEven(gross, rq), gross };
    const ra = this.rate(f.asset, f.timeMs);
    if (ra !== undefined) return { value: mulHalfEven(f.quantity, ra), gross };
    throw this.missing(f.quote, f.timeMs, f.tradeId);
  }

  /** Fiat value of the fill's fee; `trade` is the spot valuation when the fill is spot. */
  fee(f: LedgerFill, trade?: { value: Fixed; gross: Fixed }): Fixed {
    if (f.fee === 0n) return 0n;
    if (f.feeAsset === this.currency) return f.fee;
    const r = this.rate(f.feeAsset, f.timeMs);
    if (r !== undefined) return mulHalfEven(f.fee, r);
    if (trade !== undefined && f.feeAsset === f.quote) return mulDivHalfEven(trade.value, f.fee, trade.gross);
    if (trade !== undefined && f.feeAsset === f.asset) return mulDivHalfEven(trade.value, f.fee, f.quantity);
    throw this.missing(f.feeAsset, f.timeMs, f.tradeId);
  }

  private missing(asset: string, timeMs: number, tradeId: string): VouchError {
    const at = new Date(timeMs).toISOString();
    return new VouchError('PRICE_MISSING', `no ${asset}/${this.currency} price at or before ${at} (trade ${tradeId})`, {
      details: { asset, quote: this.currency, time: at, tradeId },
    });
  }
}
