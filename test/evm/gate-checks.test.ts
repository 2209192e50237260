/**
 * The gate's checks that need no valid proof: administration and its authorization, root history
 * and grace, policies, malformed calldata, the trade binding (agreement with TypeScript), the
 * clock window, key-term commitments and identity points. Every refusal is asserted by its custom
 * error and leaves the chain's storage unchanged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, type Hex } from 'viem';
import { vouchGateAbi } from '../../src/evm/abi.js';
import { gateProof, gateTrade, type AdmitArgs } from '../../src/evm/calldata.js';
import { verifyingKeyHash } from '../../src/evm/verifier-source.js';
import { canonicalTrade } from '../../src/policy/index.js';
import { FIELD_MODULUS, randomFieldElement } from '../../src/zk/index.js';
import { ACCOUNTS } from '../support/evm-chain.js';
import { compiledGate, deployGate, type GateWorld } from './support/gate-fixture.js';
import { expectRefusedBy, FALSE_PROOF, gateTradeFor, T } from './support/refusals.js';

const POLICY_ID = 77n;
const POLICY_HASH = 123_456_789n;

let w: GateWorld;
let root: bigint;

const trade = (over: Record<string, unknown> = {}) => gateTradeFor(w, over);

/** Admit arguments around a structurally valid but false proof (random points are not needed: checks before the pairing). */
function args(
  over: {
    trade?: Record<string, unknown>;
    signals?: Partial<Record<'nullifier' | 'root' | 'now' | 'policyHash' | 'tradeHash', bigint>>;
  } = {},
): AdmitArgs {
  const t = gateTrade(trade(over.trade));
  const tradeHashTs = tradeHashOf(trade(over.trade));
  const s = { nullifier: 42n, root, now: BigInt(T), policyHash: POLICY_HASH, tradeHash: tradeHashTs, ...over.signals };
  const publicSignals = [s.nullifier, s.root, s.now, s.policyHash, s.tradeHash, 3_000_000n, s.tradeHash].map(String);
  return {
    trade: t,
    proof: gateProof({ proof: FALSE_PROOF, publicSignals, policyId: POLICY_ID, vkey: w.vkey }),
  };
}

function tradeHashOf(t: unknown): bigint {
  return canonicalTrade(t).tradeHash;
}

const admitData = (a: AdmitArgs): Hex =>
  encodeFunctionData({ abi: vouchGateAbi, functionName: 'admit', args: [a.trade, a.proof] });

const expectRefused = (data: Hex, error: string, from: Hex = ACCOUNTS.admin) => expectRefusedBy(w, data, error, from);

beforeAll(async () => {
  w = await deployGate({ rootGraceSeconds: 600n });
  w.chain.timestamp = BigInt(T);
  root = randomFieldElement();
  expect((await w.send('postRoot', [root], ACCOUNTS.updater)).ok).toBe(true);
  expect((await w.send('setPolicy', [POLICY_ID, POLICY_HASH, 30], ACCOUNTS.admin)).ok).toBe(true);
});

describe('administration', () => {
  it('ships an ABI identical to what solc compiles (IVouchGate admit/admitBatch + VouchGate)', () => {
    const c = compiledGate();
    const compiled = [
      ...c['IVouchGate.sol:IVouchGate']!.abi.filter((x) => (x as { type: string }).type === 'function'),
      ...c['VouchGate.sol:VouchGate']!.abi.filter((x) => (x as { type: string }).type !== 'fallback'),
    ];
    const key = (x: unknown) => JSON.stringify(x);
    expect([...vouchGateAbi].map(key).sort()).toEqual(compiled.map(key).sort());
  });

  it('names the verifying key it was generated from', async () => {
    expect(await w.view<Hex>('VKEY_SHA256', [])).toBe(`0x${verifyingKeyHash(w.vkey)}`);
  });

  it('lets only the updater post roots and only the admin set policies, updater and admin', async () => {
    await expectRefused(
      encodeFunctionData({ abi: vouchGateAbi, functionName: 'postRoot', args: [5n] }),
      'Unauthorized',
      ACCOUNTS.stranger,
    );
    await expectRefused(
      encodeFunctionData({ abi: vouchGateAbi, functionName: 'setPolicy', args: [1n, 2n, 30] }),
      'Unauthorized',
      ACCOUNTS.updater,
    );
    await expectRefused(
      encodeFunctionData({ abi: vouchGateAbi, functionName: 'removePolicy', args: [POLICY_ID] }),
      'Unauthorized',
      ACCOUNTS.stranger,
    );
    await expectRefused(
      encodeFunctionData({ abi: vouchGateAbi, functionName: 'setUpdater', args: [ACCOUNTS.stranger] }),
      'Unauthorized',
      ACCOUNTS.stranger,
    );
    await expectRefused(
      encodeFunctionData({ abi: vouchGateAbi, functionName: 'setAdmin', args: [ACCOUNTS.stranger] }),
      'Unauthorized',
      ACCOUNTS.updater,
    );
  });

  it('refuses a root or policy hash that is not a field element', async () => {
    await expectRefused(
      encodeFunctionData({ abi: vouchGateAbi, functionName: 'postRoot', args: [FIELD_MODULUS] }),
      'SignalNotCanonical',
      ACCOUNTS.updater,
    );
    await expectRefused(
      encodeFunctionData({ abi: vouchGateAbi, functionName: 'setPolicy', args: [1n, FIELD_MODULUS, 30] }),
      'SignalNotCanonical',
    );
  });

  it('keeps a replaced root for the grace period, then calls it stale (as the off-chain registry does)', async () => {
    const g = await deployGate({ rootGraceSeconds: 600n });
    g.chain.timestamp = BigInt(T);
    const [a, b] = [randomFieldElement(), randomFieldElement()];
    expect(await g.view<number>('rootStatus', [a])).toBe(0);
    const before = g.chain.state();
    await g.send('postRoot', [a], ACCOUNTS.updater);
    expect(g.chain.state()).not.toBe(before); // the storage snapshot sees writes (so "unchanged" means something)
    expect(await g.view<number>('rootStatus', [a])).toBe(1);
    g.chain.timestamp += 100n;
    const posted = await g.send('postRoot', [b], ACCOUNTS.updater);
    expect(posted.logs[0]).toMatchObject({ eventName: 'RootPosted', args: { root: b, replaced: a } });
    expect(await g.view<bigint>('currentRoot', [])).toBe(b);
    g.chain.timestamp += 599n;
    expect(await g.view<number>('rootStatus', [a])).toBe(2);
    g.chain.timestamp += 1n;
    expect(await g.view<number>('rootStatus', [a])).toBe(3);
    expect(await g.view<number>('rootStatus', [b])).toBe(1);
  });

  it('enforces, reports and removes policies', async () => {
    expect(await w.view<[boolean, number]>('policy', [POLICY_ID])).toEqual([true, 30]);
    await w.send('setPolicy', [9n, 99n, 5], ACCOUNTS.admin);
    expect(await w.view<[boolean, number]>('policy', [9n])).toEqual([true, 5]);
    const removed = await w.send('removePolicy', [9n], ACCOUNTS.admin);
    expect(removed.logs[0]?.eventName).toBe('PolicyRemoved');
    expect(await w.view<[boolean, number]>('policy', [9n])).toEqual([false, 0]);
  });
});

describe('malformed calldata', () => {
  it('refuses empty calldata, an unknown selector, and admit calldata one byte short or long', async () => {
    const good = admitData(args());
    await expectRefused('0x', 'ProofMalformed');
    await expectRefused('0xdeadbeef', 'ProofMalformed');
    await expectRefused(good.slice(0, -2) as Hex, 'ProofMalformed');
    await expectRefused(`${good}00`, 'ProofMalformed');
  });

  it('refuses batch calldata with non-canonical offsets, mismatched lengths or an empty batch', async () => {
    const a = args();
    const one = encodeFunctionData({ abi: vouchGateAbi, functionName: 'admitBatch', args: [[a.trade], [a.proof]] });
    const empty = encodeFunctionData({ abi: vouchGateAbi, functionName: 'admitBatch', args: [[], []] });
    const mismatch = encodeFunctionData({
      abi: vouchGateAbi,
      functionName: 'admitBatch',
      args: [[a.trade, a.trade], [a.proof]],
    });
    const sel = one.slice(0, 10);
    const body = one.slice(10);
    const badOffset = `${sel}${(0x60).toString(16).padStart(64, '0')}${body.slice(64)}` as Hex;
    await expectRefused(empty, 'ProofMalformed');
    await expectRefused(mismatch, 'ProofMalformed');
    await expectRefused(badOffset, 'ProofMalformed');
    await expectRefused(one.slice(0, -64) as Hex, 'ProofMalformed');
  });
});

describe('admission checks before the proof', () => {
  it('refuses an unknown policy', async () => {
    const a = args();
    await expectRefused(admitData({ ...a, proof: { ...a.proof, policyId: 5n } }), 'PolicyUnknown');
  });

  it('recomputes the TypeScript trade binding exactly, and refuses a proof bound to another trade, gate or chain', async () => {
    // past TRADE_MISMATCH (the binding agrees) to the next check: a false proof fails at the pairing
    await expectRefused(admitData(args()), 'ProofInvalid');
    await expectRefused(
      admitData(args({ signals: { tradeHash: tradeHashOf(trade({ nonce: 'cd'.repeat(32) })) } })),
      'TradeMismatch',
    );
    await expectRefused(
      admitData(
        args({ signals: { tradeHash: tradeHashOf(trade({ venue: `evm:${w.chain.chainId}:0x${'11'.repeat(20)}` })) } }),
      ),
      'TradeMismatch',
    );
    await expectRefused(
      admitData(args({ signals: { tradeHash: tradeHashOf(trade({ venue: `evm:10:${w.gate}` })) } })),
      'TradeMismatch',
    );
  });

  it('refuses trades outside the off-chain limits', async () => {
    const a = args();
    const bad = [
      { side: 2 },
      { size: 0n },
      { size: 10n ** 48n },
      { price: 0n },
      { price: 10n ** 48n },
      { time: 2n ** 53n },
      // size × price / 10^34 rounds up to 2^64: the largest trade value plus one hundredth
      { size: 10n ** 18n, price: (2n ** 64n - 1n) * 10n ** 16n + 1n },
    ];
    for (const over of bad) await expectRefused(admitData({ ...a, trade: { ...a.trade, ...over } }), 'TradeInvalid');
  });

  it('refuses a proof time outside the policy clock window, or not below 2^64', async () => {
    await expectRefused(admitData(args({ signals: { now: BigInt(T + 31) } })), 'ClockSkew');
    await expectRefused(admitData(args({ signals: { now: BigInt(T - 31) } })), 'ClockSkew');
    await expectRefused(admitData(args({ signals: { now: BigInt(T + 30) } })), 'ProofInvalid');
    await expectRefused(admitData(args({ signals: { now: 2n ** 64n + BigInt(T) } })), 'SignalOutOfRange');
  });

  it('refuses a root never posted, and a replaced root after the grace period', async () => {
    await expectRefused(admitData(args({ signals: { root: 5n } })), 'IssuerSetUnknown');
    const g = w;
    const old = root;
    const next = randomFieldElement();
    await g.send('postRoot', [next], ACCOUNTS.updater);
    await expectRefused(admitData(args({ signals: { root: old } })), 'ProofInvalid'); // recent: accepted up to the proof
    g.chain.timestamp += 600n;
    await expectRefused(admitData(args({ signals: { root: old, now: g.chain.timestamp } })), 'IssuerSetStale');
    root = next;
  });

  it('refuses key terms that do not match the gate’s commitments', async () => {
    const a = args({ signals: { now: w.chain.timestamp } });
    const k = a.proof.keyTerms;
    await expectRefused(
      admitData({ ...a, proof: { ...a.proof, keyTerms: [k[0], k[1] + 1n, k[2], k[3]] } }),
      'ProofMalformed',
    );
    await expectRefused(
      admitData({ ...a, proof: { ...a.proof, keyTerms: [k[0], k[1], k[2] + 1n, k[3]] } }),
      'ProofMalformed',
    );
  });

  it('refuses a nullifier that is not below r, and identity proof points', async () => {
    const a = args({ signals: { now: w.chain.timestamp } });
    await expectRefused(
      admitData({ ...a, proof: { ...a.proof, nullifier: a.proof.nullifier + FIELD_MODULUS } }),
      'SignalNotCanonical',
    );
    const pi = a.proof.pi;
    await expectRefused(
      admitData({ ...a, proof: { ...a.proof, pi: [0n, 0n, pi[2], pi[3], pi[4], pi[5], pi[6], pi[7]] } }),
      'PointInvalid',
    );
    await expectRefused(
      admitData({ ...a, proof: { ...a.proof, pi: [pi[0], pi[1], 0n, 0n, 0n, 0n, pi[6], pi[7]] } }),
      'PointInvalid',
    );
    await expectRefused(
      admitData({ ...a, proof: { ...a.proof, pi: [pi[0], pi[1], pi[2], pi[3], pi[4], pi[5], 0n, 0n] } }),
      'PointInvalid',
    );
    await expectRefused(
      admitData({ ...a, proof: { ...a.proof, pi: [pi[0], pi[1] + 1n, pi[2], pi[3], pi[4], pi[5], pi[6], pi[7]] } }),
      'PointInvalid',
    );
  });

  it('lets only the venue contract admit when the gate is deployed for one', async () => {
    const g = await deployGate({ venue: ACCOUNTS.deployer });
    const r = await g.raw(admitData(args()), ACCOUNTS.stranger);
    expect(r.error?.name).toBe('Unauthorized');
  });
});
