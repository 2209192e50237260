/**
 * Real policy proofs for trades executed through a gate: a hook world (issuer, holders, registry),
 * the spot policy, and a gate deployed at a fixed address (a fresh chain's first deployment), so
 * proofs made once can be replayed into as many fresh gates as a test needs.
 */
import type { Hex } from 'viem';
import { admitArgs, type AdmitArgs } from '../../../src/evm/calldata.js';
import { evmVenue } from '../../../src/policy/index.js';
import { proveTrade, type ProofFile } from '../../../src/prover/index.js';
import { ACCOUNTS } from '../../support/evm-chain.js';
import { makeWorld, spotPolicy, T0, type Holder, type World } from '../../support/hook-world.js';
import { deployGate, type GateWorld } from './gate-fixture.js';

export interface EvmProof {
  trade: Record<string, unknown>;
  file: ProofFile;
  args: AdmitArgs;
}

export interface EvmProofWorld {
  world: World;
  policy: ReturnType<typeof spotPolicy>;
  venue: string;
  gateAddress: Hex;
  /** A fresh chain with the gate at gateAddress, the registry's root posted and the policy set. */
  freshGate(o?: { rootGraceSeconds?: bigint; root?: bigint }): Promise<GateWorld>;
  prove(holder: Holder, o?: { venue?: string; nonce?: string }): Promise<EvmProof>;
}

let counter = 0;

export async function makeEvmProofWorld(): Promise<EvmProofWorld> {
  const world = await makeWorld();
  const policy = spotPolicy();
  const probe = await deployGate();
  const venue = evmVenue({ chainId: probe.chain.chainId, gate: probe.gate });
  return {
    world,
    policy,
    venue,
    gateAddress: probe.gate,
    async freshGate(o = {}) {
      const g = await deployGate({ rootGraceSeconds: o.rootGraceSeconds ?? 600n });
      if (g.gate !== probe.gate) throw new Error('the gate did not land at the same address');
      g.chain.timestamp = BigInt(T0);
      const root = o.root ?? (await world.registry()).root;
      await g.send('postRoot', [root], ACCOUNTS.updater);
      await g.send('setPolicy', [policy.policyId, policy.policyHash, policy.maxClockSkewSeconds], ACCOUNTS.admin);
      return g;
    },
    async prove(holder, o = {}) {
      counter += 1;
      const trade = {
        venue: o.venue ?? venue,
        market: 'BTC-EUR',
        side: 'buy',
        size: '0.5',
        price: '60000',
        nonce: o.nonce ?? counter.toString(16).padStart(64, 'a'),
        time: T0,
      };
      const members = (await world.registry()).members;
      const file = await proveTrade({ holder, credential: holder.credential, policy, members, trade });
      return { trade, file, args: admitArgs({ proofFile: file, trade, vkey: probe.vkey }) };
    },
  };
}
