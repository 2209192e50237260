/**
 * Which credential (and pickup-code) store a process uses: PostgreSQL when it has a PostgreSQL handle (the service
 * with VOUCH_DATABASE_URL, the CLI with the same variable), else the embedded SQLite database.
 */
import type { DatabaseHandle } from '../db/client.js';
import { isPostgresUrl, openPostgres, type PostgresHandle } from '../db/pg-client.js';
import { VouchError } from '../errors/index.js';
import { PgPickupStore } from './pg-pickup-store.js';
import { PgCredentialStore } from './pg-store.js';
import type { PickupStore } from './pickup-store.js';
import { SqlitePickupStore } from './sqlite-pickup-store.js';
import { SqliteCredentialStore } from './sqlite-store.js';
import type { CredentialStore } from './store.js';

export function credentialStoreFor(deps: {
  db: Pick<DatabaseHandle, 'db'>;
  pg?: PostgresHandle | undefined;
}): CredentialStore {
  return deps.pg ? new PgCredentialStore(deps.pg.db) : new SqliteCredentialStore(deps.db.db);
}

/**
 * The PostgreSQL handle VOUCH_DATABASE_URL selects, or undefined when it is unset (the embedded
 * SQLite file); its tables in VOUCH_DATABASE_SCHEMA when that is set (as `vouch serve`). A URL
 * that is not postgres:// fails with DATABASE_URL_INVALID (never echoed).
 */
export async function openPostgresFromEnv(
  url = process.env.VOUCH_DATABASE_URL,
  schema = process.env.VOUCH_DATABASE_SCHEMA,
): Promise<PostgresHandle | undefined> {
  if (url === undefined || url === '') return undefined;
  if (!isPostgresUrl(url))
    throw new VouchError(
      'DATABASE_URL_INVALID',
      'VOUCH_DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite file)',
    );
  if (schema && !/^[a-z_][a-z0-9_]{0,62}$/.test(schema))
    throw new VouchError('CONFIG_INVALID', 'VOUCH_DATABASE_SCHEMA must be a lower-case SQL identifier');
  return openPostgres(url, schema ? { schema } : {});
}

/** The pickup-code store on the same database as `credentialStoreFor(deps)` (PostgreSQL when `pg` is given). */
export function pickupStoreFor(deps: {
  db?: Pick<DatabaseHandle, 'db'>;
  pg?: PostgresHandle | undefined;
}): PickupStore {
  if (deps.pg) return new PgPickupStore(deps.pg.db);
  if (!deps.db) throw new TypeError('pickupStoreFor needs a SQLite or a PostgreSQL handle');
  return new SqlitePickupStore(deps.db.db);
}
