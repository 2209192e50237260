/**
 * `vouch evm export`: writes the gates' Solidity sources (each verifier generated from its
 * circuit's verifying key, the hand-written gates, interfaces and example), their ABIs and the
 * SHA-256 of the keys they were made from — the same keys give the same bytes. VouchGate serves
 * the base circuit's policies, VouchAccountableGate (under accountable/) the accountable circuit's
 * (escrow, cumulative limits). With `bytecode`, also compiles them (pinned solc 0.8.28, cached)
 * and writes the creation bytecode.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CIRCUITS_DIR } from '../config/package-files.js';
import type { VerifyingKeyJson } from '../zk/index.js';
import { vouchAccountableGateAbi } from './accountable-abi.js';
import { vouchGateAbi } from './abi.js';
import { accountableGateSources, gateSources } from './gate-sources.js';

export interface ExportOptions {
  outDir: string;
  /** Defaults to the committed circuits/build/policy.vkey.json. */
  vkey?: VerifyingKeyJson;
  /** The accountable circuit's key; defaults to the committed circuits/build/policy-accountable/ one. */
  accountableVkey?: VerifyingKeyJson;
  bytecode?: boolean;
}

export interface ExportResult {
  vkeySha256: string;
  accountableVkeySha256: string;
  /** Paths written, relative to outDir. */
  files: string[];
}

/** The verifying key that ships with Vouch (circuits/build/policy.vkey.json). */
export function committedVerifyingKey(): VerifyingKeyJson {
  return JSON.parse(readFileSync(join(CIRCUITS_DIR, 'build', 'policy.vkey.json'), 'utf8')) as VerifyingKeyJson;
}

/** The accountable circuit's verifying key that ships with Vouch (circuits/build/policy-accountable/). */
export function committedAccountableVerifyingKey(): VerifyingKeyJson {
  return JSON.parse(
    readFileSync(join(CIRCUITS_DIR, 'build', 'policy-accountable', 'policy-accountable.vkey.json'), 'utf8'),
  ) as VerifyingKeyJson;
}

/** Writes the gate's Solidity sources (and, when asked, their compiled ABI and bytecode) for a verifying key into a directory. */
export async function exportContracts(o: ExportOptions): Promise<ExportResult> {
  const vkey = o.vkey ?? committedVerifyingKey();
  const { sources, vkeyHash } = gateSources(vkey, { examples: true });
  const out: Record<string, string> = { ...sources };
  out['VouchGate.abi.json'] = `${JSON.stringify(vouchGateAbi, null, 2)}\n`;
  out['vkey.sha256'] = `${vkeyHash}\n`;
  if (o.bytecode) {
    const { compileContracts } = await import('./compile-contracts.js');
    const compiled = compileContracts({ sources });
    const gate = compiled['VouchGate.sol:VouchGate']!;
    out['VouchGate.bytecode.json'] =
      `${JSON.stringify({ compiler: 'solc 0.8.28', vkeySha256: vkeyHash, bytecode: gate.bytecode }, null, 2)}\n`;
  }
  const acc = accountableGateSources(o.accountableVkey ?? committedAccountableVerifyingKey());
  for (const [f, src] of Object.entries(acc.sources)) out[`accountable/${f}`] = src;
  out['accountable/VouchAccountableGate.abi.json'] = `${JSON.stringify(vouchAccountableGateAbi, null, 2)}\n`;
  out['accountable/vkey.sha256'] = `${acc.vkeyHash}\n`;
  if (o.bytecode) {
    const { compileContracts } = await import('./compile-contracts.js');
    const gate = compileContracts({ sources: acc.sources })['VouchAccountableGate.sol:VouchAccountableGate']!;
    out['accountable/VouchAccountableGate.bytecode.json'] =
      `${JSON.stringify({ compiler: 'solc 0.8.28', vkeySha256: acc.vkeyHash, bytecode: gate.bytecode }, null, 2)}\n`;
  }
  const files = Object.keys(out).sort();
  for (const f of files) {
    mkdirSync(dirname(join(o.outDir, f)), { recursive: true });
    writeFileSync(join(o.outDir, f), out[f]!);
  }
  return { vkeySha256: vkeyHash, accountableVkeySha256: acc.vkeyHash, files };
}
