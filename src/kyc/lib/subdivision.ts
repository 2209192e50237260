/**
 * The kyc-v1 `subdivision` slot holds an ISO 3166-2 subdivision code's suffix (the part after
 * "CC-": one to three of A–Z, 0–9) as a number anyone can recompute: base-37 digits with
 * A–Z = 1..26 and 0–9 = 27..36, most significant first. No digit is 0, so "1" and "01" differ and
 * 0 keeps meaning "unknown"; 37^3 − 1 = 50652 fits the slot's 16-bit range. The country is the
 * separate `jurisdiction` slot. Example: Delhi, IN-DL → 4·37 + 12 = 160.
 */
const SUFFIX = /^[A-Z0-9]{1,3}$/;

export function encodeSubdivision(suffix: string): number {
  if (!SUFFIX.test(suffix)) throw new RangeError('subdivision suffix must be 1-3 characters of A-Z, 0-9');
  let code = 0;
  for (const ch of suffix) {
    const c = ch.charCodeAt(0);
    code = code * 37 + (c >= 65 ? c - 64 : c - 48 + 27);
  }
  return code;
}

export function decodeSubdivision(code: number): string {
  if (!Number.isInteger(code) || code < 1 || code > 37 ** 3 - 1) throw new RangeError('not a subdivision code');
  let out = '';
  for (let v = code; v > 0; v = Math.floor(v / 37)) {
    const d = v % 37;
    if (d === 0) throw new RangeError('not a subdivision code');
    out = (d <= 26 ? String.fromCharCode(64 + d) : String.fromCharCode(48 + d - 27)) + out;
  }
  return out;
}
