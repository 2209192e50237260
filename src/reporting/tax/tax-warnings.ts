/**
 * Warnings a tax report carries about its own inputs: things that are allowed (a German resident
 * may want a USD report for a US counterparty) but that a reader should not miss. The engine never
 * guesses a jurisdiction, so a report in another currency than its jurisdiction's is a choice the
 * caller made explicitly — and the report says so, rather than silently applying one country's
 * holding-period rules to figures a reader assumes are for another.
 */
import type { Jurisdiction } from './jurisdictions.js';

export type TaxWarningCode = 'CURRENCY_JURISDICTION_MISMATCH';

export interface TaxWarning {
  code: TaxWarningCode;
  message: string;
  details: Record<string, string>;
}

/** The warnings for a report in `currency` under `jurisdiction` (empty when they agree). */
export function taxReportWarnings(jurisdiction: Jurisdiction, currency: string): TaxWarning[] {
  if (currency === jurisdiction.currency) return [];
  return [
    {
      code: 'CURRENCY_JURISDICTION_MISMATCH',
      message: `the report is in ${currency}, but ${jurisdiction.code} holding-period rules (${jurisdiction.name}) are normally reported in ${jurisdiction.currency}; check that ${jurisdiction.code} is the intended jurisdiction`,
      details: { currency, jurisdiction: jurisdiction.code, jurisdictionCurrency: jurisdiction.currency },
    },
  ];
}
