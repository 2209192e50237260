/**
 * VouchAccountableGate, compiled from contracts/ and a verifier generated from the accountable
 * circuit's committed verifying key (compiled once per source hash, cached), deployed into a fresh
 * in-process chain as gate-fixture.ts deploys VouchGate.
 */
import { readFileSync } from 'node:fs';
import type { Abi } from 'viem';
import { vouchAccountableGateAbi } from '../../../src/evm/accountable-abi.js';
import { compileContracts, type CompiledContract } from '../../../src/evm/compile-contracts.js';
import { accountableGateSources } from '../../../src/evm/gate-sources.js';
import type { VerifyingKeyJson } from '../../../src/zk/index.js';
import { deployCompiledGate, type DeployGateOptions, type GateWorld } from './gate-fixture.js';

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

export async function deployAccountableGate(o: DeployGateOptions = {}): Promise<GateWorld> {
  const c = compiledAccountableGate()['VouchAccountableGate.sol:VouchAccountableGate']!;
  return deployCompiledGate(c, vouchAccountableGateAbi as Abi, accountableVkey(), o);
}
