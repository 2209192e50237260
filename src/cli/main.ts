/**
 * The `vouch` command. A thin shell over the library: each area registers its subcommands from
 * `commands/<area>.ts`, loaded only when one of its commands runs (commands/index.ts lists them
 * for --help). Errors print their code; the exit status tells the class
 * (0 ok, 1 internal, 2 usage, 3 input rejected, 4 verification failed, 5 unavailable).
 */
import { Command, CommanderError } from 'commander';
import { packageVersion } from '../config/package-files.js';
import { EXIT_STATUS, VouchError } from '../errors/index.js';
import { COMMANDS, type CommandEntry } from './commands/index.js';

/** Global options that take a value: their value is not a command name. */
const VALUE_OPTIONS = new Set(['--data-dir']);

/**
 * The program for `argv` (process.argv form): the command it names is fully defined, every other
 * one only listed (name and description). Without argv, every command is fully defined.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('vouch')
    .description('Zero-knowledge compliance credentials, policy proofs for trades, auditable reports.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option('--data-dir <dir>', 'state directory (env VOUCH_DATA_DIR, default ./data)')
    .option('--json', 'print machine-readable JSON')
    .option('-q, --quiet', 'no progress output')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const named = argv ? COMMANDS.find((c) => c.name === commandName(argv)) : undefined;
  const loaded = new Set<CommandEntry['load']>();
  for (const entry of argv ? (named ? [named] : []) : COMMANDS) {
    if (loaded.has(entry.load)) continue;
    loaded.add(entry.load);
    for (const register of await entry.load()) register(program);
  }
  const terms = new Map<string, string>();
  for (const entry of COMMANDS) {
    if (program.commands.some((c) => c.name() === entry.name)) continue;
    program.command(entry.name).description(entry.description);
    terms.set(entry.name, entry.term);
  }
  // Listed-only commands print as their full definition would ("serve [options]").
  const help = program.createHelp();
  program.configureHelp({ subcommandTerm: (c) => terms.get(c.name()) ?? help.subcommandTerm(c) });
  program.commands.forEach((c) => applyOverrides(c));
  return program;
}

/** The command `argv` runs (or asks help for): its first word after the global options. */
function commandName(argv: readonly string[]): string | undefined {
  const words = argv.slice(2);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (VALUE_OPTIONS.has(w)) {
      i++;
      continue;
    }
    if (w.startsWith('-')) continue;
    if (w !== 'help') return w;
    return words.slice(i + 1).find((x) => !x.startsWith('-'));
  }
  return undefined;
}

function applyOverrides(cmd: Command): void {
  cmd.exitOverride();
  // a subcommand's help also lists the global options (--data-dir, --json, --quiet) it accepts
  cmd.configureHelp({ ...cmd.configureHelp(), showGlobalOptions: true });
  cmd.commands.forEach((c) => applyOverrides(c));
}

export async function main(argv: string[]): Promise<number> {
  const wantsJson = argv.includes('--json');
  try {
    const program = await buildProgram(argv);
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
  process.stderr.write(
    `error INTERNAL: internal error${process.env.VOUCH_DEBUG ? `\n${String((err as Error)?.stack ?? err)}` : ' (set VOUCH_DEBUG=1 for details)'}\n`,
  );
  return EXIT_STATUS.internal;
}

/** snarkjs keeps worker threads alive; release them so the process can exit. */
async function releaseResources(): Promise<void> {
  const { releaseCurves } = await import('../zk/curve.js');
  await releaseCurves();
}
