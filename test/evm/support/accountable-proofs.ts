/**
 * Real proofs of the accountable circuit for trades executed through a VouchAccountableGate: a hook
 * world, a policy with both features (identity escrow and a monthly cap of 100,000.00, each trade
 * 0.5 × 60,000 = 30,000.00), two escrow committees (the current one, epoch 2, and a retired one),
 * and the gate at a fixed address (a fresh chain's first deployment), so proofs made once can be
 * replayed into as many fresh gates as a test needs.
 */
import type { Hex } from 'viem';
import {
  accountableAdmitArgs,
  accountableGatePolicy,
  gatePeriodScopes,
  type AccountableAdmitArgs,
} from '../../../src/evm/accountable-calldata.js';
import {
  createCommittee,
  createDealing,
  createMemberKeys,
  finalizeCommittee,
  parseCommittee,
  type EscrowCommittee,
} from '../../../src/escrow/index.js';
import { evmVenue, type CompiledPolicy } from '../../../src/policy/index.js';
import { LimitWallet, proveTrade, type ProofFile } from '../../../src/prover/index.js';
import { ACCOUNTS } from '../../support/evm-chain.js';
import { makeWorld, spotPolicy, T0, type Holder, type World } from '../../support/hook-world.js';
import { deployAccountableGate } from './accountable-gate-fixture.js';
import type { GateWorld } from './gate-fixture.js';

export interface AccountableEvmProof {
  trade: Record<string, unknown>;
  file: ProofFile;
  args: AccountableAdmitArgs;
}

export interface AccountableProofWorld {
  world: World;
  policy: CompiledPolicy;
  venue: string;
  gateAddress: Hex;
  current: EscrowCommittee;
  retired: EscrowCommittee;
  /** A fresh chain with the gate at gateAddress: root, policy, a year of period scopes and the current committee posted. */
  freshGate(): Promise<GateWorld>;
  prove(
    holder: Holder,
    wallet: LimitWallet,
    o?: { escrowKey?: EscrowCommittee['publicKey'] },
  ): Promise<AccountableEvmProof>;
}

/** A 3-of-5 committee at `epoch`, its key made by the real distributed key generation. */
export function committeeOf(epoch: number): EscrowCommittee {
  const keys = ['ana', 'ben', 'cy', 'dee', 'eve'].map((n) => createMemberKeys(n));
  const committee = parseCommittee(createCommittee({ epoch, threshold: 3, members: keys.map((k) => k.card) }));
  const dealings = keys.map((k) => createDealing(committee, k.secret));
  return finalizeCommittee(committee, { dealings, secret: keys[0]!.secret }).committee;
}

let counter = 0;

export async function makeAccountableProofWorld(): Promise<AccountableProofWorld> {
  const world = await makeWorld();
  const policy = spotPolicy({
    id: 'test-evm-accountable',
    escrow: 'required',
    cumulativeLimit: { period: 'calendar-month', cap: '100000' },
    trade: { markets: ['BTC-EUR'] },
  });
  const probe = await deployAccountableGate();
  const venue = evmVenue({ chainId: probe.chain.chainId, gate: probe.gate });
  const current = committeeOf(2);
  const retired = committeeOf(1);
  return {
    world,
    policy,
    venue,
    gateAddress: probe.gate,
    current,
    retired,
    async freshGate() {
      const g = await deployAccountableGate();
      if (g.gate !== probe.gate) throw new Error('the gate did not land at the same address');
      g.chain.timestamp = BigInt(T0);
      const ok = async (r: Promise<{ ok: boolean; error?: { name: string } }>) => {
        const x = await r;
        if (!x.ok) throw new Error(`gate setup reverted: ${x.error?.name}`);
      };
      await ok(g.send('postRoot', [(await world.registry()).root], ACCOUNTS.updater));
      const p = accountableGatePolicy(policy);
      await ok(g.send('setPolicy', [p.policyId, p.policyHash, p.maxClockSkew, p.escrow, p.limitPeriod]));
      const s = gatePeriodScopes(policy, venue, T0, 12);
      await ok(g.send('setPeriodScopes', [s.policyId, s.firstPeriod, s.scopes]));
      const k = current.publicKey.toAffine();
      await ok(g.send('postEscrowCommittee', [BigInt(current.epoch), k.x, k.y], ACCOUNTS.updater));
      return g;
    },
    async prove(holder, wallet, o = {}) {
      counter += 1;
      const trade = {
        venue,
        market: 'BTC-EUR',
        side: 'buy',
        size: '0.5',
        price: '60000',
        nonce: counter.toString(16).padStart(64, 'c'),
        time: T0,
      };
      const members = (await world.registry()).members;
      const file = await proveTrade({
        holder,
        credential: holder.credential,
        policy,
        members,
        trade,
        wallet,
        escrowKey: o.escrowKey ?? current.publicKey,
      });
      return { trade, file, args: accountableAdmitArgs({ proofFile: file, trade, vkey: probe.vkey }) };
    },
  };
}
