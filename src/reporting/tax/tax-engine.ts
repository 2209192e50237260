/**
 * The tax engine: consumes fills in time order, one at a time, keeps the open lots of every
 * (account, asset), and streams disposal, income, shortfall and movement lines for the report year
 * to a sink. Memory is the open lots, not the ledger, so 10^6 fills stream through.
 *
 * What a fill means for tax (fiat values from valuation.ts, V = trade value, F = fee value):
 * - spot buy of a crypto-asset: a lot of q units with basis V + F (fee into basis).
 * - spot sell of a crypto-asset: a disposal of q units with proceeds V − F (fee out of proceeds).
 * - the quote of a crypto–crypto fill is a second leg: a buy disposes of g quote units
 *   (proceeds V) and a sell acquires g quote units (basis V). When the traded asset is fiat, the
 *   fee belongs to the quote leg instead. Fiat is never a lot.
 * - a fee paid in a crypto-asset also disposes of those fee units (proceeds F): spending a
 *   crypto-asset on a service is a disposal like any other.
 * - pnl / funding: an income line (± value, net of its fee). If it settled in a crypto-asset, a
 *   credit acquires those units (basis = value) and a debit disposes of them (proceeds = value).
 * - a disposal larger than the open lots: the covered part gets lines; the rest is a shortfall
 *   with its share of proceeds and NO basis, and the report is marked incomplete.
 * Fills before the report year only move lots; fills after it are read (so selections naming them
 * are recognised) but change nothing.
 */
import { VouchError } from '../../errors/index.js';
import { mulDivHalfEven, type Fixed, isFiat, type LedgerFill, PriceTable } from '../ledger/index.js';
import { AveragePool } from './average-pool.js';
import { Calendar, dayOfIsoDate } from './calendar.js';
import { HifoPool } from './hifo-pool.js';
import { HoldingClassifier, type Jurisdiction } from './jurisdictions.js';
import { FifoPool, LifoPool, SpecificPool, type LotPool } from './lot-pool.js';
import type { LotSelections } from './lot-selections.js';
import type { ClassTotals, Leg, LotMethod, MovementType, TaxSink, TaxSummary, TaxTotals } from './types.js';
import { Valuer } from './valuation.js';

export interface TaxEngineOptions {
  method: LotMethod;
  year: number;
  /** Holding-period rules. Required: a report is never made under a guessed jurisdiction. */
  jurisdiction: Jurisdiction;
  /** ISO 4217 report currency. Default: the jurisdiction's. */
  currency?: string;
  /** Default: an empty table (then only fills in the report currency can be valued). */
  prices?: PriceTable;
  /** IANA zone for calendar dates. Default UTC. */
  timeZone?: string;
  /** SPECIFIC only. */
  selections?: LotSelections;
  /** Only these accounts (others are skipped entirely). Default: all. */
  accounts?: readonly string[];
  sink?: TaxSink;
}

/** CARF codes for transfers of a pnl/funding settlement: "Other" in and out. */
const TRANSFER_IN_OTHER = 'CARF508';
const TRANSFER_OUT_OTHER = 'CARF605';

interface Ctx {
  fill: LedgerFill;
  day: number;
  emit: boolean;
}

export class TaxEngine {
  readonly method: LotMethod;
  readonly year: number;
  readonly jurisdiction: Jurisdiction;
  readonly currency: string;
  readonly calendar: Calendar;
  private readonly valuer: Valuer;
  private readonly classifier: HoldingClassifier;
  /** account → asset → open lots. */
  private readonly pools = new Map<string, Map<string, LotPool>>();
  private readonly sink: TaxSink;
  private readonly selections: LotSelections | undefined;
  private readonly accounts: ReadonlySet<string> | undefined;
  private readonly firstDay: number;
  private readonly lastDay: number;
  private lastTime = -Infinity;
  private seq = 0;
  private finished = false;
  private readonly totals: TaxTotals;

  constructor(options: TaxEngineOptions) {
    if (!Number.isInteger(options.year) || options.year < 1970 || options.year > 9999)
      throw new RangeError('year must be 1970..9999');
    this.method = options.method;
    this.year = options.year;
    this.jurisdiction = options.jurisdiction;
    this.currency = options.currency ?? this.jurisdiction.currency;
    this.calendar = new Calendar(options.timeZone ?? 'UTC');
    this.valuer = new Valuer(options.prices ?? new PriceTable(), this.currency);
    this.classifier = new HoldingClassifier(this.jurisdiction);
    this.sink = options.sink ?? {};
    this.selections = options.selections;
    this.accounts = options.accounts === undefined ? undefined : new Set(options.accounts);
    this.firstDay = dayOfIsoDate(`${String(this.year).padStart(4, '0')}-01-01`);
    this.lastDay = dayOfIsoDate(`${String(this.year).padStart(4, '0')}-12-31`);
    const zero = (): ClassTotals => ({ lines: 0, proceeds: 0n, costBasis: 0n, gain: 0n });
    this.totals = {
      fills: 0,
      fillsInYear: 0,
      disposals: zero(),
      byClass: Object.fromEntries(this.jurisdiction.classes.map((c) => [c.id, zero()])),
      income: { lines: 0, pnl: 0n, funding: 0n, fees: 0n, net: 0n },
      shortfalls: { lines: 0, proceeds: 0n },
    };
  }

  push(fill: LedgerFill): void {
    if (this.finished) throw new TypeError('push after finish');
    if (fill.timeMs < this.lastTime) {
      throw new VouchError('LEDGER_NOT_ORDERED', `fill ${fill.tradeId} is earlier than the fill before it`, {
        details: { tradeId: fill.tradeId },
      });
    }
    this.lastTime = fill.timeMs;
    this.totals.fills += 1;
    if (this.accounts !== undefined && !this.accounts.has(fill.account)) return;
    const day = this.calendar.dayOf(fill.timeMs);
    if (day > this.lastDay) {
      this.touchSelections(fill);
      return;
    }
    const ctx: Ctx = { fill, day, emit: day >= this.firstDay };
    if (ctx.emit) this.totals.fillsInYear += 1;
    if (fill.kind === 'spot') this.spot(ctx);
    else this.cashflow(ctx);
  }

  finish(): TaxSummary {
    this.finished = true;
    const unused = this.selections?.unused() ?? [];
    if (unused.length > 0) {
      throw new VouchError(
        'TAX_LOT_SELECTION_INVALID',
        `lot selection entr${unused.length === 1 ? 'y' : 'ies'} ${unused.join(', ')} match no disposal in the ledger`,
        {
          details: { entries: unused },
        },
      );
    }
    return { complete: this.totals.shortfalls.lines === 0, totals: this.totals };
  }

  private spot(ctx: Ctx): void {
    const f = ctx.fill;
    const baseCrypto = !isFiat(f.asset);
    const quoteCrypto = !isFiat(f.quote);
    if (!baseCrypto && !quoteCrypto && isFiat(f.feeAsset || f.quote)) return; // fiat for fiat: no lot moves
    const trade = this.valuer.spot(f);
    const fee = this.valuer.fee(f, trade);
    // The fee belongs to the base leg when the traded asset is a crypto-asset, else to the quote leg.
    const baseFee = baseCrypto ? fee : 0n;
    const quoteFee = baseCrypto ? 0n : fee;
    if (f.side === 'buy') {
      if (baseCrypto) {
        this.acquire(ctx, f.asset, f.quantity, trade.value + baseFee, f.tradeId);
        this.move(ctx, f.asset, quoteCrypto ? 'CryptoToCryptoIn' : 'CryptoFiatIn', f.quantity, trade.value);
      }
      if (quoteCrypto) {
        this.dispose(ctx, 'quote', f.quote, trade.gross, trade.value - quoteFee);
        this.move(ctx, f.quote, baseCrypto ? 'CryptoToCryptoOut' : 'CryptoFiatOut', trade.gross, trade.value);
      }
    } else {
      if (baseCrypto) {
        this.dispose(ctx, 'base', f.asset, f.quantity, trade.value - baseFee);
        this.move(ctx, f.asset, quoteCrypto ? 'CryptoToCryptoOut' : 'CryptoFiatOut', f.quantity, trade.value);
      }
      if (quoteCrypto) {
        this.acquire(ctx, f.quote, trade.gross, trade.value + quoteFee, `${f.tradeId}#quote`);
        this.move(ctx, f.quote, baseCrypto ? 'CryptoToCryptoIn' : 'CryptoFiatIn', trade.gross, trade.value);
      }
    }
    this.payFee(ctx, fee);
  }

  private cashflow(ctx: Ctx): void {
    const f = ctx.fill;
    const kind = f.kind as 'pnl' | 'funding';
    const value = this.valuer.value(f.quote, f.quantity, f.timeMs, f.tradeId);
    const fee = this.valuer.fee(f);
    const credit = f.side === 'credit';
    if (!isFiat(f.quote)) {
      if (credit) {
        this.acquire(ctx, f.quote, f.quantity, value, `${f.tradeId}#settlement`);
        this.move(ctx, f.quote, 'CryptoTransferIn', f.quantity, value, TRANSFER_IN_OTHER);
      } else {
        this.dispose(ctx, 'settlement', f.quote, f.quantity, value);
        this.move(ctx, f.quote, 'CryptoTransferOut', f.quantity, value, TRANSFER_OUT_OTHER);
      }
    }
    this.payFee(ctx, fee);
    if (!ctx.emit) return;
    const amount = credit ? value : -value;
    const t = this.totals.income;
    t.lines += 1;
    t[kind] += amount;
    t.fees += fee;
    t.net += amount - fee;
    this.sink.income?.({
      id: lineId(f.account, f.venue, f.tradeId, kind, 0),
      account: f.account,
      venue: f.venue,
      tradeId: f.tradeId,
      kind,
      instrument: f.asset,
      settlementAsset: f.quote,
      units: credit ? f.quantity : -f.quantity,
      timeMs: f.timeMs,
      date: this.calendar.isoDate(ctx.day),
      amount,
      fee,
      net: amount - fee,
    });
  }

  /** A fee paid in a crypto-asset disposes of the fee units at the fee's value. */
  private payFee(ctx: Ctx, feeValue: Fixed): void {
    const f = ctx.fill;
    if (f.fee === 0n || isFiat(f.feeAsset)) return;
    this.dispose(ctx, 'fee', f.feeAsset, f.fee, feeValue);
  }

  private pool(account: string, asset: string): LotPool {
    let byAsset = this.pools.get(account);
    if (byAsset === undefined) {
      byAsset = new Map();
      this.pools.set(account, byAsset);
    }
    let p = byAsset.get(asset);
    if (p === undefined) {
      p = newPool(this.method);
      byAsset.set(asset, p);
    }
    return p;
  }

  private acquire(ctx: Ctx, asset: string, qty: Fixed, basis: Fixed, lotId: string): void {
    const f = ctx.fill;
    this.pool(f.account, asset).add({ id: lotId, timeMs: f.timeMs, day: ctx.day, seq: this.seq++, qty, basis });
  }

  private dispose(ctx: Ctx, leg: Leg, asset: string, qty: Fixed, proceeds: Fixed): void {
    const f = ctx.fill;
    const picks = this.method === 'SPECIFIC' ? this.selections?.take(f.account, f.venue, f.tradeId, leg) : undefined;
    let taken;
    try {
      taken = this.pool(f.account, asset).take(qty, picks);
    } catch (err) {
      if (err instanceof VouchError && err.code === 'TAX_LOT_SELECTION_INVALID') {
        throw new VouchError('TAX_LOT_SELECTION_INVALID', `trade ${f.tradeId} (${leg}): ${err.message}`, {
          cause: err,
          details: { ...err.details, tradeId: f.tradeId, leg },
        });
      }
      throw err;
    }
    if (!ctx.emit) return;
    let restProceeds = proceeds;
    let restQty = qty;
    const date = this.calendar.isoDate(ctx.day);
    taken.pieces.forEach((piece, n) => {
      const share = piece.qty === restQty ? restProceeds : mulDivHalfEven(restProceeds, piece.qty, restQty);
      restProceeds -= share;
      restQty -= piece.qty;
      const cls = this.classifier.classify(piece.lot.day, ctx.day);
      const gain = share - piece.basis;
      this.add(this.totals.disposals, share, piece.basis, gain);
      this.add(this.totals.byClass[cls.id]!, share, piece.basis, gain);
      this.sink.disposal?.({
        id: lineId(f.account, f.venue, f.tradeId, leg, n),
        account: f.account,
        venue: f.venue,
        tradeId: f.tradeId,
        leg,
        asset,
        lotId: piece.lot.id,
        quantity: piece.qty,
        acquiredMs: piece.lot.timeMs,
        disposedMs: f.timeMs,
        acquiredDate: this.calendar.isoDate(piece.lot.day),
        disposedDate: date,
        proceeds: share,
        costBasis: piece.basis,
        gain,
        holdingClass: cls.id,
        term: cls.term,
        ...(this.method === 'SPECIFIC'
          ? { identification: piece.specified ? ('specified' as const) : ('fifo-default' as const) }
          : {}),
      });
    });
    if (taken.uncovered > 0n) {
      const s = this.totals.shortfalls;
      s.lines += 1;
      s.proceeds += restProceeds;
      this.sink.shortfall?.({
        account: f.account,
        venue: f.venue,
        tradeId: f.tradeId,
        leg,
        asset,
        timeMs: f.timeMs,
        date,
        quantity: taken.uncovered,
        proceeds: restProceeds,
      });
    }
  }

  private move(ctx: Ctx, asset: string, type: MovementType, units: Fixed, amount: Fixed, transferType?: string): void {
    if (!ctx.emit || this.sink.movement === undefined) return;
    this.sink.movement({
      account: ctx.fill.account,
      asset,
      type,
      units,
      amount,
      timeMs: ctx.fill.timeMs,
      ...(transferType ? { transferType } : {}),
    });
  }

  private add(t: ClassTotals, proceeds: Fixed, basis: Fixed, gain: Fixed): void {
    t.lines += 1;
    t.proceeds += proceeds;
    t.costBasis += basis;
    t.gain += gain;
  }

  private touchSelections(f: LedgerFill): void {
    if (this.selections === undefined) return;
    for (const leg of ['base', 'quote', 'fee', 'settlement'] as const)
      this.selections.touch(f.account, f.venue, f.tradeId, leg);
  }
}

function newPool(method: LotMethod): LotPool {
  switch (method) {
    case 'FIFO':
      return new FifoPool();
    case 'LIFO':
      return new LifoPool();
    case 'HIFO':
      return new HifoPool();
    case 'AVERAGE':
      return new AveragePool();
    case 'SPECIFIC':
      return new SpecificPool();
  }
}

function lineId(account: string, venue: string, tradeId: string, leg: string, n: number): string {
  return `${encodeURIComponent(account)}/${encodeURIComponent(venue)}/${encodeURIComponent(tradeId)}/${leg}/${n}`;
}
