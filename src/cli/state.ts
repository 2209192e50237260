/**
 * Opens the data dir's database and key-encryption key for a stateful command, and closes them.
 *
 * Only commands that create state (`issuer create`, `keys create`, `ledger import`, …) may make a
 * data dir. Every other command refuses one that does not exist (DATA_DIR_MISSING, naming the
 * path): a typo in --data-dir must not silently create a fresh, empty data dir with a new
 * key-encryption key and then answer "no issuers".
 */
import { statSync } from 'node:fs';
import { databasePath, openDatabase, type DatabaseHandle } from '../db/client.js';
import { type IssuerContext, systemClock } from '../credentials/index.js';
import { VouchError } from '../errors/index.js';
import { loadKek } from '../keys/index.js';
import type { GlobalOptions } from './context.js';

export interface StateAccess {
  /** The command creates state: a missing data dir is made (0700). Default: it must exist. */
  create?: boolean;
}

/** Throws DATA_DIR_MISSING unless `opts.dataDir` is an existing directory. */
export function requireDataDir(opts: GlobalOptions): void {
  let isDir = false;
  try {
    isDir = statSync(opts.dataDir).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new VouchError(
      'DATA_DIR_MISSING',
      `no Vouch data dir at ${opts.dataDir} (check --data-dir / VOUCH_DATA_DIR; commands that create state, such as \`vouch issuer create\`, make one)`,
      {
        details: { path: opts.dataDir },
      },
    );
  }
}

/** The data dir's database, opened only if it exists (or `access.create`). */
export function openStateDatabase(opts: GlobalOptions, access: StateAccess = {}): DatabaseHandle {
  if (!access.create) requireDataDir(opts);
  return openDatabase({ path: databasePath(opts.dataDir) });
}

export async function withIssuerContext<T>(
  opts: GlobalOptions,
  fn: (ctx: IssuerContext) => Promise<T> | T,
  access: StateAccess = {},
): Promise<T> {
  const handle = openStateDatabase(opts, access);
  try {
    return await fn({ db: handle.db, kek: loadKek(opts.dataDir), clock: systemClock });
  } finally {
    handle.close();
  }
}
