/**
 * Which credential (and pickup-code) store a process uses: PostgreSQL when it has a PostgreSQL handle (the service
 * with VOUCH_DATABASE_URL, the CLI with the same variable), else the embedded SQLite database.
 */
import type { DatabaseHandle } from '../db/client.js';
import { postgresSelection } from '../db/database-env.js';
import { openPostgres, type OpenPostgresOptions, type PostgresHandle } from '../db/pg-client.js';
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
 * SQLite file); its tables in VOUCH_DATABASE_SCHEMA when that is set (as `vouch serve`): both read
 * by postgresSelection (db/database-env.ts), the one resolver every entry uses, so a bad URL is
 * DATABASE_URL_INVALID (never echoed) and a bad schema DATABASE_SCHEMA_INVALID, before connecting.
 */
export async function openPostgresFromEnv(
  options: Pick<OpenPostgresOptions, 'maxConnections'> = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<PostgresHandle | undefined> {
  const selected = postgresSelection(env);
  if (!selected) return undefined;
  return openPostgres(selected.url, {
    ...options,
    ...(selected.schema !== undefined ? { schema: selected.schema } : {}),
  });
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
