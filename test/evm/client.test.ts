/**
 * `vouch/evm`'s viem client against a real EVM through an EIP-1193 provider (no node, no network):
 * it deploys the gate, posts a root as the updater, sets the policy as the admin, admits a real
 * proof and reads the event; refusals come back as VouchErrors with the hook's codes (a batch names
 * the refused item), before anything is sent; a caller who is not the updater is FORBIDDEN.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicClient, createWalletClient, custom, defineChain, type Hex, type PublicClient } from 'viem';
import { deployVouchGate, vouchGateClient, type VouchGateClient } from '../../src/evm/client.js';
import { verifyingKeyHash } from '../../src/evm/verifier-source.js';
import { VouchError } from '../../src/errors/index.js';
import { releaseCurves } from '../../src/zk/index.js';
import { ACCOUNTS, EvmChain } from '../support/evm-chain.js';
import { evmRpc, type EvmRpc } from '../support/evm-rpc.js';
import { T0 } from '../support/hook-world.js';
import { makeEvmProofWorld, type EvmProof, type EvmProofWorld } from './support/evm-proofs.js';
import { compiledGate, currentVkey } from './support/gate-fixture.js';

let w: EvmProofWorld;
let proofs: EvmProof[];
let rpc: EvmRpc;
let publicClient: PublicClient;
let gate: VouchGateClient;
const wallet = (account: Hex) => createWalletClient({ account, chain, transport: custom(rpc) });
let chain: ReturnType<typeof defineChain>;

async function code(p: Promise<unknown>): Promise<{ code: string; details?: Record<string, unknown> }> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(VouchError);
  const v = e as VouchError;
  return { code: v.code, ...(v.details ? { details: v.details } : {}) };
}

beforeAll(async () => {
  w = await makeEvmProofWorld();
  const alice = await w.world.holder();
  proofs = [];
  for (let i = 0; i < 3; i++) proofs.push(await w.prove(alice));
  const evm = await EvmChain.create();
  evm.timestamp = BigInt(T0);
  rpc = evmRpc(evm);
  chain = defineChain({
    id: Number(evm.chainId),
    name: 'in-process',
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: ['http://127.0.0.1:0'] } },
  });
  publicClient = createPublicClient({ chain, transport: custom(rpc), pollingInterval: 5 }) as PublicClient;
  const bytecode = compiledGate()['VouchGate.sol:VouchGate']!.bytecode;
  gate = await deployVouchGate({
    walletClient: wallet(ACCOUNTS.deployer),
    publicClient,
    bytecode,
    admin: ACCOUNTS.admin,
    updater: ACCOUNTS.updater,
    rootGraceSeconds: 600n,
  });
});
afterAll(() => releaseCurves());

describe('vouchGateClient', () => {
  it('deploys the gate where the proofs expect it, generated from the committed verifying key', async () => {
    expect(gate.address.toLowerCase()).toBe(w.gateAddress.toLowerCase());
    expect(await gate.verifyingKeyHash()).toBe(`0x${verifyingKeyHash(currentVkey())}`);
  });

  it('refuses a root posted by anyone but the updater with FORBIDDEN, and sends nothing', async () => {
    const admin = vouchGateClient({ address: gate.address, publicClient, walletClient: wallet(ACCOUNTS.admin) });
    const sent = rpc.calls.filter((m) => m === 'eth_sendTransaction').length;
    expect(await code(admin.postRoot((await w.world.registry()).root))).toEqual({ code: 'FORBIDDEN' });
    expect(rpc.calls.filter((m) => m === 'eth_sendTransaction').length).toBe(sent);
  });

  it('posts the root and the policy, then admits a real proof and returns what the Admitted event says', async () => {
    const root = (await w.world.registry()).root;
    await vouchGateClient({ address: gate.address, publicClient, walletClient: wallet(ACCOUNTS.updater) }).postRoot(
      root,
    );
    const admin = vouchGateClient({ address: gate.address, publicClient, walletClient: wallet(ACCOUNTS.admin) });
    await admin.setPolicy({
      policyId: proofs[0]!.args.proof.policyId,
      policyHash: w.policy.policyHash,
      maxClockSkewSeconds: w.policy.maxClockSkewSeconds,
    });
    expect(await gate.currentRoot()).toBe(root);
    expect(await gate.rootStatus(root)).toBe(1);
    expect(await gate.policy(proofs[0]!.args.proof.policyId)).toEqual({
      enforced: true,
      maxClockSkew: w.policy.maxClockSkewSeconds,
    });

    const { admission, receipt } = await gate.admit(proofs[0]!.args);
    expect(receipt.status).toBe('success');
    expect(admission).toMatchObject({
      nullifier: proofs[0]!.args.proof.nullifier,
      tradeHash: proofs[0]!.args.proof.tradeHash,
      issuerSetRoot: root,
      policyId: proofs[0]!.args.proof.policyId,
    });
    expect(await gate.nullifierSpent(admission.nullifier)).toBe(true);
  });

  it('refuses a replay with NULLIFIER_REPLAYED before sending it', async () => {
    const sent = rpc.calls.filter((m) => m === 'eth_sendTransaction').length;
    expect(await code(gate.admit(proofs[0]!.args))).toEqual({ code: 'NULLIFIER_REPLAYED' });
    expect(rpc.calls.filter((m) => m === 'eth_sendTransaction').length).toBe(sent);
  });

  it('refuses a batch holding a spent nullifier and names the item; the fresh items stay unspent', async () => {
    expect(await code(gate.admitBatch([proofs[1]!.args, proofs[0]!.args]))).toEqual({
      code: 'NULLIFIER_REPLAYED',
      details: { index: 1 },
    });
    expect(await gate.nullifierSpent(proofs[1]!.args.proof.nullifier)).toBe(false);
  });

  it('admits a batch of fresh proofs and returns one admission per item, in order', async () => {
    const { admissions } = await gate.admitBatch([proofs[1]!.args, proofs[2]!.args]);
    expect(admissions.map((a) => a.nullifier)).toEqual([
      proofs[1]!.args.proof.nullifier,
      proofs[2]!.args.proof.nullifier,
    ]);
  });

  it('reports a transport failure as EVM_RPC_FAILED', async () => {
    const broken = createPublicClient({
      chain,
      transport: custom(
        {
          request: async () => {
            throw new Error('connection refused');
          },
        },
        { retryCount: 0 },
      ),
      pollingInterval: 5,
    }) as PublicClient;
    expect(await code(vouchGateClient({ address: gate.address, publicClient: broken }).currentRoot())).toEqual({
      code: 'EVM_RPC_FAILED',
    });
  });
});
