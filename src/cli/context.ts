/**
 * What every command gets: resolved global options and an output helper that prints either a
 * human sentence or JSON (--json), so scripts never parse prose.
 */
import type { Command } from 'commander';
import { resolveDataDir } from '../config/index.js';

export interface GlobalOptions {
  dataDir: string;
  json: boolean;
  quiet: boolean;
}

export function globalOptions(cmd: Command): GlobalOptions {
  const o = cmd.optsWithGlobals<{ dataDir?: string; json?: boolean; quiet?: boolean }>();
  return { dataDir: resolveDataDir(o.dataDir), json: Boolean(o.json), quiet: Boolean(o.quiet) };
}

/** Print a command's result: `json` as JSON under --json, else the text (or JSON if no text). */
export function emit(opts: GlobalOptions, json: unknown, text?: string): void {
  if (opts.json || text === undefined) {
    process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
  } else if (text.length > 0) {
    process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  }
}

/** Progress/narration to stderr, silenced by --quiet and --json. */
export function note(opts: GlobalOptions, line: string): void {
  if (!opts.quiet && !opts.json) process.stderr.write(`${line}\n`);
}

/** Commander action wrapper: forwards the Command so handlers can read global options. */
export type Registrar = (program: Command) => void;
