/**
 * Exact fixed-point decimals for quantities, prices and money: a plain `bigint` counting units of
 * 10^-18 (SCALE = 18, the finest unit of ERC-20 tokens, so every on-chain quantity fits exactly).
 *
 * Why not decimal.js: every value here has a bounded number of fractional digits, and the only
 * operations are +, -, compare (exact on bigints) and a multiply/divide that must round. A bigint
 * makes the exactness visible in the type, costs no dependency and is fast enough for 10^6 fills.
 *
 * This module must never go through a JavaScript number: parsing is from strings, formatting is
 * to strings. Rounding happens only in the functions named `...HalfEven`, and only where a caller
 * writes it down (a product of two decimals has 36 fractional digits and must be brought back to 18).
 */

/** Fractional digits carried by every fixed-point value. */
export const SCALE = 18;
/** 1.0 in fixed-point units. */
export const ONE = 10n ** BigInt(SCALE);

/** A fixed-point decimal: an integer count of 10^-18 units. */
export type Fixed = bigint;

// Plain decimal: optional minus, digits, optional fraction with at least one digit. No exponent,
// no leading '+', no bare '.5' or '5.' (strict on purpose: a ledger should not be guessed at).
const DECIMAL_RE = /^(-?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses a decimal string exactly. Returns undefined when the text is not a plain decimal or has
 * more than 18 fractional digits (callers turn that into an error that names the field).
 */
export function parseDecimal(text: string): Fixed | undefined {
  const m = DECIMAL_RE.exec(text);
  if (m === null) return undefined;
  const frac = m[3] ?? '';
  if (frac.length > SCALE) return undefined;
  const units = BigInt(m[2]! + frac.padEnd(SCALE, '0'));
  return m[1] === '-' ? -units : units;
}

/**
 * The exact decimal text of x, trailing fractional zeros removed ("1.5", "0", "-0.000001").
 */
export function formatDecimal(x: Fixed): string {
  const neg = x < 0n;
  const abs = neg ? -x : x;
  const int = abs / ONE;
  const frac = abs % ONE;
  let text = int.toString();
  if (frac !== 0n) {
    const digits = frac.toString().padStart(SCALE, '0');
    let end = digits.length;
    while (digits.charCodeAt(end - 1) === 48) end -= 1; // trailing '0's (frac ≠ 0, so one digit stays)
    text += `.${digits.slice(0, end)}`;
  }
  return neg ? `-${text}` : text;
}

/**
 * x with exactly `digits` fractional digits, rounded half-even ("1234.50" for money with 2).
 * Half-even (banker's rounding) so that rounding many amounts has no systematic bias.
 */
export function formatFixed(x: Fixed, digits: number): string {
  if (!Number.isInteger(digits) || digits < 0 || digits > SCALE) throw new RangeError('digits must be 0..18');
  const step = 10n ** BigInt(SCALE - digits);
  const q = divHalfEven(x, step);
  const neg = q < 0n;
  const abs = neg ? -q : q;
  const scale = 10n ** BigInt(digits);
  const int = (abs / scale).toString();
  const text = digits === 0 ? int : `${int}.${(abs % scale).toString().padStart(digits, '0')}`;
  return neg ? `-${text}` : text;
}

/** x rounded half-even to `digits` fractional digits, still in fixed-point units. */
export function roundHalfEven(x: Fixed, digits: number): Fixed {
  const step = 10n ** BigInt(SCALE - digits);
  return divHalfEven(x, step) * step;
}

/**
 * n / d rounded to the nearest integer, ties to even. d must be non-zero.
 */
export function divHalfEven(n: bigint, d: bigint): bigint {
  if (d === 0n) throw new RangeError('division by zero');
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  const neg = n < 0n;
  const a = neg ? -n : n;
  let q = a / d;
  const r2 = (a % d) * 2n;
  if (r2 > d || (r2 === d && (q & 1n) === 1n)) q += 1n;
  return neg ? -q : q;
}

/** a × b in fixed point: the exact product has 36 fractional digits; rounded half-even to 18. */
export function mulHalfEven(a: Fixed, b: Fixed): Fixed {
  return divHalfEven(a * b, ONE);
}

/** a × b / c in fixed point (all three fixed-point), one rounding (half-even) at the end. */
export function mulDivHalfEven(a: Fixed, b: Fixed, c: Fixed): Fixed {
  return divHalfEven(a * b, c);
}
