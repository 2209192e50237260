/**
 * Validates an untrusted trade object and returns it normalized (decimals canonical, nonce
 * lower-case). Strict by design: the same trade must have exactly one encoding, so anything
 * ambiguous — floats, unknown fields, exotic identifiers — is refused rather than guessed at.
 */
import { VouchError } from '../../errors/index.js';
import { parsePositiveDecimal } from './decimal.js';
import { evmVenue, isEvmVenue, parseEvmVenue } from './evm-binding.js';

export interface Trade {
  venue: string;
  market: string;
  side: 'buy' | 'sell';
  /** Normalized decimal string (base units of the base asset). */
  size: string;
  /** Normalized decimal string (quote currency per unit of size). */
  price: string;
  /** 16..64 lower-case hex characters, chosen by the trader to make the trade unique. */
  nonce: string;
  /** Unix seconds. */
  time: number;
}

const FIELDS = ['venue', 'market', 'side', 'size', 'price', 'nonce', 'time'] as const;
/** Venue and market identifiers: ASCII, no spaces, so no Unicode normalization question arises. */
const IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9._:/-]{0,63}$/;
const NONCE = /^[0-9a-fA-F]{16,64}$/;

/** Validates an untrusted trade object (market, side, size, price, nonce, time, venue) and returns it typed; throws TRADE_INVALID naming the field. */
export function parseTrade(input: unknown): Trade {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw invalid('$', 'a trade must be a JSON object');
  const t = input as Record<string, unknown>;
  const extra = Object.keys(t).find((k) => !(FIELDS as readonly string[]).includes(k));
  if (extra !== undefined) throw invalid(extra, `${JSON.stringify(extra).slice(0, 70)} is not a trade field`);
  const missing = FIELDS.find((k) => !(k in t));
  if (missing !== undefined) throw invalid(missing, `${missing} is required`);

  const venue = normalizeVenue(identifier(t.venue, 'venue'));
  const market = identifier(t.market, 'market');
  if (t.side !== 'buy' && t.side !== 'sell') throw invalid('side', 'side must be "buy" or "sell"');
  const size = parsePositiveDecimal(t.size, 'size').normalized;
  const price = parsePositiveDecimal(t.price, 'price').normalized;
  if (typeof t.nonce !== 'string' || !NONCE.test(t.nonce))
    throw invalid('nonce', 'nonce must be 16 to 64 hex characters');
  if (typeof t.time !== 'number' || !Number.isSafeInteger(t.time) || t.time < 0) {
    throw invalid('time', 'time must be a non-negative integer (unix seconds)');
  }
  return { venue, market, side: t.side, size, price, nonce: t.nonce.toLowerCase(), time: t.time };
}

/** EVM venues (`evm:<chainId>:<address>`) name their gate in lower-case, so one trade has one encoding. */
function normalizeVenue(venue: string): string {
  return isEvmVenue(venue) ? evmVenue(parseEvmVenue(venue)) : venue;
}

/** For trade-adjacent inputs (session keys) that carry a venue. */
export function identifier(value: unknown, field: string): string {
  if (typeof value !== 'string' || !IDENTIFIER.test(value)) {
    throw invalid(field, `${field} must be 1 to 64 characters of A-Z a-z 0-9 . _ : / - (starting alphanumeric)`);
  }
  return value;
}

function invalid(field: string, message: string): VouchError {
  return new VouchError('TRADE_INVALID', message, { details: { field } });
}
