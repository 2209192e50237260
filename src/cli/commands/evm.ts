/** `vouch evm export|calldata`: the on-chain gate's sources and the calldata a venue sends it. */
import type { Command } from 'commander';
import {
  admitArgs,
  admitBatchCalldata,
  admitCalldata,
  committedAccountableVerifyingKey,
  committedVerifyingKey,
  exportContracts,
} from '../../evm/index.js';
import { VouchError } from '../../errors/index.js';
import type { VerifyingKeyJson } from '../../zk/index.js';
import { emit, globalOptions, type Registrar } from '../context.js';
import { assertEmptyOutputDir, readJson } from '../files.js';

export const registerEvm: Registrar = (program) => {
  const evm = program.command('evm').description('the on-chain gate: Solidity sources, ABI and calldata');

  evm
    .command('export')
    .description(
      'write the Groth16 verifiers (generated from the verifying keys), VouchGate and VouchAccountableGate, their ABIs and the key hashes',
    )
    .requiredOption('--out <dir>', 'directory to write into')
    .option('--vkey <file>', 'verifying key (default: the one shipped in circuits/build/)')
    .option(
      '--accountable-vkey <file>',
      "the accountable circuit's verifying key, for VouchAccountableGate under accountable/ (default: the one shipped)",
    )
    .option(
      '--bytecode',
      'also compile with solc 0.8.28 and write the creation bytecode (tens of seconds the first time)',
    )
    .option('--force', 'write into --out even if it already holds files')
    .action(
      async (
        o: { out: string; vkey?: string; accountableVkey?: string; bytecode?: boolean; force?: boolean },
        cmd: Command,
      ) => {
        const opts = globalOptions(cmd);
        assertEmptyOutputDir(o.out, Boolean(o.force));
        const vkey = o.vkey ? (readJson(o.vkey) as VerifyingKeyJson) : committedVerifyingKey();
        const accountableVkey = o.accountableVkey
          ? (readJson(o.accountableVkey) as VerifyingKeyJson)
          : committedAccountableVerifyingKey();
        const r = await exportContracts({ outDir: o.out, vkey, accountableVkey, bytecode: Boolean(o.bytecode) });
        emit(
          opts,
          { out: o.out, ...r },
          `wrote ${r.files.length} files to ${o.out} (verifying key sha256 ${r.vkeySha256}; accountable ${r.accountableVkeySha256})`,
        );
      },
    );

  evm
    .command('calldata')
    .description('print the admit() calldata for a proof.json and the EVM-targeted trade it binds')
    .requiredOption('--proof <file...>', 'proof.json (several, with as many --trade, for admitBatch)')
    .requiredOption('--trade <file...>', 'trade.json, venue evm:<chainId>:<gate>')
    .option('--vkey <file>', 'verifying key (default: the one shipped in circuits/build/)')
    .action((o: { proof: string[]; trade: string[]; vkey?: string }, cmd: Command) => {
      const opts = globalOptions(cmd);
      if (o.proof.length !== o.trade.length) throw new VouchError('USAGE', 'give one --trade per --proof');
      const vkey = o.vkey ? (readJson(o.vkey) as VerifyingKeyJson) : committedVerifyingKey();
      const items = o.proof.map((p, i) => admitArgs({ proofFile: readJson(p), trade: readJson(o.trade[i]!), vkey }));
      const data = items.length === 1 ? admitCalldata(items[0]!) : admitBatchCalldata(items);
      emit(opts, { function: items.length === 1 ? 'admit' : 'admitBatch', calldata: data }, data);
    });
};
