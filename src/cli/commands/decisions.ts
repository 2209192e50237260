/**
 * `vouch decisions export`: the decisions a hook recorded (`decisionRecorder`, the service's own
 * hook or one a venue embeds with its own SQLite file) as the decisions file `vouch report
 * compliance --decisions` reads. Records carry time, policy, verdict, code and session only — no
 * nullifier, trade hash or receipt leaves the database through this file.
 */
import { accessSync, constants, statSync } from 'node:fs';
import type { Command } from 'commander';
import { openDatabase } from '../../db/client.js';
import { VouchError } from '../../errors/index.js';
import { decisionsBetween } from '../../hook/index.js';
import { parseTime } from '../../reporting/ledger/index.js';
import { emit, globalOptions, type Registrar } from '../context.js';
import { DECISIONS_FILE_HELP } from '../file-formats.js';
import { assertOutputPath, json, writeOutput } from '../files.js';
import { openStateDatabase } from '../state.js';

interface ExportFlags {
  out: string;
  database?: string;
  venue?: string;
  from?: string;
  to?: string;
  force?: boolean;
}

export const registerDecisions: Registrar = (program) => {
  const decisions = program.command('decisions').description('hook decisions: export them for the compliance report');

  decisions
    .command('export')
    .description('write the recorded hook decisions as the file `vouch report compliance --decisions` reads')
    .requiredOption('--out <file>', 'where to write the decisions (JSON array)')
    .option(
      '--database <file>',
      "an embedded hook's SQLite database (default: the data dir's, where `vouch serve` records)",
    )
    .option('--venue <id>', 'only this venue’s decisions')
    .option('--from <time>', 'only decisions at or after (ISO 8601 or Unix seconds)')
    .option('--to <time>', 'only decisions before (ISO 8601 or Unix seconds)')
    .option('--force', 'overwrite --out')
    .addHelpText('after', DECISIONS_FILE_HELP)
    .action((o: ExportFlags, cmd: Command) => {
      const opts = globalOptions(cmd);
      const bound = (name: string, v: string | undefined, fallback: number): number => {
        if (v === undefined) return fallback;
        const ms = parseTime(v);
        if (ms === undefined)
          throw new VouchError('USAGE', `--${name} must be ISO 8601 with an offset or Unix seconds`);
        return Math.floor(ms / 1000);
      };
      const from = bound('from', o.from, 0);
      const to = bound('to', o.to, Number.MAX_SAFE_INTEGER);
      assertOutputPath(o.out, { overwrite: Boolean(o.force) });
      if (o.database !== undefined) {
        try {
          if (!statSync(o.database).isFile()) throw new Error('not a file');
          accessSync(o.database, constants.R_OK);
        } catch (cause) {
          throw new VouchError('FILE_UNREADABLE', `cannot read ${o.database}`, {
            cause,
            details: { path: o.database },
          });
        }
      }
      // another process's database is only read: opened read-only, never migrated or created
      const handle = o.database !== undefined ? openForeignDatabase(o.database) : openStateDatabase(opts);
      try {
        const records =
          o.database !== undefined
            ? readForeign(o.database, () => decisionsBetween(handle.db, from, to, o.venue))
            : decisionsBetween(handle.db, from, to, o.venue);
        writeOutput(o.out, json(records), { overwrite: Boolean(o.force) });
        const allowed = records.filter((r) => r.allowed).length;
        emit(
          opts,
          { out: o.out, decisions: records.length, allowed, rejected: records.length - allowed },
          `${records.length} decisions (${allowed} allowed, ${records.length - allowed} rejected) written to ${o.out}; next: vouch report compliance --decisions ${o.out}`,
        );
      } finally {
        handle.close();
      }
    });
};

function foreignDatabaseInvalid(path: string, cause: unknown): VouchError {
  return new VouchError(
    'DATABASE_FILE_INVALID',
    `${path} is not a Vouch SQLite database with recorded hook decisions`,
    { cause, details: { path } },
  );
}

function openForeignDatabase(path: string) {
  try {
    return openDatabase({ path, readonly: true });
  } catch (cause) {
    throw foreignDatabaseInvalid(path, cause);
  }
}

/** SQLite refuses a file that is not a database (or lacks the table) on the first query. */
function readForeign<T>(path: string, read: () => T): T {
  try {
    return read();
  } catch (cause) {
    if (cause instanceof VouchError) throw cause;
    throw foreignDatabaseInvalid(path, cause);
  }
}
