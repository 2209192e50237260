/**
 * An EIP-1193 provider over the in-process EvmChain, so viem's public and wallet clients (and so
 * `vouch/evm`'s client) run against a real EVM without a node: unlocked accounts (like a dev node),
 * one transaction per block (the clock stays where the test sets it), reverts reported as JSON-RPC error 3 with the revert data, as geth does.
 * Only the methods viem's contract actions use are answered; any other is an error.
 */
import { keccak256, numberToHex, toHex, type Hex } from 'viem';
import type { EvmChain } from './evm-chain.js';

interface RpcLog {
  address: Hex;
  topics: Hex[];
  data: Hex;
  logIndex: Hex;
  transactionIndex: Hex;
  transactionHash: Hex;
  blockHash: Hex;
  blockNumber: Hex;
  removed: false;
}
interface RpcReceipt {
  transactionHash: Hex;
  transactionIndex: Hex;
  blockHash: Hex;
  blockNumber: Hex;
  from: Hex;
  to: Hex | null;
  cumulativeGasUsed: Hex;
  gasUsed: Hex;
  effectiveGasPrice: Hex;
  contractAddress: Hex | null;
  logs: RpcLog[];
  logsBloom: Hex;
  status: Hex;
  type: Hex;
}

class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: Hex,
  ) {
    super(message);
  }
}

export interface EvmRpc {
  request(args: { method: string; params?: unknown }): Promise<unknown>;
  /** Every method called, in order (to assert what the client asked the node). */
  readonly calls: string[];
}

export function evmRpc(chain: EvmChain): EvmRpc {
  const receipts = new Map<Hex, RpcReceipt>();
  const calls: string[] = [];
  const blockHash = (n: bigint) => keccak256(toHex(`block ${n}`));

  async function request({ method, params }: { method: string; params?: unknown }): Promise<unknown> {
    calls.push(method);
    const p = (params ?? []) as unknown[];
    switch (method) {
      case 'eth_chainId':
        return numberToHex(chain.chainId);
      case 'eth_blockNumber':
        return numberToHex(chain.blockNumber);
      case 'eth_call':
      case 'eth_estimateGas': {
        const tx = p[0] as { from?: Hex; to?: Hex; data?: Hex; input?: Hex };
        const r = await chain.run({
          from: tx.from ?? '0x0000000000000000000000000000000000000000',
          ...(tx.to ? { to: tx.to } : {}),
          data: tx.data ?? tx.input ?? '0x',
          readOnly: true,
        });
        if (!r.ok) throw new RpcError(3, 'execution reverted', r.returnData);
        return method === 'eth_call' ? r.returnData : numberToHex((r.txGas * 12n) / 10n);
      }
      case 'eth_sendTransaction': {
        const tx = p[0] as { from: Hex; to?: Hex; data?: Hex; input?: Hex };
        chain.blockNumber += 1n;
        const r = await chain.run({
          from: tx.from,
          ...(tx.to ? { to: tx.to } : {}),
          data: tx.data ?? tx.input ?? '0x',
        });
        const hash = keccak256(toHex(`tx ${chain.blockNumber} ${tx.from} ${tx.data ?? ''}`));
        const bn = numberToHex(chain.blockNumber);
        const bh = blockHash(chain.blockNumber);
        receipts.set(hash, {
          transactionHash: hash,
          transactionIndex: '0x0',
          blockHash: bh,
          blockNumber: bn,
          from: tx.from,
          to: tx.to ?? null,
          cumulativeGasUsed: numberToHex(r.txGas),
          gasUsed: numberToHex(r.txGas),
          effectiveGasPrice: '0x0',
          contractAddress: tx.to ? null : (r.createdAddress ?? null),
          logs: r.logs.map((l, i) => ({
            ...l,
            logIndex: numberToHex(i),
            transactionIndex: '0x0',
            transactionHash: hash,
            blockHash: bh,
            blockNumber: bn,
            removed: false,
          })),
          logsBloom: `0x${'00'.repeat(256)}`,
          status: r.ok ? '0x1' : '0x0',
          type: '0x2',
        });
        return hash;
      }
      case 'eth_getTransactionReceipt':
        return receipts.get(p[0] as Hex) ?? null;
      case 'eth_getBlockByNumber': {
        const n = chain.blockNumber;
        return {
          number: numberToHex(n),
          hash: blockHash(n),
          timestamp: numberToHex(chain.timestamp),
          baseFeePerGas: '0x0',
          gasLimit: numberToHex(60_000_000n),
          transactions: [],
        };
      }
      default:
        throw new RpcError(-32601, `method ${method} is not served by the in-process EVM`);
    }
  }
  return { request, calls };
}
