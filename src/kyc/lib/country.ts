/**
 * ISO 3166-1 alpha-2 → numeric, through `i18n-iso-countries` (a maintained table) rather than a
 * hand-copied list. Only upper-case codes the table knows are accepted.
 */
import countries from 'i18n-iso-countries';
import { VouchError } from '../../errors/index.js';

export function countryToNumeric(alpha2: unknown, field: string): number {
  const numeric =
    typeof alpha2 === 'string' && /^[A-Z]{2}$/.test(alpha2) ? countries.alpha2ToNumeric(alpha2) : undefined;
  if (numeric === undefined) {
    throw new VouchError('EVIDENCE_MALFORMED', `${field} must be an ISO 3166-1 alpha-2 code`, { details: { field } });
  }
  return Number.parseInt(numeric, 10);
}
