/**
 * Fixed vectors for the encoding in src/policy/TRADE_ENCODING.md, computed once and pinned, plus
 * a from-the-spec reimplementation (node:crypto SHA-256, tags spelled as ASCII bytes) that must
 * agree, so the document and the code cannot drift apart.
 */
import { createHash } from 'node:crypto';
import { poseidon8, poseidon2, poseidon3, poseidon4 } from 'poseidon-lite';
import { describe, expect, it } from 'vitest';
import {
  canonicalTrade,
  compilePolicy,
  DOMAIN_TAGS,
  nullifierScope,
  periodScope,
  sessionKeyCommitment,
} from '../../src/policy/index.js';
import { baseDoc } from './fixtures.js';

const TRADE = {
  venue: 'v1',
  market: 'BTC-EUR',
  side: 'buy',
  size: '0.5',
  price: '60000',
  nonce: '8f3a5c7e9b1d2f40',
  time: 1767225600,
};
const PERP = {
  venue: 'dex.example',
  market: 'ETH-USDC-PERP',
  side: 'sell',
  size: '1.000000000000000001',
  price: '3333.333333333333333333',
  nonce: 'AB'.repeat(32),
  time: 1767225601,
};
const SESSION_KEY = Uint8Array.from({ length: 32 }, (_, i) => i);

/** The spec's H, independently: first 31 bytes of SHA-256 as a big-endian integer. */
const H = (data: string | Uint8Array) => BigInt(`0x${createHash('sha256').update(data).digest('hex').slice(0, 62)}`);
const tag = (s: string) => BigInt(`0x${Buffer.from(s, 'ascii').toString('hex')}`);
const E18 = 10n ** 18n;

describe('trade encoding vectors (pinned)', () => {
  it('BTC-EUR buy', () => {
    const c = canonicalTrade(TRADE);
    expect(c.canonical).toBe(
      '{"market":"BTC-EUR","nonce":"8f3a5c7e9b1d2f40","price":"60000","side":"buy","size":"0.5","time":1767225600,"venue":"v1"}',
    );
    expect(c.tradeValue).toBe(3000000n);
    expect(c.tradeHash).toBe(8787885831862274737817688069591806308992955347521143472184056687916527297094n);
  });

  it('ETH-USDC-PERP sell with 18 decimals and an upper-case nonce', () => {
    const c = canonicalTrade(PERP);
    expect(c.canonical).toBe(
      `{"market":"ETH-USDC-PERP","nonce":"${'ab'.repeat(32)}","price":"3333.333333333333333333","side":"sell","size":"1.000000000000000001","time":1767225601,"venue":"dex.example"}`,
    );
    expect(c.tradeValue).toBe(333334n);
    expect(c.tradeHash).toBe(17266279881827558475660741303615633269758399062628562471010871567738976817371n);
  });

  it('session key commitment, scopes and policy id', () => {
    expect(sessionKeyCommitment(SESSION_KEY, 'v1', 490896)).toBe(
      3817326975109243129428631029275055298603476397221432711330302174872310627168n,
    );
    const c = canonicalTrade(TRADE);
    expect(nullifierScope({ scope: { mode: 'per-trade' } }, c)).toBe(
      15323452986487854073355332671536196685407628117443931519381425763207076791086n,
    );
    expect(nullifierScope({ scope: { mode: 'per-venue-epoch', epochSeconds: 3600 } }, c)).toBe(
      3187085850019419101514982767106301880358837842099115475710479881292117063272n,
    );
  });
});

describe('trade encoding reimplemented from TRADE_ENCODING.md', () => {
  it('spells the domain tags as the document lists them', () => {
    expect(DOMAIN_TAGS).toEqual({
      trade: 0x766f7563682e74726164652e7631n,
      sessionKey: 0x766f7563682e73657373696f6e2d6b65792e7631n,
      scopePerTrade: 0x766f7563682e73636f70652e74726164652e7631n,
      scopePerVenueEpoch: 0x766f7563682e73636f70652e76656e75652d65706f63682e7631n,
      policyId: 0x766f7563682e706f6c6963792d69642e7631n,
      scopePeriod: 0x766f7563682e73636f70652e706572696f642e7631n,
    });
  });

  it('tradeHash and tradeValue', () => {
    for (const t of [TRADE, PERP]) {
      const c = canonicalTrade(t);
      const [si, sf = ''] = c.trade.size.split('.');
      const [pi, pf = ''] = c.trade.price.split('.');
      const S = BigInt(si!) * E18 + BigInt(sf.padEnd(18, '0'));
      const P = BigInt(pi!) * E18 + BigInt(pf.padEnd(18, '0'));
      const expected = poseidon8([
        tag('vouch.trade.v1'),
        H(t.venue),
        H(t.market),
        t.side === 'buy' ? 0n : 1n,
        S,
        P,
        H(t.nonce.toLowerCase()),
        BigInt(t.time),
      ]);
      expect(c.tradeHash).toBe(expected);
      const product = S * P * 100n;
      expect(c.tradeValue).toBe(product / E18 ** 2n + (product % E18 ** 2n === 0n ? 0n : 1n));
    }
  });

  it('session key commitment', () => {
    expect(sessionKeyCommitment(SESSION_KEY, 'v1', 7n)).toBe(
      poseidon4([tag('vouch.session-key.v1'), H(SESSION_KEY), H('v1'), 7n]),
    );
  });

  it('nullifier scopes', () => {
    const c = canonicalTrade(TRADE);
    expect(nullifierScope({ scope: { mode: 'per-trade' } }, c)).toBe(
      poseidon2([tag('vouch.scope.trade.v1'), c.tradeHash]),
    );
    expect(nullifierScope({ scope: { mode: 'per-venue-epoch', epochSeconds: 86400 } }, c)).toBe(
      poseidon3([tag('vouch.scope.venue-epoch.v1'), H('v1'), BigInt(Math.floor(TRADE.time / 86400))]),
    );
  });

  it('period scope of a cumulative limit (calendar month and calendar year, UTC)', () => {
    // 1767225600 = 2026-01-01T00:00:00Z: month index 0 of 2026
    const monthly = {
      id: 'retail-cap',
      cumulativeLimit: { period: 'calendar-month' as const, cap: 'tradeLimit' as const },
    };
    const yearly = {
      id: 'retail-cap',
      cumulativeLimit: { period: 'calendar-year' as const, cap: 'tradeLimit' as const },
    };
    expect(periodScope(monthly, 'v1', TRADE.time)).toBe(
      poseidon4([tag('vouch.scope.period.v1'), H('retail-cap'), H('v1'), 2026n * 12n]),
    );
    expect(periodScope(monthly, 'v1', TRADE.time - 1)).toBe(
      poseidon4([tag('vouch.scope.period.v1'), H('retail-cap'), H('v1'), 2025n * 12n + 11n]),
    );
    expect(periodScope(yearly, 'v1', TRADE.time)).toBe(
      poseidon4([tag('vouch.scope.period.v1'), H('retail-cap'), H('v1'), 2026n]),
    );
  });

  it('policy id', () => {
    const p = compilePolicy(baseDoc());
    expect(p.policyId).toBe(poseidon4([tag('vouch.policy-id.v1'), H('test-policy'), H('1.0.0'), p.policyHash]));
  });
});
