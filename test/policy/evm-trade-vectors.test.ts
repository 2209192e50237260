/**
 * The EVM trade binding's pinned vectors (src/policy/EVM_TRADE_ENCODING.md), recomputed with
 * viem's ABI encoder and keccak as an independent implementation, and its input rules.
 */
import { describe, expect, it } from 'vitest';
import { encodeAbiParameters, keccak256, toBytes } from 'viem';
import { canonicalTrade, EVM_TRADE_TAG, nullifierScope } from '../../src/policy/index.js';
import { spotPolicy } from '../support/hook-world.js';

const VECTORS = [
  {
    trade: {
      venue: 'evm:1:0x5FbDB2315678afecb367f032d93F642f64180aa3',
      market: 'BTC-EUR',
      side: 'buy',
      size: '0.5',
      price: '60000',
      nonce: '8f3a5c7e9b1d2f40'.repeat(4),
      time: 1767225600,
    },
    tradeHash: 299341524442661435732868647770305805706132275603798272377083651955772460929n,
    tradeValue: 3000000n,
  },
  {
    trade: {
      venue: 'evm:31337:0x5fbdb2315678afecb367f032d93f642f64180aa3',
      market: 'ETH-USD',
      side: 'sell',
      size: '1.25',
      price: '3333.333333333333333333',
      nonce: `${'00'.repeat(31)}01`,
      time: 1767225601,
    },
    tradeHash: 366853747463362690445485922491414908768436567298093027031277608151760482601n,
    tradeValue: 416667n,
  },
];

describe('EVM trade binding', () => {
  it('matches the pinned vectors', () => {
    for (const v of VECTORS) {
      const t = canonicalTrade(v.trade);
      expect(t.tradeHash).toBe(v.tradeHash);
      expect(t.tradeValue).toBe(v.tradeValue);
    }
  });

  it('is keccak256(abi.encode(tag, chainId, gate, keccak(market), side, size, price, nonce, time)) >> 8, per viem', () => {
    for (const v of VECTORS) {
      const [, chainId, gate] = v.trade.venue.split(':') as [string, string, `0x${string}`];
      const scaled = (d: string) =>
        BigInt(d.split('.')[0]!) * 10n ** 18n + BigInt((d.split('.')[1] ?? '').padEnd(18, '0'));
      const encoded = encodeAbiParameters(
        [
          { type: 'uint256' },
          { type: 'uint256' },
          { type: 'address' },
          { type: 'bytes32' },
          { type: 'uint8' },
          { type: 'uint256' },
          { type: 'uint256' },
          { type: 'bytes32' },
          { type: 'uint64' },
        ],
        [
          EVM_TRADE_TAG,
          BigInt(chainId),
          gate,
          keccak256(toBytes(v.trade.market)),
          v.trade.side === 'buy' ? 0 : 1,
          scaled(v.trade.size),
          scaled(v.trade.price),
          `0x${v.trade.nonce}`,
          BigInt(v.trade.time),
        ],
      );
      expect(BigInt(keccak256(encoded)) >> 8n).toBe(v.tradeHash);
    }
    expect(EVM_TRADE_TAG).toBe(BigInt(`0x${Buffer.from('vouch.evm-trade.v1').toString('hex')}`));
  });

  it('normalizes the gate address to lower case in the canonical trade', () => {
    const t = canonicalTrade(VECTORS[0]!.trade);
    expect(t.trade.venue).toBe('evm:1:0x5fbdb2315678afecb367f032d93f642f64180aa3');
    expect(canonicalTrade({ ...VECTORS[0]!.trade, venue: t.trade.venue }).tradeHash).toBe(t.tradeHash);
  });

  it('refuses malformed EVM venues and short nonces with TRADE_INVALID naming the field', () => {
    const base = VECTORS[0]!.trade;
    for (const venue of [
      'evm:0:0x5fbdb2315678afecb367f032d93f642f64180aa3',
      'evm:01:0x5fbdb2315678afecb367f032d93f642f64180aa3',
      'evm:1:0x5fbdb2315678afecb367f032d93f642f64180a',
      'evm:1:5fbdb2315678afecb367f032d93f642f64180aa3',
      'evm:9007199254740992:0x5fbdb2315678afecb367f032d93f642f64180aa3',
    ]) {
      expect(() => canonicalTrade({ ...base, venue })).toThrow(
        expect.objectContaining({ code: 'TRADE_INVALID', details: { field: 'venue' } }),
      );
    }
    expect(() => canonicalTrade({ ...base, nonce: '8f3a5c7e9b1d2f40' })).toThrow(
      expect.objectContaining({ code: 'TRADE_INVALID', details: { field: 'nonce' } }),
    );
  });

  it('uses the tradeHash itself as the per-trade nullifier scope, and leaves other venues unchanged', () => {
    const policy = spotPolicy();
    const t = canonicalTrade(VECTORS[0]!.trade);
    expect(nullifierScope(policy, t)).toBe(t.tradeHash);
    const off = canonicalTrade({ ...VECTORS[0]!.trade, venue: 'v1' });
    expect(nullifierScope(policy, off)).not.toBe(off.tradeHash);
    expect(off.tradeHash).not.toBe(t.tradeHash);
  });
});
