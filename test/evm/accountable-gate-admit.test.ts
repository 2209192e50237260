/**
 * VouchAccountableGate with real proofs of the accountable circuit (identity escrow + a monthly
 * cap), in order, on one gate:
 *  - admits an honest proof: spends the nullifier, holds the new running-total commitment, emits
 *    the ciphertext and the limit step (from which the holder's wallet follows the chain);
 *  - refuses its replay (NULLIFIER_REPLAYED);
 *  - of two trades proved from one commitment, the first mined wins and the other is
 *    LIMIT_STATE_STALE, changing nothing;
 *  - refuses a proof to a retired committee's key, and, after the committee rotates, a proof to the
 *    key that was current when it was made (ESCROW_KEY_MISMATCH);
 *  - the trade that would take the month past the cap cannot be proved, and a proof from an older,
 *    lower total is refused by the gate (LIMIT_STATE_STALE);
 *  - differential: tampered variants of one honest proof get the same code from the gate and from
 *    the TypeScript hook (same policy, registry, committee, clock and held running total).
 * Every refusal leaves the chain's storage unchanged. Gas of the admissions is printed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hex } from 'viem';
import { accountableAdmitArgs, accountableAdmitCalldata } from '../../src/evm/accountable-calldata.js';
import { gateErrorCode } from '../../src/evm/gate-errors.js';
import { VouchError } from '../../src/errors/index.js';
import { createComplianceHook, ephemeralReceiptSigner, MemoryNullifierStore } from '../../src/hook/index.js';
import { LimitWallet, proveTrade, type ProofFile } from '../../src/prover/index.js';
import { ACCOUNTABLE_PUBLIC_SIGNAL_NAMES, FIELD_MODULUS, releaseCurves } from '../../src/zk/index.js';
import { ACCOUNTS, type CallResult } from '../support/evm-chain.js';
import { T0, type Holder } from '../support/hook-world.js';
import {
  committeeOf,
  makeAccountableProofWorld,
  type AccountableEvmProof,
  type AccountableProofWorld,
} from './support/accountable-proofs.js';
import type { GateWorld } from './support/gate-fixture.js';

let w: AccountableProofWorld;
let g: GateWorld;
let alice: Holder;
let wallet: LimitWallet;
const gas: Record<string, bigint> = {};

beforeAll(async () => {
  w = await makeAccountableProofWorld();
  alice = await w.world.holder();
  wallet = new LimitWallet(alice.secret);
  g = await w.freshGate();
}, 600_000);
afterAll(() => {
  if (Object.keys(gas).length)
    process.stdout.write(
      `evm/accountable gas (tx): ${JSON.stringify(gas, (_, v) => (typeof v === 'bigint' ? Number(v) : v))}\n`,
    );
  return releaseCurves();
});

const at = (n: (typeof ACCOUNTABLE_PUBLIC_SIGNAL_NAMES)[number]) => ACCOUNTABLE_PUBLIC_SIGNAL_NAMES.indexOf(n);

async function admit(p: AccountableEvmProof): Promise<CallResult> {
  return g.raw(accountableAdmitCalldata(p.args), ACCOUNTS.stranger);
}

async function refused(data: Hex, error: string, gate: GateWorld = g): Promise<CallResult> {
  const before = gate.chain.state();
  const r = await gate.raw(data, ACCOUNTS.stranger);
  expect(r.ok).toBe(false);
  expect(r.error?.name ?? r.returnData).toBe(error);
  expect(gate.chain.state()).toBe(before);
  return r;
}

/** The holder's wallet follows an admission from the gate's LimitMoved event alone. */
function follow(r: CallResult): void {
  const moved = r.logs.find((l) => l.eventName === 'LimitMoved')!.args as Record<string, bigint>;
  const accepted = wallet.accept({
    allowed: true,
    tradeHash: String(moved.tradeHash),
    limit: {
      periodScope: String(moved.periodScope),
      periodNullifier: String(moved.periodNullifier),
      oldCommitment: String(moved.oldCommitment),
      newCommitment: String(moved.newCommitment),
      tradeValue: String(moved.tradeValue),
    },
  });
  expect(accepted).toBe(true);
}

describe('VouchAccountableGate with real accountable proofs', () => {
  let first: AccountableEvmProof;
  let loser: AccountableEvmProof;

  it('admits an honest proof: nullifier spent, new commitment held, ciphertext and limit step emitted', async () => {
    first = await w.prove(alice, wallet);
    const s = first.file.publicSignals;
    expect(s).toHaveLength(17);
    const r = await admit(first);
    expect(r.error?.name).toBeUndefined();
    expect(r.ok).toBe(true);
    gas['admit, first trade of the period'] = r.txGas;
    expect(BigInt(r.returnData)).toBe(first.args.proof.tradeHash);
    const pn = BigInt(s[at('periodNullifier')]!);
    expect(await g.view<boolean>('nullifierSpent', [BigInt(s[at('nullifier')]!)])).toBe(true);
    expect(await g.view<bigint>('limitCommitment', [pn])).toBe(BigInt(s[at('newCommitment')]!));
    const names = r.logs.map((l) => l.eventName);
    expect(names).toEqual(['LimitMoved', 'EscrowRecorded', 'Admitted']);
    const escrow = r.logs[1]!.args as Record<string, bigint>;
    expect([escrow.c1x, escrow.c1y, escrow.c2x, escrow.c2y]).toEqual(
      ['escrowC1x', 'escrowC1y', 'escrowC2x', 'escrowC2y'].map((n) => BigInt(s[at(n as never)]!)),
    );
    expect(escrow.epoch).toBe(2n);
    follow(r);
    expect(wallet.current(pn)?.total).toBe(3_000_000n);
  });

  it('refuses the replay of an admitted proof (NULLIFIER_REPLAYED)', async () => {
    const r = await refused(accountableAdmitCalldata(first.args), 'NullifierReplayed');
    gas['admit replayed (reverts)'] = r.txGas;
  });

  it('of two trades proved from one commitment, the first mined wins; the other is LIMIT_STATE_STALE and changes nothing', async () => {
    const snapshot = wallet.toJSON();
    const a = await w.prove(alice, new LimitWallet(alice.secret, snapshot));
    const b = await w.prove(alice, new LimitWallet(alice.secret, snapshot));
    expect(a.args.proof.oldCommitment).toBe(b.args.proof.oldCommitment);
    const won = await admit(b);
    expect(won.ok).toBe(true);
    gas['admit, running total moved from a held commitment'] = won.txGas;
    const r = await refused(accountableAdmitCalldata(a.args), 'LimitStateStale');
    expect(gateErrorCode(r.error!.name)?.code).toBe('LIMIT_STATE_STALE');
    expect(await g.view<boolean>('nullifierSpent', [a.args.proof.nullifier])).toBe(false);
    follow(won);
    loser = a;
  });

  it('refuses a ciphertext to a retired committee key, and after a rotation the key that was current (ESCROW_KEY_MISMATCH)', async () => {
    const old = await w.prove(alice, new LimitWallet(alice.secret, wallet.toJSON()), {
      escrowKey: w.retired.publicKey,
    });
    await refused(accountableAdmitCalldata(old.args), 'EscrowKeyMismatch');
    // a proof to the current key, then the registry's committee rotates before it is mined
    const pending = await w.prove(alice, new LimitWallet(alice.secret, wallet.toJSON()));
    const rotated = await w.freshGate();
    const next = committeeOf(3).publicKey.toAffine();
    expect((await rotated.send('postEscrowCommittee', [3n, next.x, next.y], ACCOUNTS.updater)).ok).toBe(true);
    // the rotated gate holds no running total either, but the key is checked first (as off-chain)
    const r = await refused(accountableAdmitCalldata(pending.args), 'EscrowKeyMismatch', rotated);
    expect(gateErrorCode(r.error!.name)?.code).toBe('ESCROW_KEY_MISMATCH');
    // and on the gate whose committee did not rotate it is admitted
    const ok = await admit(pending);
    expect(ok.ok).toBe(true);
    follow(ok);
  });

  it('cannot prove the trade that takes the month past its cap; a proof from an older, lower total is refused by the gate', async () => {
    expect(wallet.current(first.args.proof.periodNullifier)?.total).toBe(9_000_000n);
    const err = await w.prove(alice, new LimitWallet(alice.secret, wallet.toJSON())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(VouchError);
    expect((err as VouchError).code).toBe('CUMULATIVE_LIMIT_EXCEEDED');
    // the race's loser extends the 30,000.00 total: the gate holds 90,000.00 and refuses it
    await refused(accountableAdmitCalldata(loser.args), 'LimitStateStale');
  });
});

describe('the gate and the TypeScript hook agree on tampered accountable proofs', () => {
  it('gives the same code for each tampering of one honest proof, and admits it untampered', async () => {
    const gate = await w.freshGate();
    const honest = await w.prove(alice, new LimitWallet(alice.secret));
    const signer = await ephemeralReceiptSigner('evm-venue');
    const registry = await w.world.registry();
    /** The hook's decision with a fresh store holding no running total (as the fresh gate). */
    async function offChain(trade: unknown, file: ProofFile): Promise<string> {
      const hook = await createComplianceHook({
        policies: [w.policy],
        registry,
        store: new MemoryNullifierStore(),
        signer,
        clock: () => T0,
        venue: w.venue,
        escrowCommittee: () => w.current,
        allowDevArtifacts: true,
      });
      try {
        const d = await hook.check(trade, file);
        return d.allowed ? 'admitted' : d.code;
      } finally {
        await hook.close();
      }
    }
    async function onChain(trade: unknown, file: ProofFile): Promise<string> {
      let data: Hex;
      try {
        data = accountableAdmitCalldata(accountableAdmitArgs({ proofFile: file, trade, vkey: gate.vkey }));
      } catch (err) {
        if (err instanceof VouchError) return err.code;
        throw err;
      }
      const before = gate.chain.state();
      const r = await gate.raw(data, ACCOUNTS.stranger);
      if (r.ok) return 'admitted';
      expect(gate.chain.state()).toBe(before);
      return gateErrorCode(r.error?.name ?? '', r.error?.args)?.code ?? `revert ${r.returnData}`;
    }
    const signal = (n: (typeof ACCOUNTABLE_PUBLIC_SIGNAL_NAMES)[number], v: (old: bigint) => bigint): ProofFile => {
      const publicSignals = [...honest.file.publicSignals];
      publicSignals[at(n)] = v(BigInt(publicSignals[at(n)]!)).toString();
      return { ...honest.file, publicSignals };
    };
    const retired = w.retired.publicKey.toAffine();
    const cases: { name: string; trade: unknown; file: ProofFile; want: string }[] = [
      {
        name: 'another trade (size)',
        trade: { ...honest.trade, size: '0.6' },
        file: honest.file,
        want: 'TRADE_MISMATCH',
      },
      {
        name: 'escrow key: the retired committee’s',
        trade: honest.trade,
        file: (() => {
          const f = signal('escrowKeyX', () => retired.x);
          f.publicSignals[at('escrowKeyY')] = retired.y.toString();
          return f;
        })(),
        want: 'ESCROW_KEY_MISMATCH',
      },
      {
        name: 'period scope + 1',
        trade: honest.trade,
        file: signal('periodScope', (v) => v + 1n),
        want: 'TRADE_MISMATCH',
      },
      {
        name: 'old commitment not the one held',
        trade: honest.trade,
        file: signal('oldCommitment', () => 12345n),
        want: 'LIMIT_STATE_STALE',
      },
      {
        name: 'new commitment',
        trade: honest.trade,
        file: signal('newCommitment', (v) => v + 1n),
        want: 'PROOF_INVALID',
      },
      { name: 'ciphertext C1.x', trade: honest.trade, file: signal('escrowC1x', (v) => v + 1n), want: 'PROOF_INVALID' },
      { name: 'ciphertext C2.y', trade: honest.trade, file: signal('escrowC2y', (v) => v ^ 1n), want: 'PROOF_INVALID' },
      { name: 'nullifier', trade: honest.trade, file: signal('nullifier', (v) => v + 1n), want: 'PROOF_INVALID' },
      {
        name: 'period nullifier + r',
        trade: honest.trade,
        file: signal('periodNullifier', (v) => v + FIELD_MODULUS),
        want: 'SIGNAL_NOT_CANONICAL',
      },
      { name: 'proved 31 s late', trade: honest.trade, file: signal('now', (v) => v + 31n), want: 'CLOCK_SKEW' },
      { name: 'untampered', trade: honest.trade, file: honest.file, want: 'admitted' },
    ];
    const diffs: unknown[] = [];
    for (const c of cases) {
      const ts = await offChain(c.trade, c.file);
      const evm = await onChain(c.trade, c.file);
      if (ts !== c.want || evm !== c.want) diffs.push({ name: c.name, want: c.want, ts, evm });
    }
    expect(diffs).toEqual([]);
    // and its replay, once admitted on both sides
    expect(await onChain(honest.trade, honest.file)).toBe('NULLIFIER_REPLAYED');
  });
});
