/**
 * Which credential store a process uses: PostgreSQL when it has a PostgreSQL handle (the service
 * with VOUCH_DATABASE_URL, the CLI with the same variable), else the embedded SQLite database.
 */
import type { DatabaseHandle } from '../db/client.js';
import { isPostgresUrl, openPostgres, type PostgresHandle } from '../db/pg-client.js';
import { VouchError } from '../errors/index.js';
import { PgCredentialStore } from './pg-store.js';
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
 * SQLite file). A URL that is not postgres:// fails with DATABASE_URL_INVALID (never echoed).
 */
export async function openPostgresFromEnv(url = process.env.VOUCH_DATABASE_URL): Promise<PostgresHandle | undefined> {
  if (url === undefined || url === '') return undefined;
  if (!isPostgresUrl(url))
    throw new VouchError(
      'DATABASE_URL_INVALID',
      'VOUCH_DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite file)',
    );
  return openPostgres(url);
}
