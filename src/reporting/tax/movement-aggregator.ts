/**
 * Sums movements per (account, asset, transaction type[, transfer type]): number of transactions,
 * units and fiat amount, the figures CARF reports per user and crypto-asset. Exact sums; rounding
 * to the currency's 2 decimals happens only when a report is written.
 */
import type { Fixed } from '../ledger/index.js';
import type { Movement, MovementType } from './types.js';

export interface MovementTotals {
  account: string;
  asset: string;
  type: MovementType;
  transferType?: string;
  transactions: number;
  units: Fixed;
  amount: Fixed;
}

/** CARF RelevantTransactions_Type child order. */
export const MOVEMENT_ORDER: readonly MovementType[] = [
  'CryptoToCryptoIn',
  'CryptoToCryptoOut',
  'CryptoFiatIn',
  'CryptoFiatOut',
  'CryptoTransferIn',
  'CryptoTransferOut',
];

export class MovementAggregator {
  /** account → asset → type|transferType → totals (nested: no key string built per movement). */
  private readonly totals = new Map<string, Map<string, Map<string, MovementTotals>>>();

  add(m: Movement): void {
    let byAsset = this.totals.get(m.account);
    if (byAsset === undefined) {
      byAsset = new Map();
      this.totals.set(m.account, byAsset);
    }
    let byType = byAsset.get(m.asset);
    if (byType === undefined) {
      byType = new Map();
      byAsset.set(m.asset, byType);
    }
    const key = m.transferType === undefined ? m.type : `${m.type}|${m.transferType}`;
    let t = byType.get(key);
    if (t === undefined) {
      t = {
        account: m.account,
        asset: m.asset,
        type: m.type,
        ...(m.transferType ? { transferType: m.transferType } : {}),
        transactions: 0,
        units: 0n,
        amount: 0n,
      };
      byType.set(key, t);
    }
    t.transactions += 1;
    t.units += m.units;
    t.amount += m.amount;
  }

  /** Sorted by account, asset, CARF type order, transfer type (deterministic output). */
  result(): MovementTotals[] {
    const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
    const all: MovementTotals[] = [];
    for (const byAsset of this.totals.values())
      for (const byType of byAsset.values()) for (const t of byType.values()) all.push(t);
    return all.sort(
      (a, b) =>
        cmp(a.account, b.account) ||
        cmp(a.asset, b.asset) ||
        MOVEMENT_ORDER.indexOf(a.type) - MOVEMENT_ORDER.indexOf(b.type) ||
        cmp(a.transferType ?? '', b.transferType ?? ''),
    );
  }
}
