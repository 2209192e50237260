/**
 * The `vouch` command. A thin shell over the library: each area registers its subcommands from
 * `commands/<area>.ts`. Errors print their code; the exit status tells the class
 * (0 ok, 1 internal, 2 usage, 3 input rejected, 4 verification failed, 5 unavailable).
 */
import { Command, CommanderError } from 'commander';
import { EXIT_STATUS, VouchError } from '../errors/index.js';
import { registrars } from './commands/index.js';

export function buildProgram(): Command {
  const program = new Command('vouch')
    .description('Zero-knowledge compliance credentials, policy proofs for trades, auditable reports.')
    .option('--data-dir <dir>', 'state directory (env VOUCH_DATA_DIR, default ./data)')
    .option('--json', 'print machine-readable JSON')
    .option('-q, --quiet', 'no progress output')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of registrars) register(program);
  program.commands.forEach((c) => applyOverrides(c));
  return program;
}

function applyOverrides(cmd: Command): void {
  cmd.exitOverride();
  cmd.commands.forEach((c) => applyOverrides(c));
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const wantsJson = argv.includes('--json');
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (err) {
    return report(err, wantsJson);
  } finally {
    await releaseResources();
  }
}

function report(err: unknown, json: boolean): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.exitCode === 0) return 0;
    if (json) process.stdout.write(`${JSON.stringify({ error: { code: 'USAGE', message: err.message } })}\n`);
    return EXIT_STATUS.usage;
  }
  if (err instanceof VouchError) {
    const body = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
    if (json) process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    else process.stderr.write(`error ${err.code}: ${err.message}\n`);
    return EXIT_STATUS[err.kind];
  }
  // Unknown errors: no internals on stdout; the stack goes to stderr only with VOUCH_DEBUG.
  if (json) process.stdout.write(`${JSON.stringify({ error: { code: 'INTERNAL', message: 'internal error' } })}\n`);
  process.stderr.write(`error INTERNAL: internal error${process.env.VOUCH_DEBUG ? `\n${String((err as Error)?.stack ?? err)}` : ' (set VOUCH_DEBUG=1 for details)'}\n`);
  return EXIT_STATUS.internal;
}

/** snarkjs keeps worker threads alive; release them so the process can exit. */
async function releaseResources(): Promise<void> {
  const { releaseCurves } = await import('../zk/curve.js');
  await releaseCurves();
}
