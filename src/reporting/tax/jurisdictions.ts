/**
 * Holding-period classes per jurisdiction: a config table, not code paths. A disposal falls in the
 * first class whose bound it meets; a bound of N years means "held not more than N years", i.e.
 * the disposal date is on or before the N-th anniversary of the acquisition date (local calendar
 * dates; see calendar.ts). The last class has no bound.
 *
 * - US: IRC § 1222: long-term means held MORE than one year. Acquired 2025-03-15, sold 2026-03-15
 *   (exactly one year) is short-term; sold 2026-03-16 is long-term.
 * - DE: § 23 (1) Nr. 2 EStG: a private disposal within one year of acquisition is taxable; held
 *   more than one year it is not taxable at all (same boundary as the US, different meaning).
 */
import { addYears } from './calendar.js';

export interface HoldingClass {
  /** Stable id used in reports: "short-term", "tax-free", … */
  readonly id: string;
  /** Held not more than this many years; absent on the last class. */
  readonly upToYears?: number;
  /** Form 8949 part a class maps to (Part I short-term, Part II long-term). */
  readonly term: 'short' | 'long';
  /** Gains in this class are not taxable. */
  readonly exempt?: boolean;
}

export interface Jurisdiction {
  readonly code: string;
  readonly name: string;
  /** Default report currency (ISO 4217). */
  readonly currency: string;
  readonly classes: readonly HoldingClass[];
}

export const JURISDICTIONS = {
  US: {
    code: 'US',
    name: 'United States (IRC § 1222)',
    currency: 'USD',
    classes: [
      { id: 'short-term', upToYears: 1, term: 'short' },
      { id: 'long-term', term: 'long' },
    ],
  },
  DE: {
    code: 'DE',
    name: 'Germany (§ 23 EStG private disposals)',
    currency: 'EUR',
    classes: [
      { id: 'taxable', upToYears: 1, term: 'short' },
      { id: 'tax-free', term: 'long', exempt: true },
    ],
  },
} as const satisfies Record<string, Jurisdiction>;

export type JurisdictionCode = keyof typeof JURISDICTIONS;

export function isJurisdictionCode(code: string): code is JurisdictionCode {
  return Object.hasOwn(JURISDICTIONS, code);
}

/** Checks a custom table (programmer input): ordered bounds, last class unbounded. */
export function assertJurisdiction(j: Jurisdiction): void {
  if (j.classes.length === 0) throw new RangeError('a jurisdiction needs at least one holding class');
  let prev = 0;
  j.classes.forEach((c, i) => {
    const last = i === j.classes.length - 1;
    if (last !== (c.upToYears === undefined)) throw new RangeError('only the last holding class is unbounded');
    if (c.upToYears !== undefined) {
      if (!Number.isInteger(c.upToYears) || c.upToYears <= prev)
        throw new RangeError('holding class bounds must be increasing whole years');
      prev = c.upToYears;
    }
  });
}

/** Classifies holding periods by calendar day numbers, caching anniversaries per acquisition day. */
export class HoldingClassifier {
  private readonly anniversaries = new Map<number, number[]>();
  constructor(readonly jurisdiction: Jurisdiction) {
    assertJurisdiction(jurisdiction);
  }

  classify(acquiredDay: number, disposedDay: number): HoldingClass {
    let bounds = this.anniversaries.get(acquiredDay);
    if (bounds === undefined) {
      bounds = this.jurisdiction.classes.map((c) =>
        c.upToYears === undefined ? Infinity : addYears(acquiredDay, c.upToYears),
      );
      this.anniversaries.set(acquiredDay, bounds);
    }
    for (let i = 0; i < bounds.length; i += 1) {
      if (disposedDay <= bounds[i]!) return this.jurisdiction.classes[i]!;
    }
    return this.jurisdiction.classes[this.jurisdiction.classes.length - 1]!;
  }
}
