/**
 * VouchAccountableGate, compiled from contracts/ and a verifier generated from the accountable
 * circuit's committed verifying key (compiled once per source hash, cached), deployed into a fresh
 * in-process chain.
 */
import { readFileSync } from 'node:fs';
import { decodeFunctionResult, encodeFunctionData, type Abi, type Hex } from 'viem';
import { vouchAccountableGateAbi } from '../../../src/evm/accountable-abi.js';
import { compileContracts, type CompiledContract } from '../../../src/evm/compile-contracts.js';
import { accountableGateSources } from '../../../src/evm/gate-sources.js';
import type { VerifyingKeyJson } from '../../../src/zk/index.js';
import { ACCOUNTS, EvmChain } from '../../support/evm-chain.js';
import type { GateWorld } from './gate-fixture.js';

export const ACCOUNTABLE_VKEY_PATH = new URL(
  '../../../circuits/build/policy-accountable/policy-accountable.vkey.json',
  import.meta.url,
);

export function accountableVkey(): VerifyingKeyJson {
  return JSON.parse(readFileSync(ACCOUNTABLE_VKEY_PATH, 'utf8')) as VerifyingKeyJson;
}

let compiled: Record<string, CompiledContract> | undefined;
export function compiledAccountableGate(): Record<string, CompiledContract> {
  compiled ??= compileContracts({ sources: accountableGateSources(accountableVkey()).sources });
  return compiled;
}

export async function deployAccountableGate(
  o: { venue?: Hex; rootGraceSeconds?: bigint; chain?: EvmChain } = {},
): Promise<GateWorld> {
  const vkey = accountableVkey();
  const c = compiledAccountableGate()['VouchAccountableGate.sol:VouchAccountableGate']!;
  const chain = o.chain ?? (await EvmChain.create());
  const { address: gate } = await chain.deploy({
    abi: c.abi as Abi,
    bytecode: c.bytecode,
    args: [ACCOUNTS.admin, ACCOUNTS.updater, o.venue ?? `0x${'00'.repeat(20)}`, o.rootGraceSeconds ?? 600n],
  });
  const abi = vouchAccountableGateAbi as Abi;
  const raw = (data: Hex, from: Hex = ACCOUNTS.admin) => chain.call({ to: gate, data, from, abi });
  return {
    chain,
    gate,
    vkey,
    raw,
    send: (functionName, args, from) => raw(encodeFunctionData({ abi, functionName, args }), from),
    async view<T>(functionName: string, args: readonly unknown[]) {
      const r = await chain.call({
        to: gate,
        data: encodeFunctionData({ abi, functionName, args }),
        abi,
        readOnly: true,
      });
      if (!r.ok) throw new Error(`${functionName} reverted: ${r.error?.name ?? r.returnData}`);
      return decodeFunctionResult({ abi, functionName, data: r.returnData }) as T;
    },
  };
}
