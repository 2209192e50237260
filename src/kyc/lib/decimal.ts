/** Exact decimal integers (never floats) for limits and field elements arriving in evidence. */
import { COMPARABLE_MAX } from '../../credentials/schema.js';

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

/** A decimal string without sign or leading zeros, within [0, max]; undefined otherwise. */
export function parseDecimal(value: unknown, max: bigint = COMPARABLE_MAX): bigint | undefined {
  if (typeof value !== 'string' || !DECIMAL.test(value)) return undefined;
  const v = BigInt(value);
  return v <= max ? v : undefined;
}
