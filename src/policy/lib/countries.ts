/**
 * ISO 3166-1 alpha-2 ↔ numeric and English names, from `i18n-iso-countries` (a maintained table)
 * rather than a hand-copied list. 'ZZ' (ISO 3166-1 user-assigned; CLDR's "Unknown Region") is
 * the one extension: it stands for kyc-v1's jurisdiction 0 = unknown, so a policy can exclude it.
 */
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json' with { type: 'json' };

countries.registerLocale(en);

export const UNKNOWN_COUNTRY = 'ZZ';

/** Numeric code for an alpha-2 code, or undefined when the table does not know it. */
export function alpha2ToNumeric(alpha2: string): number | undefined {
  if (alpha2 === UNKNOWN_COUNTRY) return 0;
  if (!/^[A-Z]{2}$/.test(alpha2)) return undefined;
  const numeric = countries.alpha2ToNumeric(alpha2);
  return numeric === undefined ? undefined : Number.parseInt(numeric, 10);
}

/**
 * A country's name in the reader's language (e.g. a browser's `Intl.DisplayNames`), or undefined
 * when it has none: the English table's name is used then.
 */
export type CountryNamer = (alpha2: string) => string | undefined;

/**
 * "Austria (AT)" for 40 (the code always kept beside the name); "unknown (ZZ)" for 0;
 * "ISO 3166-1 numeric 999" when unlisted. `named` gives the name in another language.
 */
export function describeCountry(numeric: number, named?: CountryNamer): string {
  if (numeric === 0) return `unknown (${UNKNOWN_COUNTRY})`;
  const alpha2 = countries.numericToAlpha2(numeric);
  const name = alpha2 === undefined ? undefined : (named?.(alpha2) ?? countries.getName(alpha2, 'en'));
  return alpha2 === undefined || name === undefined ? `ISO 3166-1 numeric ${numeric}` : `${name} (${alpha2})`;
}
