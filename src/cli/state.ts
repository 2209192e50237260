/**
 * Opens the data dir's database and key-encryption key for a stateful command, and closes them.
 *
 * Only commands that create state (`issuer create`, `keys create`, `ledger import`, …) may make a
 * data dir. Every other command refuses one that does not exist (DATA_DIR_MISSING, naming the
 * path): a typo in --data-dir must not silently create a fresh, empty data dir with a new
 * key-encryption key and then answer "no issuers".
 */
import { mkdirSync, statSync } from 'node:fs';
import { databasePath, openDatabase, type DatabaseHandle } from '../db/client.js';
import type { IssuerContext, RegistryLog } from '../credentials/index.js';
import { SqliteCredentialStore, systemClock } from '../credentials/index.js';
import { openPostgresFromEnv, pickupStoreFor } from '../credentials/open-store.js';
import { PgCredentialStore } from '../credentials/pg-store.js';
import type { PickupStore } from '../credentials/pickup.js';
import { asAnyLog, loadOrCreateLogSigner, TransparencyLog, type AnyTransparencyLog } from '../log/index.js';
import { openDataDirLog } from '../log/open-data-dir-log.js';
import { PostgresTransparencyLog } from '../log/pg-transparency-log.js';
import type { VouchPgDb } from '../db/pg-client.js';
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

/**
 * An issuer context with the transparency log of the same database (the registry logs its roots
 * there) and its pickup-code store (`credential issue --pickup`).
 */
export interface CliIssuerContext extends IssuerContext {
  registryLog(): RegistryLog;
  pickups(): PickupStore;
}

/**
 * Runs `fn` with the issuer context of the database VOUCH_DATABASE_URL selects: PostgreSQL when
 * it is a postgres:// URL, else the data dir's SQLite file. The data dir holds the keys either way.
 */
export async function withIssuerContext<T>(
  opts: GlobalOptions,
  fn: (ctx: CliIssuerContext) => Promise<T> | T,
  access: StateAccess = {},
): Promise<T> {
  const pg = await openPostgresFromEnv();
  if (pg && !access.create) requireDataDir(opts);
  const handle = pg ? undefined : openStateDatabase(opts, access);
  const signer = () => loadOrCreateLogSigner({ dataDir: opts.dataDir });
  try {
    return await fn({
      store: pg ? new PgCredentialStore(pg.db) : new SqliteCredentialStore(handle!.db),
      kek: loadKek(opts.dataDir),
      clock: systemClock,
      registryLog: () =>
        pg ? new PostgresTransparencyLog({ db: pg.db, signer }) : TransparencyLog.open({ db: handle!.db, signer }),
      pickups: () => pickupStoreFor(pg ? { pg } : { db: handle! }),
    });
  } finally {
    handle?.close();
    await pg?.close();
  }
}

/**
 * The database behind withCliLog's log, with the log in its own dialect's class: for a command that
 * must work on the database beside the log, e.g. check the current escrow committee's epoch under
 * the log's append lock (`vouch escrow committee publish`). Closed when the callback returns.
 */
export type CliLogStore =
  | { dialect: 'postgres'; db: VouchPgDb; log: PostgresTransparencyLog }
  | { dialect: 'sqlite'; db: DatabaseHandle['db']; log: TransparencyLog };

/**
 * Runs `fn` with the transparency log of the database VOUCH_DATABASE_URL selects: on PostgreSQL
 * the log `vouch serve` serves (what the service's registry, venues and auditors read), else the
 * data dir's SQLite log. Checkpoints are signed with the data dir's log key either way. `fn` also
 * gets the database itself (CliLogStore), for commands that need it beside the log.
 */
export async function withCliLog<T>(
  opts: GlobalOptions,
  fn: (log: AnyTransparencyLog, store: CliLogStore) => Promise<T> | T,
  access: StateAccess = {},
): Promise<T> {
  if (!access.create) requireDataDir(opts);
  const pg = await openPostgresFromEnv();
  if (pg) {
    // the log lives in PostgreSQL, its checkpoint key in the data dir: a command that may create
    // state makes the dir, as opening the SQLite file would (else the next checkpoint has no key home)
    if (access.create) mkdirSync(opts.dataDir, { recursive: true, mode: 0o700 });
    try {
      const log = new PostgresTransparencyLog({
        db: pg.db,
        signer: () => loadOrCreateLogSigner({ dataDir: opts.dataDir }),
      });
      return await fn(log, { dialect: 'postgres', db: pg.db, log });
    } finally {
      await pg.close();
    }
  }
  const { log, db, close } = openDataDirLog({ dataDir: opts.dataDir });
  try {
    return await fn(asAnyLog(log), { dialect: 'sqlite', db, log });
  } finally {
    close();
  }
}
