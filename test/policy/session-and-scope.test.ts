/** Session key commitments, nullifier scopes and the market allow-list. */
import { describe, expect, it } from 'vitest';
import {
  canonicalTrade,
  marketAllowed,
  nullifierScope,
  scopeEpoch,
  sessionKeyCommitment,
} from '../../src/policy/index.js';

const TRADE = {
  venue: 'v1',
  market: 'BTC-EUR',
  side: 'buy',
  size: '0.5',
  price: '60000',
  nonce: '8f3a5c7e9b1d2f40',
  time: 1767225600,
};
const KEY = Uint8Array.from({ length: 32 }, (_, i) => 255 - i);
const perTrade = { scope: { mode: 'per-trade' } } as const;
const hourly = { scope: { mode: 'per-venue-epoch', epochSeconds: 3600 } } as const;

describe('sessionKeyCommitment', () => {
  it('binds the key, the venue and the epoch', () => {
    const c = sessionKeyCommitment(KEY, 'v1', 10);
    expect(sessionKeyCommitment(KEY, 'v1', 10n)).toBe(c);
    const other = Uint8Array.from(KEY);
    other[31]! ^= 1;
    expect(
      new Set([
        c,
        sessionKeyCommitment(other, 'v1', 10),
        sessionKeyCommitment(KEY, 'v2', 10),
        sessionKeyCommitment(KEY, 'v1', 11),
      ]).size,
    ).toBe(4);
  });

  it('rejects a key that is not 32 bytes, a bad venue or epoch with TRADE_INVALID', () => {
    expect(() => sessionKeyCommitment(new Uint8Array(33), 'v1', 1)).toThrow(
      expect.objectContaining({ code: 'TRADE_INVALID', details: { field: 'publicKey' } }),
    );
    expect(() => sessionKeyCommitment(KEY, 'v 1', 1)).toThrow(
      expect.objectContaining({ code: 'TRADE_INVALID', details: { field: 'venue' } }),
    );
    for (const epoch of [-1, 1.5, 2n ** 64n]) {
      expect(() => sessionKeyCommitment(KEY, 'v1', epoch)).toThrow(
        expect.objectContaining({ code: 'TRADE_INVALID', details: { field: 'epoch' } }),
      );
    }
    expect(() => sessionKeyCommitment('00'.repeat(32) as unknown as Uint8Array, 'v1', 1)).toThrow(TypeError);
  });
});

describe('nullifierScope', () => {
  it('per-trade: differs per trade, equal for the same trade', () => {
    const a = canonicalTrade(TRADE);
    const b = canonicalTrade({ ...TRADE, nonce: '8f3a5c7e9b1d2f41' });
    expect(nullifierScope(perTrade, a)).toBe(nullifierScope(perTrade, canonicalTrade({ ...TRADE, size: '0.50' })));
    expect(nullifierScope(perTrade, a)).not.toBe(nullifierScope(perTrade, b));
  });

  it('per-venue-epoch: same within an epoch, new at the boundary, distinct per venue', () => {
    const start = 1767225600; // a multiple of 3600
    const at = (time: number, venue = 'v1') => nullifierScope(hourly, canonicalTrade({ ...TRADE, venue, time }));
    expect(at(start)).toBe(at(start + 3599));
    expect(at(start)).not.toBe(at(start + 3600));
    expect(at(start)).not.toBe(at(start, 'v2'));
    expect(scopeEpoch(hourly, start + 3599)).toBe(start / 3600);
  });

  it('accepts a session binding in place of a trade', () => {
    const commitment = sessionKeyCommitment(KEY, 'v1', scopeEpoch(hourly, TRADE.time));
    const s = nullifierScope(perTrade, { tradeHash: commitment, venue: 'v1', time: TRADE.time });
    expect(s).not.toBe(nullifierScope(perTrade, canonicalTrade(TRADE)));
    expect(nullifierScope(hourly, { tradeHash: commitment, venue: 'v1', time: TRADE.time })).toBe(
      nullifierScope(hourly, canonicalTrade(TRADE)),
    );
  });

  it('separates the two modes by domain tag', () => {
    const c = canonicalTrade(TRADE);
    expect(nullifierScope(perTrade, c)).not.toBe(nullifierScope(hourly, c));
    expect(() => scopeEpoch(perTrade, 1)).toThrow(RangeError);
  });
});

describe('marketAllowed', () => {
  const policy = (markets?: string[]) => ({ markets });
  it.each([
    [['BTC-EUR'], 'BTC-EUR', true],
    [['BTC-EUR'], 'BTC-EURO', false],
    [['*-PERP'], 'ETH-USD-PERP', true],
    [['*-PERP'], '-PERP', true],
    [['*-PERP'], 'ETH-PERPX', false],
    [['*-PERP'], 'eth-usd-perp', false],
    [['BTC-*'], 'BTC-EUR', true],
    [['BTC-*-PERP'], 'BTC-USD-PERP', true],
    [['BTC-*-PERP'], 'BTC-PERP', false],
    [['*-EUR', '*-USD'], 'ETH-USD', true],
    [['*'], 'ANYTHING', true],
  ])('%j allows %s: %s', (markets, market, allowed) => {
    expect(marketAllowed(policy(markets), market)).toBe(allowed);
  });

  it('allows any market when the policy lists none', () => {
    expect(marketAllowed(policy(undefined), 'X')).toBe(true);
  });
});
