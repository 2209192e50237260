/**
 * The `state` an Anon Aadhaar proof may reveal is the QR's free-text state name. This maps the
 * names UIDAI uses (current and former spellings) to ISO 3166-2:IN suffixes as of the 2023
 * ISO newsletter (CG, TS, UK replaced CT, TG, UT; DH merged DN and DD; OD replaced OR).
 * A name not listed maps to "unknown" (0): it is never guessed.
 */
import { encodeSubdivision } from '../lib/subdivision.js';

const IN_STATES: Record<string, string> = {
  'andaman and nicobar islands': 'AN',
  'andaman and nicobar': 'AN',
  'andhra pradesh': 'AP',
  'arunachal pradesh': 'AR',
  assam: 'AS',
  bihar: 'BR',
  chandigarh: 'CH',
  chhattisgarh: 'CG',
  'dadra and nagar haveli and daman and diu': 'DH',
  'dadra and nagar haveli': 'DH',
  'daman and diu': 'DH',
  delhi: 'DL',
  'nct of delhi': 'DL',
  goa: 'GA',
  gujarat: 'GJ',
  haryana: 'HR',
  'himachal pradesh': 'HP',
  'jammu and kashmir': 'JK',
  jharkhand: 'JH',
  karnataka: 'KA',
  kerala: 'KL',
  ladakh: 'LA',
  lakshadweep: 'LD',
  'madhya pradesh': 'MP',
  maharashtra: 'MH',
  manipur: 'MN',
  meghalaya: 'ML',
  mizoram: 'MZ',
  nagaland: 'NL',
  odisha: 'OD',
  orissa: 'OD',
  puducherry: 'PY',
  pondicherry: 'PY',
  punjab: 'PB',
  rajasthan: 'RJ',
  sikkim: 'SK',
  'tamil nadu': 'TN',
  telangana: 'TS',
  tripura: 'TR',
  'uttar pradesh': 'UP',
  uttarakhand: 'UK',
  uttaranchal: 'UK',
  'west bengal': 'WB',
};

/** ISO 3166-2:IN suffix for a state name as written in an Aadhaar QR, or undefined. */
export function indianStateSuffix(name: string): string | undefined {
  const key = name
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z ]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return Object.hasOwn(IN_STATES, key) ? IN_STATES[key] : undefined;
}

/** The kyc-v1 subdivision slot for a revealed state name; 0 when the name is not recognised. */
export function indianStateSubdivision(name: string): number {
  const suffix = indianStateSuffix(name);
  return suffix === undefined ? 0 : encodeSubdivision(suffix);
}
