/**
 * The Solidity sources of the on-chain gates (VouchGate for the policy circuit,
 * VouchAccountableGate for the accountable variant): the hand-written contracts under contracts/
 * and the verifier generated from each circuit's verifying key. The generated file is never
 * committed: it is made from whatever key is current, so the contracts always match the circuit
 * they verify.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../config/package-files.js';
import type { VerifyingKeyJson } from '../zk/index.js';
import { verifierSource } from './verifier-source.js';

/** contracts/ at the package root (the repository, or node_modules/vouch). */
export const CONTRACTS_DIR = join(PACKAGE_ROOT, 'contracts');

/** Hand-written contract files shipped in contracts/, by source unit name. */
export const GATE_FILES = ['IVouchGate.sol', 'VouchGateBase.sol', 'VouchGate.sol'] as const;
export const EXAMPLE_FILES = ['examples/PrivateVenueSettlement.sol'] as const;
/** The accountable circuit's gate (its verifier is generated as VouchAccountableVerifier.sol). */
export const ACCOUNTABLE_GATE_FILES = [
  'IVouchGate.sol',
  'IVouchAccountableGate.sol',
  'VouchGateBase.sol',
  'VouchAccountableGate.sol',
] as const;

export interface GateSources {
  /** Source unit name → Solidity source (VouchVerifier.sol generated). */
  sources: Record<string, string>;
  vkeyHash: string;
}

/** The Solidity sources of VouchGate and the verifier generated for `vkey` (with the example contracts if asked), ready to compile. */
export function gateSources(vkey: VerifyingKeyJson, o: { examples?: boolean } = {}): GateSources {
  const { source, vkeyHash } = verifierSource(vkey);
  const sources: Record<string, string> = { 'VouchVerifier.sol': source };
  for (const f of [...GATE_FILES, ...(o.examples ? EXAMPLE_FILES : [])])
    sources[f] = readFileSync(join(CONTRACTS_DIR, f), 'utf8');
  return { sources, vkeyHash };
}

/** The Solidity sources of VouchAccountableGate and the verifier generated for the accountable circuit's key. */
export function accountableGateSources(vkey: VerifyingKeyJson): GateSources {
  const { source, vkeyHash } = verifierSource(vkey, 'policy-accountable');
  const sources: Record<string, string> = { 'VouchAccountableVerifier.sol': source };
  for (const f of ACCOUNTABLE_GATE_FILES) sources[f] = readFileSync(join(CONTRACTS_DIR, f), 'utf8');
  return { sources, vkeyHash };
}
