/**
 * Country names in the reader's language: the browser's `Intl.DisplayNames` for the page's locales
 * (navigator.languages, then English), so a holder reads "Österreich (AT)" where the credential
 * says 40 and the policy says AT. The code always stays beside the name: it is what the policy
 * compares, and what an auditor searches for.
 */
import { describeCountry, type CountryNamer } from '../../../src/policy/lib/countries.js';

/** The page's locales as the browser gives them, English last (every name table has it). */
export function pageLocales(): string[] {
  return [...(navigator.languages ?? [navigator.language]).filter(Boolean), 'en'];
}

let names: Intl.DisplayNames | undefined;

/** The region's name in the page's language, or undefined (the English table's name is used then). */
export const countryName: CountryNamer = (alpha2) => {
  try {
    names ??= new Intl.DisplayNames(pageLocales(), { type: 'region', fallback: 'none' });
    return names.of(alpha2);
  } catch {
    return undefined; // no Intl.DisplayNames here, or a code it refuses
  }
};

/** A kyc-v1 jurisdiction (ISO 3166-1 numeric, as signed) as "Österreich (AT)"; 0 is "unknown (ZZ)". */
export function jurisdictionLabel(numeric: number): string {
  return describeCountry(numeric, countryName);
}
