/**
 * The EVM trade binding (specified in ../EVM_TRADE_ENCODING.md). A trade whose venue is
 * `evm:<chainId>:<gate address>` is bound to that chain and gate with keccak-256, which the
 * on-chain gate recomputes from the trade's own fields for a few hundred gas (Poseidon on-chain
 * costs tens of thousands):
 *
 *   tradeHash = keccak256(abi.encode(TAG, chainId, gate, keccak256(market), side, size·10^18,
 *                                    price·10^18, nonce, time)) >> 8
 *
 * The top 31 bytes (>> 8) are always below r, as H() is for SHA-256. The nullifier scope of an
 * EVM trade is its tradeHash itself (already domain-separated by the tag, chain and gate), so the
 * gate needs no Poseidon and the verifier folds the tradeHash and scope signals into one term.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { VouchError } from '../../errors/index.js';

/** "vouch.evm-trade.v1" as a big-endian integer (the contract's TRADE_TAG). */
export const EVM_TRADE_TAG = 0x766f7563682e65766d2d74726164652e7631n;

const VENUE = /^evm:([1-9][0-9]{0,15}):0x([0-9a-fA-F]{40})$/;
const NONCE = /^[0-9a-f]{64}$/;

export interface EvmTarget {
  chainId: bigint;
  /** 0x-prefixed, lower-case. */
  gate: `0x${string}`;
}

/** The six words of the gate's Trade struct for one trade. */
export interface EvmTradeWords {
  /** keccak256 of the market name's UTF-8 bytes. */
  market: `0x${string}`;
  side: 0 | 1;
  size: bigint;
  price: bigint;
  /** The trade's 64-hex-digit nonce as bytes32. */
  nonce: `0x${string}`;
  time: bigint;
}

/** True for a venue id of the `evm:<chainId>:<gate>` form. */
export function isEvmVenue(venue: string): boolean {
  return venue.startsWith('evm:');
}

/** `evm:<chainId>:<gate>` → target; TRADE_INVALID (field venue) when malformed. */
export function parseEvmVenue(venue: string): EvmTarget {
  const m = VENUE.exec(venue);
  if (!m || BigInt(m[1]!) > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new VouchError('TRADE_INVALID', 'an EVM venue is evm:<chainId>:<0x + 40 hex digits gate address>', {
      details: { field: 'venue' },
    });
  }
  return { chainId: BigInt(m[1]!), gate: `0x${m[2]!.toLowerCase()}` };
}

/** The canonical venue string of a target (lower-case address). */
export function evmVenue(t: EvmTarget): string {
  return `evm:${t.chainId}:${t.gate.toLowerCase()}`;
}

/** Encodes a trade's market, side, nonce and time as the field-sized words VouchGate takes (see EVM_TRADE_ENCODING.md). */
export function evmTradeWords(
  trade: { market: string; side: 'buy' | 'sell'; nonce: string; time: number },
  size: bigint,
  price: bigint,
): EvmTradeWords {
  if (!NONCE.test(trade.nonce)) {
    throw new VouchError('TRADE_INVALID', 'a trade for an EVM gate needs a 64-hex-digit nonce (bytes32)', {
      details: { field: 'nonce' },
    });
  }
  return {
    market: hex(keccak_256(new TextEncoder().encode(trade.market))),
    side: trade.side === 'buy' ? 0 : 1,
    size,
    price,
    nonce: `0x${trade.nonce}`,
    time: BigInt(trade.time),
  };
}

/** The trade hash a proof binds for an on-chain venue: Poseidon over the gate's chain and address and the trade's words, as VouchGate recomputes it. */
export function evmTradeHash(t: EvmTarget, w: EvmTradeWords): bigint {
  const words = [
    EVM_TRADE_TAG,
    t.chainId,
    BigInt(t.gate),
    BigInt(w.market),
    BigInt(w.side),
    w.size,
    w.price,
    BigInt(w.nonce),
    w.time,
  ];
  const bytes = new Uint8Array(32 * words.length);
  words.forEach((v, i) => bytes.set(word(v), 32 * i));
  return BigInt(hex(keccak_256(bytes))) >> 8n;
}

function word(v: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0 && v > 0n; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
}

function hex(b: Uint8Array): `0x${string}` {
  return `0x${Buffer.from(b).toString('hex')}`;
}
