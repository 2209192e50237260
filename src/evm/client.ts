/**
 * A small viem client for a deployed VouchGate: deploy it, post issuer-set roots, set policies,
 * admit trades one by one or in a batch, and read its state. Every call is simulated first
 * (`eth_call`), so a refusal surfaces as a `VouchError` carrying the hook's code (a
 * `BatchItemRejected` also names the item) before any gas is spent; a call that passes simulation
 * is then sent and its receipt awaited. Transport, chain and account are the caller's viem clients:
 * this module never opens a connection of its own.
 *
 * @example
 * ```ts
 * import { createPublicClient, createWalletClient, http } from 'viem';
 * import { vouchGateClient, admitArgs } from 'vouch/evm';
 * const gate = vouchGateClient({ address, publicClient, walletClient });
 * await gate.postRoot(registry.root);                       // as the registry updater
 * const { nullifier } = await gate.admit(admitArgs({ proofFile, trade, vkey }));
 * ```
 */
import {
  BaseError,
  ContractFunctionRevertedError,
  type Account,
  type Address,
  type Chain,
  type Hash,
  type Hex,
  type PublicClient,
  type TransactionReceipt,
  type Transport,
  type WalletClient,
  parseEventLogs,
} from 'viem';
import { VouchError } from '../errors/index.js';
import { vouchGateAbi } from './abi.js';
import type { AdmitArgs } from './calldata.js';
import { gateErrorCode } from './gate-errors.js';

export interface VouchGateClientOptions {
  address: Address;
  publicClient: PublicClient;
  /** Needed for the writing calls; its account sends them. */
  walletClient?: WalletClient<Transport, Chain | undefined, Account | undefined>;
}

/** What the gate's `Admitted` event says about one admitted trade (what the off-chain receipt carries). */
export interface OnChainAdmission {
  nullifier: bigint;
  policyId: bigint;
  tradeHash: bigint;
  issuerSetRoot: bigint;
  provedAt: bigint;
  tradeValue: bigint;
}

export interface SentCall {
  hash: Hash;
  receipt: TransactionReceipt;
}

export interface VouchGateClient {
  readonly address: Address;
  admit(a: AdmitArgs): Promise<SentCall & { admission: OnChainAdmission }>;
  /** All or nothing: one refused item reverts the batch with `BatchItemRejected(index, reason)`. */
  admitBatch(items: readonly AdmitArgs[]): Promise<SentCall & { admissions: OnChainAdmission[] }>;
  postRoot(root: bigint): Promise<SentCall>;
  setPolicy(p: { policyId: bigint; policyHash: bigint; maxClockSkewSeconds: number }): Promise<SentCall>;
  removePolicy(policyId: bigint): Promise<SentCall>;
  currentRoot(): Promise<bigint>;
  /** 0 unknown, 1 current, 2 replaced but within the grace, 3 replaced and stale (as the contract numbers them). */
  rootStatus(root: bigint): Promise<number>;
  nullifierSpent(nullifier: bigint): Promise<boolean>;
  policy(policyId: bigint): Promise<{ enforced: boolean; maxClockSkew: number }>;
  /** The SHA-256 of the verifying key the gate's verifier was generated from. */
  verifyingKeyHash(): Promise<Hex>;
}

type WriteName = 'admit' | 'admitBatch' | 'postRoot' | 'setPolicy' | 'removePolicy';

/** A small viem client for a deployed VouchGate: reads its state, sends admissions and root or policy updates. */
export function vouchGateClient(o: VouchGateClientOptions): VouchGateClient {
  const { address, publicClient } = o;
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    guard(() => publicClient.readContract({ address, abi: vouchGateAbi, functionName, args } as never) as Promise<T>);

  async function write(functionName: WriteName, args: readonly unknown[]): Promise<SentCall> {
    const w = o.walletClient;
    if (!w?.account) throw new TypeError(`vouchGateClient: ${functionName} needs a walletClient with an account`);
    const account = w.account;
    const { request } = await guard(() =>
      publicClient.simulateContract({ address, abi: vouchGateAbi, functionName, args, account } as never),
    );
    const hash = await guard(() => w.writeContract(request as never));
    const receipt = await guard(() => publicClient.waitForTransactionReceipt({ hash }));
    if (receipt.status !== 'success') {
      // Passed simulation but reverted when mined: the state moved in between (another admission
      // spent the nullifier, a root was replaced). Replay the call at that block for its reason.
      await guard(() =>
        publicClient.simulateContract({
          address,
          abi: vouchGateAbi,
          functionName,
          args,
          account,
          blockNumber: receipt.blockNumber,
        } as never),
      );
      throw new VouchError(
        'EVM_REVERTED',
        `${functionName} reverted in block ${receipt.blockNumber} (transaction ${hash})`,
      );
    }
    return { hash, receipt };
  }

  function admissions(receipt: TransactionReceipt): OnChainAdmission[] {
    return parseEventLogs({ abi: vouchGateAbi, logs: receipt.logs, eventName: 'Admitted' })
      .filter((l) => l.address.toLowerCase() === address.toLowerCase())
      .map((l) => ({ ...l.args }));
  }

  return {
    address,
    async admit(a) {
      const sent = await write('admit', [a.trade, a.proof]);
      const [admission] = admissions(sent.receipt);
      if (!admission)
        throw new VouchError('EVM_REVERTED', `admit succeeded without an Admitted event (transaction ${sent.hash})`);
      return { ...sent, admission };
    },
    async admitBatch(items) {
      const sent = await write('admitBatch', [items.map((i) => i.trade), items.map((i) => i.proof)]);
      return { ...sent, admissions: admissions(sent.receipt) };
    },
    postRoot: (root) => write('postRoot', [root]),
    setPolicy: (p) => write('setPolicy', [p.policyId, p.policyHash, p.maxClockSkewSeconds]),
    removePolicy: (policyId) => write('removePolicy', [policyId]),
    currentRoot: () => read<bigint>('currentRoot'),
    rootStatus: async (root) => Number(await read<number>('rootStatus', [root])),
    nullifierSpent: (n) => read<boolean>('nullifierSpent', [n]),
    async policy(policyId) {
      const [enforced, maxClockSkew] = await read<readonly [boolean, number]>('policy', [policyId]);
      return { enforced, maxClockSkew: Number(maxClockSkew) };
    },
    verifyingKeyHash: () => read<Hex>('VKEY_SHA256'),
  };
}

export interface DeployVouchGateOptions {
  walletClient: WalletClient<Transport, Chain | undefined, Account | undefined>;
  publicClient: PublicClient;
  /** Creation bytecode of `VouchGate.sol:VouchGate` (compileContracts over gateSources(vkey)). */
  bytecode: Hex;
  admin: Address;
  /** The only account that may post issuer-set roots. */
  updater: Address;
  /** The only account that may admit, or the zero address for anyone. */
  venue?: Address;
  rootGraceSeconds?: bigint;
}

/** Deploys a gate and returns its client (bound to the same clients). */
export async function deployVouchGate(o: DeployVouchGateOptions): Promise<VouchGateClient> {
  const account = o.walletClient.account;
  if (!account) throw new TypeError('deployVouchGate: the walletClient needs an account');
  const args = [
    o.admin,
    o.updater,
    o.venue ?? '0x0000000000000000000000000000000000000000',
    o.rootGraceSeconds ?? 60n,
  ] as const;
  const hash = await guard(() =>
    o.walletClient.deployContract({
      abi: vouchGateAbi,
      bytecode: o.bytecode,
      args,
      account,
      chain: o.walletClient.chain,
    } as never),
  );
  const receipt = await guard(() => o.publicClient.waitForTransactionReceipt({ hash }));
  if (receipt.status !== 'success' || !receipt.contractAddress)
    throw new VouchError('EVM_REVERTED', `the gate's deployment failed (transaction ${hash})`);
  return vouchGateClient({
    address: receipt.contractAddress,
    publicClient: o.publicClient,
    walletClient: o.walletClient,
  });
}

/** Runs a viem call; a gate revert becomes its Vouch code, anything else from the node EVM_RPC_FAILED. */
async function guard<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    if (e instanceof VouchError) throw e;
    if (e instanceof BaseError) {
      const revert = e.walk((x) => x instanceof ContractFunctionRevertedError);
      if (revert instanceof ContractFunctionRevertedError) {
        const name = revert.data?.errorName;
        const mapped = name ? gateErrorCode(name, revert.data?.args ?? []) : undefined;
        if (mapped) {
          const at = mapped.index === undefined ? '' : ` (batch item ${mapped.index})`;
          throw new VouchError(
            mapped.code,
            `the gate refused: ${name}${at}`,
            mapped.index === undefined ? {} : { details: { index: mapped.index } },
          );
        }
        throw new VouchError('EVM_REVERTED', `the gate reverted: ${name ?? revert.reason ?? 'no reason'}`);
      }
      throw new VouchError('EVM_RPC_FAILED', `the EVM node failed the call: ${e.shortMessage}`);
    }
    throw new VouchError(
      'EVM_RPC_FAILED',
      `the EVM node failed the call: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
}
