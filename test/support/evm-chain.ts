/**
 * An in-process EVM (ethereumjs, Prague rules) for the gate's tests and gas benchmark: deploys
 * compiled contracts and runs calls as transactions would — access lists reset between calls (so
 * every transaction pays its own cold reads), precompiles and the sender/target warm as EIP-2929
 * makes them — and reports execution gas and transaction gas (intrinsic 21,000 + calldata with
 * EIP-7623's floor, + creation costs for a deployment).
 */
import { Common, Hardfork, Mainnet } from '@ethereumjs/common';
import { createEVM, type EVM } from '@ethereumjs/evm';
import { createAddressFromString, hexToBytes, type Address } from '@ethereumjs/util';
import { decodeErrorResult, decodeEventLog, encodeDeployData, type Abi, type Hex } from 'viem';

export interface CallResult {
  ok: boolean;
  returnData: Hex;
  /** Decoded custom error (name and args) when the call reverted with one. */
  error?: { name: string; args: readonly unknown[] };
  executionGas: bigint;
  txGas: bigint;
  logs: { eventName: string; args: unknown }[];
}

const PRECOMPILES = Array.from({ length: 0x11 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`);

export class EvmChain {
  timestamp = 1_767_225_600n;
  blockNumber = 1n;
  readonly chainId: bigint;

  private constructor(
    readonly evm: EVM,
    chainId: bigint,
  ) {
    this.chainId = chainId;
  }

  static async create(): Promise<EvmChain> {
    const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague });
    const evm = await createEVM({ common });
    return new EvmChain(evm, common.chainId());
  }

  /** Deploys creation bytecode (+ ABI-encoded constructor args); returns the address and gas. */
  async deploy(o: {
    abi: Abi;
    bytecode: Hex;
    args?: readonly unknown[];
    from?: Hex;
  }): Promise<{ address: Hex; executionGas: bigint; txGas: bigint }> {
    const data = encodeDeployData({ abi: o.abi, bytecode: o.bytecode, args: o.args ?? [] });
    const caller = createAddressFromString(o.from ?? ACCOUNTS.deployer);
    await this.fresh(caller);
    const r = await this.evm.runCall({ caller, data: hexToBytes(data), gasLimit: 30_000_000n, block: this.block() });
    if (r.execResult.exceptionError || !r.createdAddress)
      throw new Error(`deployment failed: ${r.execResult.exceptionError?.error}`);
    const words = BigInt(Math.ceil((data.length - 2) / 64));
    const exec = r.execResult.executionGasUsed;
    return {
      address: r.createdAddress.toString() as Hex,
      executionGas: exec,
      txGas: txGas(data, exec, 32_000n + 2n * words),
    };
  }

  /** Runs one transaction-like call at the chain's current timestamp. */
  async call(o: { to: Hex; data: Hex; from?: Hex; abi?: Abi; readOnly?: boolean }): Promise<CallResult> {
    const caller = createAddressFromString(o.from ?? ACCOUNTS.deployer);
    const to = createAddressFromString(o.to);
    await this.fresh(caller, to);
    if (o.readOnly) await this.evm.stateManager.checkpoint();
    const r = await this.evm.runCall({
      caller,
      to,
      data: hexToBytes(o.data),
      gasLimit: 30_000_000n,
      block: this.block(),
    });
    if (o.readOnly) await this.evm.stateManager.revert();
    const returnData = `0x${Buffer.from(r.execResult.returnValue).toString('hex')}` as Hex;
    const ok = r.execResult.exceptionError === undefined;
    const exec = r.execResult.executionGasUsed;
    const out: CallResult = { ok, returnData, executionGas: exec, txGas: txGas(o.data, exec, 0n), logs: [] };
    if (!ok && o.abi && returnData.length >= 10) {
      try {
        const e = decodeErrorResult({ abi: o.abi, data: returnData });
        out.error = { name: e.errorName, args: (e.args ?? []) as readonly unknown[] };
      } catch {
        // not one of the ABI's errors: leave undefined
      }
    }
    if (ok && o.abi) {
      for (const log of r.execResult.logs ?? []) {
        const [, topics, data] = log;
        try {
          const d = decodeEventLog({
            abi: o.abi,
            topics: topics.map((t) => `0x${Buffer.from(t).toString('hex')}`) as [Hex, ...Hex[]],
            data: `0x${Buffer.from(data).toString('hex')}`,
          });
          out.logs.push({ eventName: String(d.eventName), args: d.args });
        } catch {
          // another contract's event
        }
      }
    }
    return out;
  }

  /**
   * One transaction or call as a node runs it (for test/support/evm-rpc.ts): no `to` deploys.
   * Returns the raw result: return data, gas, created address and logs with their emitters.
   */
  async run(o: { from: Hex; to?: Hex; data: Hex; readOnly?: boolean }): Promise<{
    ok: boolean;
    returnData: Hex;
    executionGas: bigint;
    txGas: bigint;
    createdAddress?: Hex;
    logs: { address: Hex; topics: Hex[]; data: Hex }[];
  }> {
    const caller = createAddressFromString(o.from);
    const to = o.to ? createAddressFromString(o.to) : undefined;
    await this.fresh(caller, ...(to ? [to] : []));
    if (o.readOnly) await this.evm.stateManager.checkpoint();
    const r = await this.evm.runCall({
      caller,
      ...(to ? { to } : {}),
      data: hexToBytes(o.data),
      gasLimit: 30_000_000n,
      block: this.block(),
    });
    if (o.readOnly) await this.evm.stateManager.revert();
    const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}` as Hex;
    const ok = r.execResult.exceptionError === undefined;
    const exec = r.execResult.executionGasUsed;
    const words = BigInt(Math.ceil((o.data.length - 2) / 64));
    return {
      ok,
      returnData: hex(r.execResult.returnValue),
      executionGas: exec,
      txGas: txGas(o.data, exec, to ? 0n : 32_000n + 2n * words),
      ...(r.createdAddress ? { createdAddress: r.createdAddress.toString() as Hex } : {}),
      logs: ok
        ? (r.execResult.logs ?? []).map(([a, topics, data]) => ({
            address: hex(a),
            topics: topics.map(hex),
            data: hex(data),
          }))
        : [],
    };
  }

  /** Every storage slot of every account, serialized (for asserting that a refused call changed nothing). */
  state(): string {
    const sm = this.evm.stateManager as unknown as { topStorageStack(): Map<string, Uint8Array> };
    return JSON.stringify(
      [...sm.topStorageStack().entries()].map(([k, v]) => [k, Buffer.from(v).toString('hex')]).sort(),
    );
  }

  private block() {
    const header = {
      number: this.blockNumber,
      coinbase: createAddressFromString(`0x${'00'.repeat(20)}`),
      timestamp: this.timestamp,
      difficulty: 0n,
      prevRandao: new Uint8Array(32),
      gasLimit: 60_000_000n,
      baseFeePerGas: 0n,
      slotNumber: 0n,
      getBlobGasPrice: () => undefined,
    };
    return { header } as never;
  }

  /** A new transaction: empty access list; sender, target and precompiles warm (EIP-2929). */
  private async fresh(...warm: Address[]): Promise<void> {
    await this.evm.journal.cleanup();
    for (const a of [...PRECOMPILES, ...warm.map((w) => w.toString())]) this.evm.journal.addAlwaysWarmAddress(a);
  }
}

export const ACCOUNTS = {
  deployer: '0x1000000000000000000000000000000000000001',
  admin: '0x2000000000000000000000000000000000000002',
  updater: '0x3000000000000000000000000000000000000003',
  stranger: '0x4000000000000000000000000000000000000004',
} as const satisfies Record<string, Hex>;

/** 21,000 + calldata (4 per zero byte, 16 per other) + extra, or EIP-7623's floor (10 per token), whichever is higher. */
export function txGas(data: Hex, executionGas: bigint, extra: bigint): bigint {
  let zeros = 0n;
  let nonZeros = 0n;
  for (let i = 2; i < data.length; i += 2) {
    if (data.slice(i, i + 2) === '00') zeros++;
    else nonZeros++;
  }
  const tokens = zeros + 4n * nonZeros;
  const standard = 21_000n + 4n * tokens + extra + executionGas;
  const floor = 21_000n + 10n * tokens + extra;
  return standard > floor ? standard : floor;
}
