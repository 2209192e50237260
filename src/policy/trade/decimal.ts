/**
 * Exact decimal strings for trade quantities: parsed to integers scaled by 10^18, never via
 * floats. Trailing fractional zeros carry no meaning and are stripped, so "0.50" and "0.5" are
 * the same quantity with the same hash.
 */
import { VouchError } from '../../errors/index.js';

/** Fixed-point scale of size and price inside tradeHash: 18 decimals (ERC-20's common maximum). */
export const TRADE_DECIMALS = 18;
/** Integer digits allowed: 10^30 · 10^18 stays far below the field modulus (~2^253.6 ≈ 10^76). */
const MAX_INTEGER_DIGITS = 30;
const MAX_LENGTH = 128;
const DECIMAL = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

export interface ScaledDecimal {
  /** Canonical spelling: no leading zeros, no trailing fractional zeros, no bare '.'. */
  normalized: string;
  /** value × 10^18, exact. */
  scaled: bigint;
}

/** Parses a strictly positive decimal string; TRADE_INVALID (details.field) otherwise. */
export function parsePositiveDecimal(value: unknown, field: string): ScaledDecimal {
  if (typeof value === 'number')
    throw invalid(field, 'must be a decimal string, not a JSON number (floats are inexact)');
  if (typeof value !== 'string' || value.length > MAX_LENGTH) throw invalid(field, 'must be a decimal string');
  if (value.startsWith('-')) throw invalid(field, 'must be positive');
  const m = DECIMAL.exec(value);
  if (!m) throw invalid(field, 'must be a plain decimal string like "0.5" (no sign, exponent or leading zeros)');
  const int = m[1]!;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  if (int.length > MAX_INTEGER_DIGITS) throw invalid(field, `has more than ${MAX_INTEGER_DIGITS} integer digits`);
  if (frac.length > TRADE_DECIMALS) throw invalid(field, `has more than ${TRADE_DECIMALS} decimals`);
  const scaled = BigInt(int) * 10n ** BigInt(TRADE_DECIMALS) + BigInt(frac.padEnd(TRADE_DECIMALS, '0'));
  if (scaled === 0n) throw invalid(field, 'must be positive');
  return { normalized: frac === '' ? int : `${int}.${frac}`, scaled };
}

function invalid(field: string, what: string): VouchError {
  return new VouchError('TRADE_INVALID', `${field} ${what}`, { details: { field } });
}
