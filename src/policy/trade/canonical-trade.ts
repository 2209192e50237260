/**
 * The one encoding of a trade shared by prover and hook (specified in ../TRADE_ENCODING.md):
 * canonical JSON for storage and receipts, `tradeHash` for the proof's public tradeHash, and
 * `tradeValue` for the circuit's per-trade cap.
 *
 * Rounding rule: tradeValue = ceil(size × price × 10^VALUE_DECIMALS). Rounding UP means a cap
 * check (tradeValue <= tradeLimit) can never under-count a trade's notional.
 */
import { VALUE_DECIMALS } from '../../credentials/schema.js';
import { VouchError } from '../../errors/index.js';
import { VALUE_MAX, poseidon } from '../../zk/index.js';
import { DOMAIN_TAGS, stringToField } from '../lib/field-encoding.js';
import { parsePositiveDecimal, TRADE_DECIMALS } from './decimal.js';
import {
  evmTradeHash,
  evmTradeWords,
  isEvmVenue,
  parseEvmVenue,
  type EvmTarget,
  type EvmTradeWords,
} from './evm-binding.js';
import { parseTrade, type Trade } from './parse-trade.js';

export interface CanonicalTrade {
  /** The validated, normalized trade. */
  trade: Trade;
  /** Canonical JSON: keys sorted, no whitespace, normalized decimals (RFC 8785 for these values). */
  canonical: string;
  /** Poseidon(tag, H(venue), H(market), side, size·10^18, price·10^18, H(nonce), time). */
  tradeHash: bigint;
  /** ceil(size × price) in hundredths of the quote currency; < 2^64. */
  tradeValue: bigint;
  /** Set when the venue is an EVM gate (`evm:<chainId>:<gate>`): tradeHash is then the keccak binding. */
  evm?: { target: EvmTarget; words: EvmTradeWords };
}

const SCALE_SQUARED = 10n ** BigInt(2 * TRADE_DECIMALS);
const VALUE_UNIT = 10n ** BigInt(VALUE_DECIMALS);

/** Validates (TRADE_INVALID with details.field) and encodes an untrusted trade object. */
export function canonicalTrade(input: unknown): CanonicalTrade {
  const t = canonicalTradeWithoutHash(input);
  if (isEvmVenue(t.trade.venue)) {
    const target = parseEvmVenue(t.trade.venue);
    const words = evmTradeWords(t.trade, t.sizeScaled, t.priceScaled);
    return {
      trade: t.trade,
      canonical: t.canonical,
      tradeHash: evmTradeHash(target, words),
      tradeValue: t.tradeValue,
      evm: { target, words },
    };
  }
  const tradeHash = poseidon([
    DOMAIN_TAGS.trade,
    stringToField(t.trade.venue),
    stringToField(t.trade.market),
    t.trade.side === 'buy' ? 0n : 1n,
    t.sizeScaled,
    t.priceScaled,
    stringToField(t.trade.nonce),
    BigInt(t.trade.time),
  ]);
  return { trade: t.trade, canonical: t.canonical, tradeHash, tradeValue: t.tradeValue };
}

/**
 * Everything but the Poseidon tradeHash (the costly part, ~1 ms in JS): what session-mode order
 * checks need — the canonical bytes the session key signed and the value for the limits.
 */
export function canonicalTradeWithoutHash(
  input: unknown,
): Omit<CanonicalTrade, 'tradeHash'> & { sizeScaled: bigint; priceScaled: bigint } {
  const trade = parseTrade(input);
  const size = parsePositiveDecimal(trade.size, 'size').scaled;
  const price = parsePositiveDecimal(trade.price, 'price').scaled;

  const numerator = size * price * VALUE_UNIT;
  const tradeValue = (numerator + SCALE_SQUARED - 1n) / SCALE_SQUARED; // ceiling division, see header
  if (tradeValue > VALUE_MAX) {
    throw new VouchError('TRADE_INVALID', 'size × price exceeds the largest trade value (2^64-1 hundredths)', {
      details: { field: 'price' },
    });
  }

  // Keys in sorted order; JSON.stringify keeps insertion order and escapes strings as RFC 8785 does.
  const canonical = JSON.stringify({
    market: trade.market,
    nonce: trade.nonce,
    price: trade.price,
    side: trade.side,
    size: trade.size,
    time: trade.time,
    venue: trade.venue,
  });
  return { trade, canonical, tradeValue, sizeScaled: size, priceScaled: price };
}
