/**
 * Trade canonicalization: strict validation (every bad field has TRADE_INVALID and its name),
 * normalization that does not change meaning, and a tradeHash that changes with every field.
 */
import { describe, expect, it } from 'vitest';
import { canonicalTrade, parseTrade } from '../../src/policy/index.js';
import { VouchError } from '../../src/errors/index.js';
import { VALUE_MAX } from '../../src/zk/circuit-policy.js';

const TRADE = {
  venue: 'v1',
  market: 'BTC-EUR',
  side: 'buy',
  size: '0.5',
  price: '60000',
  nonce: '8f3a5c7e9b1d2f40',
  time: 1767225600,
};
const withField = (k: string, v: unknown) => ({ ...TRADE, [k]: v });

function tradeError(input: unknown): VouchError {
  try {
    canonicalTrade(input);
  } catch (err) {
    if (err instanceof VouchError) return err;
    throw err;
  }
  throw new Error('expected canonicalTrade to throw');
}

describe('trade validation', () => {
  it.each([
    ['a float size', withField('size', 0.5), 'size'],
    ['a number price', withField('price', 60000), 'price'],
    ['an exponent', withField('price', '6e4'), 'price'],
    ['a leading plus', withField('size', '+0.5'), 'size'],
    ['a leading zero', withField('size', '00.5'), 'size'],
    ['a bare decimal point', withField('size', '.5'), 'size'],
    ['a trailing decimal point', withField('size', '5.'), 'size'],
    ['a negative size', withField('size', '-0.5'), 'size'],
    ['a zero size', withField('size', '0'), 'size'],
    ['a zero size with decimals', withField('size', '0.000'), 'size'],
    ['a zero price', withField('price', '0.0'), 'price'],
    ['19 significant decimals', withField('size', '0.1234567890123456789'), 'size'],
    ['31 integer digits', withField('price', '1'.repeat(31)), 'price'],
    ['whitespace in a decimal', withField('price', ' 60000'), 'price'],
    ['a side other than buy/sell', withField('side', 'BUY'), 'side'],
    ['a short nonce', withField('nonce', '8f3a5c7e9b1d2f4'), 'nonce'],
    ['a long nonce', withField('nonce', 'a'.repeat(65)), 'nonce'],
    ['a non-hex nonce', withField('nonce', '8f3a5c7e9b1d2f4g'), 'nonce'],
    ['a fractional time', withField('time', 1767225600.5), 'time'],
    ['a negative time', withField('time', -1), 'time'],
    ['a string time', withField('time', '1767225600'), 'time'],
    ['an unsafe integer time', withField('time', 2 ** 53), 'time'],
    ['an empty venue', withField('venue', ''), 'venue'],
    ['a venue with spaces', withField('venue', 'my venue'), 'venue'],
    ['a non-ASCII market', withField('market', 'BTC-€'), 'market'],
    ['a 65-character market', withField('market', 'M'.repeat(65)), 'market'],
    ['an unknown field', { ...TRADE, leverage: '10' }, 'leverage'],
    ['a missing field', (({ nonce: _n, ...rest }) => rest)(TRADE), 'nonce'],
    ['an array', [TRADE], '$'],
    ['null', null, '$'],
  ])('rejects %s with TRADE_INVALID naming the field', (_what, input, field) => {
    const err = tradeError(input);
    expect(err.code).toBe('TRADE_INVALID');
    expect(err.details?.field).toBe(field);
  });

  it('accepts 18 decimals, and more when the extra digits are trailing zeros', () => {
    expect(canonicalTrade(withField('size', '0.000000000000000001')).trade.size).toBe('0.000000000000000001');
    expect(canonicalTrade(withField('size', '0.1000000000000000000000')).trade.size).toBe('0.1');
  });

  it('refuses a trade whose value reaches 2^64 hundredths', () => {
    // 2^64 / 100 ≈ 1.8447e17 major units: 1e9 × 2e8 = 2e17 is over, 1e9 × 1e8 is under.
    expect(tradeError({ ...TRADE, size: '1000000000', price: '200000000' })).toMatchObject({
      code: 'TRADE_INVALID',
      details: { field: 'price' },
    });
    expect(canonicalTrade({ ...TRADE, size: '1000000000', price: '100000000' }).tradeValue).toBe(10n ** 19n);
  });
});

describe('canonicalTrade', () => {
  it('writes canonical JSON with sorted keys and normalized decimals', () => {
    const c = canonicalTrade({
      time: 1767225600,
      price: '60000.000',
      size: '0.50',
      side: 'buy',
      nonce: '8F3A5C7E9B1D2F40',
      market: 'BTC-EUR',
      venue: 'v1',
    });
    expect(c.canonical).toBe(
      '{"market":"BTC-EUR","nonce":"8f3a5c7e9b1d2f40","price":"60000","side":"buy","size":"0.5","time":1767225600,"venue":"v1"}',
    );
    expect(c.trade).toEqual({ ...TRADE });
    expect(canonicalTrade(JSON.parse(c.canonical)).canonical).toBe(c.canonical);
  });

  it('computes tradeValue in hundredths, rounding up', () => {
    expect(canonicalTrade(TRADE).tradeValue).toBe(3_000_000n); // 0.5 × 60000 = 30000.00
    expect(canonicalTrade({ ...TRADE, size: '0.001', price: '0.001' }).tradeValue).toBe(1n); // 0.000001 -> 0.01
    expect(canonicalTrade({ ...TRADE, size: '1', price: '0.01' }).tradeValue).toBe(1n); // exact, not rounded further
    expect(canonicalTrade({ ...TRADE, size: '1', price: '0.010000000000000001' }).tradeValue).toBe(2n);
    expect(canonicalTrade({ ...TRADE, size: '3', price: '33.333333333333333333' }).tradeValue).toBe(10000n); // 99.999… -> 100.00
    expect(canonicalTrade({ ...TRADE, size: '1000000000', price: '100000000' }).tradeValue).toBeLessThanOrEqual(
      VALUE_MAX,
    );
  });

  it('never under-counts: tradeValue / 100 >= size × price for random trades', () => {
    let seed = 7n;
    const next = () => (seed = (seed * 6364136223846793005n + 1442695040888963407n) % 2n ** 64n);
    for (let i = 0; i < 200; i++) {
      const s = (next() % 10n ** 12n) + 1n; // size = s / 10^6
      const p = (next() % 10n ** 12n) + 1n; // price = p / 10^5
      const size = `${s / 10n ** 6n}.${(s % 10n ** 6n).toString().padStart(6, '0')}`;
      const price = `${p / 10n ** 5n}.${(p % 10n ** 5n).toString().padStart(5, '0')}`;
      const { tradeValue } = canonicalTrade({ ...TRADE, size, price });
      const exact = s * p; // size × price × 10^11
      expect(tradeValue * 10n ** 9n >= exact).toBe(true); // value ≥ exact
      expect((tradeValue - 1n) * 10n ** 9n < exact).toBe(true); // and less than one hundredth above it
    }
  });

  it('keeps the hash when only key order, trailing zeros or nonce case change', () => {
    const h = canonicalTrade(TRADE).tradeHash;
    const reordered = Object.fromEntries(Object.entries(TRADE).reverse());
    expect(canonicalTrade(reordered).tradeHash).toBe(h);
    expect(canonicalTrade({ ...TRADE, size: '0.500000', price: '60000.0' }).tradeHash).toBe(h);
    expect(canonicalTrade({ ...TRADE, nonce: TRADE.nonce.toUpperCase() }).tradeHash).toBe(h);
  });

  it('changes the hash when any field changes', () => {
    const variants = [
      { venue: 'v2' },
      { market: 'BTC-USD' },
      { market: 'btc-eur' },
      { side: 'sell' },
      { size: '0.51' },
      { size: '0.500000000000000001' },
      { price: '60000.01' },
      { nonce: '8f3a5c7e9b1d2f41' },
      { nonce: '8f3a5c7e9b1d2f400' },
      { time: 1767225601 },
      { size: '60000', price: '0.5' }, // same value, swapped fields
    ];
    const hashes = [
      canonicalTrade(TRADE).tradeHash,
      ...variants.map((v) => canonicalTrade({ ...TRADE, ...v }).tradeHash),
    ];
    expect(new Set(hashes).size).toBe(hashes.length);
  });

  it('parseTrade returns the normalized trade only', () => {
    expect(parseTrade({ ...TRADE, size: '0.50' })).toEqual({ ...TRADE, size: '0.5' });
  });
});
