/**
 * Compiles Vouch's Solidity sources with the pinned solc-js (0.8.28, no network: the compiler is
 * the npm package's bundled soljson). Compiling takes tens of seconds, so outputs are cached under
 * the Vouch cache dir by the SHA-256 of the compiler input (sources and settings) and version.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { resolveCacheDir } from '../config/paths.js';
import { VouchError } from '../errors/index.js';

export interface CompiledContract {
  abi: unknown[];
  /** Creation bytecode, 0x-prefixed. */
  bytecode: `0x${string}`;
  /** Runtime bytecode size in bytes (the EIP-170 limit is 24,576). */
  runtimeSize: number;
}

export interface CompileOptions {
  /** Source unit name → Solidity source. */
  sources: Record<string, string>;
  cacheDir?: string;
}

/** Pinned compiler settings: optimizer 200 runs, the EVM version Prague chains run. */
export const SOLC_SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object', 'evm.deployedBytecode.object'] } },
} as const;

interface SolcOutput {
  errors?: { severity: string; formattedMessage: string }[];
  contracts?: Record<
    string,
    Record<string, { abi: unknown[]; evm: { bytecode: { object: string }; deployedBytecode: { object: string } } }>
  >;
}

const require = createRequire(import.meta.url);

/** Returns `file:Contract` → compiled contract for every contract in the sources. */
export function compileContracts(o: CompileOptions): Record<string, CompiledContract> {
  const solc = require('solc') as { version(): string; compile(input: string): string };
  const input = JSON.stringify({
    language: 'Solidity',
    sources: Object.fromEntries(
      Object.entries(o.sources)
        .sort()
        .map(([k, v]) => [k, { content: v }]),
    ),
    settings: SOLC_SETTINGS,
  });
  const key = createHash('sha256').update(solc.version()).update('\0').update(input).digest('hex');
  const dir = join(resolveCacheDir(o.cacheDir), 'solc');
  const file = join(dir, `${key}.json`);
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Record<string, CompiledContract>;

  const out = JSON.parse(solc.compile(input)) as SolcOutput;
  const errors = (out.errors ?? []).filter((e) => e.severity === 'error');
  if (errors.length > 0) throw new VouchError('INTERNAL', `solc: ${errors.map((e) => e.formattedMessage).join('\n')}`);
  const result: Record<string, CompiledContract> = {};
  for (const [unit, contracts] of Object.entries(out.contracts ?? {})) {
    for (const [name, c] of Object.entries(contracts)) {
      result[`${unit}:${name}`] = {
        abi: c.abi,
        bytecode: `0x${c.evm.bytecode.object}`,
        runtimeSize: c.evm.deployedBytecode.object.length / 2,
      };
    }
  }
  mkdirSync(dir, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(result));
  renameSync(tmp, file); // atomic: parallel test workers never read a half-written file
  return result;
}
