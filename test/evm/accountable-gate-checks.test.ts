/**
 * VouchAccountableGate's checks that need no valid proof: its ABI, administration (committee key,
 * policies with their features, period scopes) and its authorization, the calendar periods it
 * computes (against TypeScript's), and every refusal before the pairing — escrow key, period
 * scope, running-total state, canonical outputs, trade time — each asserted by its custom error
 * (mapped to the hook's code) and leaving the chain's storage unchanged.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeFunctionData, type Hex } from 'viem';
import { vouchAccountableGateAbi } from '../../src/evm/accountable-abi.js';
import { accountableGateProof, type AccountableAdmitArgs } from '../../src/evm/accountable-calldata.js';
import { gateTrade } from '../../src/evm/calldata.js';
import { gateErrorCode } from '../../src/evm/gate-errors.js';
import { verifyingKeyHash } from '../../src/evm/verifier-source.js';
import { canonicalTrade, limitPeriod } from '../../src/policy/index.js';
import { FIELD_MODULUS, randomFieldElement } from '../../src/zk/index.js';
import { ACCOUNTS } from '../support/evm-chain.js';
import type { GateWorld } from './support/gate-fixture.js';
import { compiledAccountableGate, deployAccountableGate } from './support/accountable-gate-fixture.js';
import { expectRefusedBy, FALSE_PROOF, gateTradeFor, T } from './support/refusals.js';

const JAN_2026 = 2026n * 12n;
const POLICY_HASH = 123_456_789n;
/** Three accountable policies: escrow only, a monthly cap only, both. */
const ESCROW = 11n;
const CAP = 12n;
const BOTH = 13n;
const KEY = [5n, 7n] as const;
const SCOPE = 424_242n;

let w: GateWorld;
let root: bigint;

type Signals = {
  nullifier: bigint;
  c: readonly [bigint, bigint, bigint, bigint];
  periodNullifier: bigint;
  newCommitment: bigint;
  root: bigint;
  now: bigint;
  policyHash: bigint;
  tradeHash: bigint;
  key: readonly [bigint, bigint];
  periodScope: bigint;
  oldCommitment: bigint;
};

const trade = (over: Record<string, unknown> = {}) => gateTradeFor(w, over);

/** Admit arguments around a structurally valid but false proof, honest for `policyId` unless overridden. */
function args(policyId: bigint, over: { trade?: Record<string, unknown>; signals?: Partial<Signals> } = {}) {
  const t = trade(over.trade);
  const tradeHash = canonicalTrade(t).tradeHash;
  const escrow = policyId !== CAP;
  const limit = policyId !== ESCROW;
  const s: Signals = {
    nullifier: 42n,
    c: escrow ? [11n, 12n, 13n, 14n] : [0n, 1n, 0n, 1n],
    periodNullifier: limit ? 99n : 0n,
    newCommitment: limit ? 1234n : 0n,
    root,
    now: BigInt(T),
    policyHash: POLICY_HASH,
    tradeHash,
    key: escrow ? KEY : [0n, 1n],
    periodScope: limit ? SCOPE : 0n,
    oldCommitment: 0n,
    ...over.signals,
  };
  const publicSignals = [
    s.nullifier,
    ...s.c,
    s.periodNullifier,
    s.newCommitment,
    s.root,
    s.now,
    s.policyHash,
    s.tradeHash,
    3_000_000n,
    s.tradeHash,
    ...s.key,
    s.periodScope,
    s.oldCommitment,
  ].map(String);
  return {
    trade: gateTrade(t),
    proof: accountableGateProof({ proof: FALSE_PROOF, publicSignals, policyId, vkey: w.vkey }),
  } satisfies AccountableAdmitArgs;
}

const admitData = (a: AccountableAdmitArgs): Hex =>
  encodeFunctionData({ abi: vouchAccountableGateAbi, functionName: 'admit', args: [a.trade, a.proof] });

const expectRefused = (data: Hex, error: string, g: GateWorld = w, from: Hex = ACCOUNTS.admin) =>
  expectRefusedBy(g, data, error, from);

async function configure(g: GateWorld, o: { committee?: boolean } = {}) {
  g.chain.timestamp = BigInt(T);
  expect((await g.send('postRoot', [root], ACCOUNTS.updater)).ok).toBe(true);
  for (const [id, escrow, period] of [
    [ESCROW, true, 0],
    [CAP, false, 1],
    [BOTH, true, 1],
  ] as const)
    expect((await g.send('setPolicy', [id, POLICY_HASH, 30, escrow, period])).ok).toBe(true);
  for (const id of [CAP, BOTH]) expect((await g.send('setPeriodScopes', [id, JAN_2026, [SCOPE]])).ok).toBe(true);
  if (o.committee !== false)
    expect((await g.send('postEscrowCommittee', [2n, KEY[0], KEY[1]], ACCOUNTS.updater)).ok).toBe(true);
}

beforeAll(async () => {
  w = await deployAccountableGate();
  root = randomFieldElement();
  await configure(w);
}, 600_000);

describe('administration', () => {
  it('ships an ABI identical to what solc compiles (IVouchAccountableGate admit + VouchAccountableGate)', () => {
    const c = compiledAccountableGate();
    const compiled = [
      ...c['IVouchAccountableGate.sol:IVouchAccountableGate']!.abi.filter(
        (x) => (x as { type: string }).type === 'function',
      ),
      ...c['VouchAccountableGate.sol:VouchAccountableGate']!.abi.filter(
        (x) => (x as { type: string }).type !== 'fallback',
      ),
    ];
    const key = (x: unknown) => JSON.stringify(x);
    expect([...vouchAccountableGateAbi].map(key).sort()).toEqual(compiled.map(key).sort());
  });

  it('maps every error it can revert with to a Vouch code', () => {
    const errors = vouchAccountableGateAbi.filter((x) => x.type === 'error').map((x) => (x as { name: string }).name);
    expect(errors.filter((n) => gateErrorCode(n) === undefined)).toEqual([]);
    expect(gateErrorCode('LimitStateStale')?.code).toBe('LIMIT_STATE_STALE');
    expect(gateErrorCode('EscrowKeyMismatch')?.code).toBe('ESCROW_KEY_MISMATCH');
  });

  it('names the accountable verifying key it was generated from', async () => {
    expect(await w.view<Hex>('VKEY_SHA256', [])).toBe(`0x${verifyingKeyHash(w.vkey)}`);
    expect(w.vkey.nPublic).toBe(17);
  });

  it('lets only the updater post the committee key and only the admin set policies and period scopes', async () => {
    const data = (fn: string, a: readonly unknown[]) =>
      encodeFunctionData({ abi: vouchAccountableGateAbi, functionName: fn as never, args: a as never });
    await expectRefused(data('postEscrowCommittee', [3n, 8n, 9n]), 'Unauthorized', w, ACCOUNTS.admin);
    await expectRefused(data('setPolicy', [1n, 1n, 30, true, 1]), 'Unauthorized', w, ACCOUNTS.updater);
    await expectRefused(data('setPeriodScopes', [CAP, JAN_2026 + 1n, [5n]]), 'Unauthorized', w, ACCOUNTS.stranger);
    expect(await w.view<readonly [boolean, number, boolean, number]>('policy', [BOTH])).toEqual([true, 30, true, 1]);
    expect(await w.view<readonly [boolean, number, boolean, number]>('policy', [CAP])).toEqual([true, 30, false, 1]);
    expect(await w.view<boolean>('periodScopeSet', [CAP, JAN_2026])).toBe(true);
    expect(await w.view<boolean>('periodScopeSet', [CAP, JAN_2026 + 1n])).toBe(false);
  });

  it('refuses a committee key that hides nothing, is not canonical, or is no newer than the current one', async () => {
    const post = (epoch: bigint, x: bigint, y: bigint) =>
      encodeFunctionData({ abi: vouchAccountableGateAbi, functionName: 'postEscrowCommittee', args: [epoch, x, y] });
    await expectRefused(post(3n, 0n, 1n), 'PointInvalid', w, ACCOUNTS.updater);
    await expectRefused(post(3n, FIELD_MODULUS, 1n), 'SignalNotCanonical', w, ACCOUNTS.updater);
    await expectRefused(post(2n, 8n, 9n), 'EscrowKeyMismatch', w, ACCOUNTS.updater); // epoch 2 is current
    await expectRefused(post(1n, 8n, 9n), 'EscrowKeyMismatch', w, ACCOUNTS.updater);
    expect(await w.view<bigint>('escrowEpoch', [])).toBe(2n);
    expect([await w.view<bigint>('escrowKeyX', []), await w.view<bigint>('escrowKeyY', [])]).toEqual([...KEY]);
  });

  it('computes the calendar period of a time exactly as TypeScript does (month and year, leap days, centuries)', async () => {
    const times = [
      0,
      T - 1,
      T,
      Date.UTC(2024, 1, 29, 23, 59, 59) / 1000,
      Date.UTC(2024, 2, 1) / 1000,
      Date.UTC(2026, 11, 31, 23, 59, 59) / 1000,
      Date.UTC(2100, 1, 28, 12) / 1000,
      Date.UTC(2100, 2, 1) / 1000,
      Date.UTC(2400, 1, 29) / 1000,
      Date.UTC(9999, 11, 31, 23, 59, 59) / 1000,
    ];
    const month = { cumulativeLimit: { period: 'calendar-month', cap: 1n } } as const;
    const year = { cumulativeLimit: { period: 'calendar-year', cap: 1n } } as const;
    for (const t of times) {
      expect(await w.view<bigint>('limitPeriodOf', [BigInt(t), 1]), `month of ${t}`).toBe(
        BigInt(limitPeriod(month, t)),
      );
      expect(await w.view<bigint>('limitPeriodOf', [BigInt(t), 2]), `year of ${t}`).toBe(BigInt(limitPeriod(year, t)));
    }
  });
});

describe('admission refusals before the pairing (storage unchanged)', () => {
  it('refuses an unknown policy, then a trade whose own time is outside the clock window', async () => {
    await expectRefused(admitData(args(77n)), 'PolicyUnknown');
    await expectRefused(admitData(args(CAP, { trade: { time: T - 31 } })), 'TradeTimeSkew');
    await expectRefused(admitData(args(CAP, { signals: { now: BigInt(T + 31) } })), 'ClockSkew');
  });

  it('refuses an escrow proof when no committee key was ever posted (ESCROW_COMMITTEE_UNKNOWN)', async () => {
    const g = await deployAccountableGate();
    await configure(g, { committee: false });
    const a = args(ESCROW);
    const r = await expectRefused(
      encodeFunctionData({ abi: vouchAccountableGateAbi, functionName: 'admit', args: [a.trade, a.proof] }),
      'EscrowCommitteeUnknown',
      g,
    );
    expect(gateErrorCode(r.error!.name)?.code).toBe('ESCROW_COMMITTEE_UNKNOWN');
  });

  it('refuses an escrow key other than the posted committee key, and the identity key under an escrow policy', async () => {
    await expectRefused(admitData(args(ESCROW, { signals: { key: [8n, 9n] } })), 'EscrowKeyMismatch');
    await expectRefused(admitData(args(BOTH, { signals: { key: [0n, 1n] } })), 'EscrowKeyMismatch');
    // and any key but the identity under a policy without escrow
    await expectRefused(admitData(args(CAP, { signals: { key: KEY } })), 'EscrowKeyMismatch');
  });

  it('refuses key terms that do not match the key (malformed calldata, not a wrong key)', async () => {
    const a = args(BOTH);
    const terms = [...a.proof.keyTerms] as bigint[];
    terms[4] = terms[0]!;
    terms[5] = terms[1]!;
    await expectRefused(
      admitData({ ...a, proof: { ...a.proof, keyTerms: terms as unknown as typeof a.proof.keyTerms } }),
      'ProofMalformed',
    );
  });

  it('refuses a period scope other than the one posted for the trade’s period, and a period with none posted', async () => {
    await expectRefused(admitData(args(CAP, { signals: { periodScope: SCOPE + 1n } })), 'TradeMismatch');
    // February 2026: the admin posted January only
    const feb = Date.UTC(2026, 1, 10) / 1000;
    w.chain.timestamp = BigInt(feb);
    try {
      const r = await expectRefused(
        admitData(args(CAP, { trade: { time: feb }, signals: { now: BigInt(feb) } })),
        'PeriodScopeUnknown',
      );
      expect(gateErrorCode(r.error!.name)?.code).toBe('UNAVAILABLE');
    } finally {
      w.chain.timestamp = BigInt(T);
    }
  });

  it('refuses running-total inputs under a policy without a limit', async () => {
    await expectRefused(admitData(args(ESCROW, { signals: { periodScope: SCOPE } })), 'TradeMismatch');
    await expectRefused(admitData(args(ESCROW, { signals: { oldCommitment: 7n } })), 'TradeMismatch');
  });

  it('refuses an output >= r: a period nullifier + r would open a fresh running total for the same holder', async () => {
    await expectRefused(
      admitData(args(CAP, { signals: { periodNullifier: 99n + FIELD_MODULUS } })),
      'SignalNotCanonical',
    );
    await expectRefused(admitData(args(BOTH, { signals: { newCommitment: FIELD_MODULUS } })), 'SignalNotCanonical');
    await expectRefused(
      admitData(args(BOTH, { signals: { c: [FIELD_MODULUS + 11n, 12n, 13n, 14n] } })),
      'SignalNotCanonical',
    );
  });

  it('refuses an old commitment other than the one held for the period (LIMIT_STATE_STALE)', async () => {
    expect(await w.view<bigint>('limitCommitment', [99n])).toBe(0n);
    const r = await expectRefused(admitData(args(CAP, { signals: { oldCommitment: 5n } })), 'LimitStateStale');
    expect(gateErrorCode(r.error!.name)?.code).toBe('LIMIT_STATE_STALE');
  });

  it('refuses calldata of the wrong length, a caller other than the venue, and a false proof past every check', async () => {
    const data = admitData(args(BOTH));
    await expectRefused(data.slice(0, -64) as Hex, 'ProofMalformed');
    await expectRefused(`${data}00` as Hex, 'ProofMalformed');
    await expectRefused(admitData(args(BOTH)), 'ProofInvalid');
    const venue = await deployAccountableGate({ venue: ACCOUNTS.admin });
    await expectRefused(data, 'Unauthorized', venue, ACCOUNTS.stranger);
  });
});
