/**
 * The gates, compiled from contracts/ and a verifier generated from the circuit's current verifying
 * key (compiled once per source hash, cached under the Vouch cache dir), deployed into a fresh
 * in-process chain: VouchGate here, VouchAccountableGate through accountable-gate-fixture.ts, both
 * by deployCompiledGate.
 */
import { readFileSync } from 'node:fs';
import { decodeFunctionResult, encodeFunctionData, type Abi, type Hex } from 'viem';
import { compileContracts, type CompiledContract } from '../../../src/evm/compile-contracts.js';
import { gateSources } from '../../../src/evm/gate-sources.js';
import { vouchGateAbi } from '../../../src/evm/abi.js';
import type { VerifyingKeyJson } from '../../../src/zk/index.js';
import { ACCOUNTS, EvmChain, type CallResult } from '../../support/evm-chain.js';

export const VKEY_PATH = new URL('../../../circuits/build/policy.vkey.json', import.meta.url);

export function currentVkey(): VerifyingKeyJson {
  return JSON.parse(readFileSync(VKEY_PATH, 'utf8')) as VerifyingKeyJson;
}

let compiled: Record<string, CompiledContract> | undefined;
export function compiledGate(): Record<string, CompiledContract> {
  compiled ??= compileContracts({ sources: gateSources(currentVkey(), { examples: true }).sources });
  return compiled;
}

export interface GateWorld {
  chain: EvmChain;
  gate: Hex;
  vkey: VerifyingKeyJson;
  /** Calls a gate function as `from` (default admin) and decodes its error or events. */
  send(functionName: string, args: readonly unknown[], from?: Hex): Promise<CallResult>;
  raw(data: Hex, from?: Hex): Promise<CallResult>;
  view<T>(functionName: string, args: readonly unknown[]): Promise<T>;
}

export interface DeployGateOptions {
  venue?: Hex;
  rootGraceSeconds?: bigint;
  chain?: EvmChain;
}

/** Deploys a compiled gate (admin, updater from ACCOUNTS; no venue and a 600 s grace unless given) and wraps it in `abi`. */
export async function deployCompiledGate(
  c: CompiledContract,
  abi: Abi,
  vkey: VerifyingKeyJson,
  o: DeployGateOptions = {},
): Promise<GateWorld> {
  const chain = o.chain ?? (await EvmChain.create());
  const { address: gate } = await chain.deploy({
    abi: c.abi as Abi,
    bytecode: c.bytecode,
    args: [ACCOUNTS.admin, ACCOUNTS.updater, o.venue ?? `0x${'00'.repeat(20)}`, o.rootGraceSeconds ?? 600n],
  });
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

export async function deployGate(o: DeployGateOptions = {}): Promise<GateWorld> {
  return deployCompiledGate(compiledGate()['VouchGate.sol:VouchGate']!, vouchGateAbi as Abi, currentVkey(), o);
}
