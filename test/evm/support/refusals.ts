/**
 * What the gates' checks-before-the-proof tests share: a trade through the gate under test, a
 * structurally valid but false proof (the curve generators: every check before the pairing passes
 * them, the pairing refuses them), and the assertion that a call reverts with a given custom error
 * and leaves the chain's storage unchanged.
 */
import { expect } from 'vitest';
import type { Hex } from 'viem';
import { ACCOUNTS } from '../../support/evm-chain.js';
import type { GateWorld } from './gate-fixture.js';

/** 2026-01-01T00:00:00Z: the trades' time and the chains' clock. */
export const T = 1_767_225_600;

/** A BTC-EUR trade through gate `g` at T, with `over` replacing fields. */
export function gateTradeFor(g: GateWorld, over: Record<string, unknown> = {}) {
  return {
    venue: `evm:${g.chain.chainId}:${g.gate}`,
    market: 'BTC-EUR',
    side: 'buy',
    size: '0.5',
    price: '60000',
    nonce: 'ab'.repeat(32),
    time: T,
    ...over,
  };
}

/** A false Groth16 proof whose points are G1's and G2's generators (valid curve points). */
export const FALSE_PROOF = {
  pi_a: ['1', '2', '1'],
  pi_b: [
    [
      '10857046999023057135944570762232829481370756359578518086990519993285655852781',
      '11559732032986387107991004021392285783925812861821192530917403151452391805634',
    ],
    [
      '8495653923123431417604973247489272438418190587263600148770280649306958101930',
      '4082367875863433681332203403145435568316851327593401208105741076214120093531',
    ],
    ['1', '0'],
  ],
  pi_c: ['1', '2', '1'],
};

/** Sends `data` to `g` as `from` and asserts it reverts with `error` and changes no storage. */
export async function expectRefusedBy(g: GateWorld, data: Hex, error: string, from: Hex = ACCOUNTS.admin) {
  const before = g.chain.state();
  const r = await g.raw(data, from);
  expect(r.ok).toBe(false);
  expect(r.error?.name ?? r.returnData).toBe(error);
  expect(g.chain.state()).toBe(before);
  return r;
}
