/**
 * Which database a process uses: the one reading of VOUCH_DATABASE_URL and VOUCH_DATABASE_SCHEMA
 * for `vouch serve`, every CLI command and the embedded hook, so they all open the same tables.
 *
 * No URL (unset or empty): the embedded SQLite file, and the schema variable means nothing. A
 * `postgres://` or `postgresql://` URL: PostgreSQL, its tables in VOUCH_DATABASE_SCHEMA when that
 * is set (default: the server's search_path). Both are checked here, at start-up, before anything
 * is opened: a URL of another kind is DATABASE_URL_INVALID, a schema that is not a lower-case SQL
 * identifier (it is spliced into `CREATE SCHEMA` and `search_path`) DATABASE_SCHEMA_INVALID —
 * neither error echoes the value (a URL may hold a password).
 *
 * Imports nothing but the errors: the hook reads it without loading the PostgreSQL modules.
 */
import { VouchError } from '../errors/index.js';

/** What a PostgreSQL schema name must be: a lower-case SQL identifier, at most 63 bytes (PostgreSQL's NAMEDATALEN − 1). */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export interface PostgresSelection {
  url: string;
  /** The schema the tables live in; undefined: the server's search_path. */
  schema: string | undefined;
}

/** True for a `postgres://` or `postgresql://` URL: what VOUCH_DATABASE_URL must be to select PostgreSQL. */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/** Throws DATABASE_SCHEMA_INVALID unless `schema` is a lower-case SQL identifier of 1-63 characters. */
export function assertSchemaName(schema: unknown): asserts schema is string {
  if (typeof schema !== 'string' || !SCHEMA_NAME.test(schema))
    throw new VouchError(
      'DATABASE_SCHEMA_INVALID',
      'VOUCH_DATABASE_SCHEMA must be a lower-case SQL identifier: a letter or _, then letters, digits or _, 1-63 characters (unset it for the server’s search_path)',
      { details: { length: typeof schema === 'string' ? schema.length : 0 } },
    );
}

/**
 * The PostgreSQL database the environment selects, or undefined for the embedded SQLite file.
 * `given` overrides the environment (a URL or schema passed in code, as the hook's options allow).
 */
export function postgresSelection(
  env: Readonly<Record<string, string | undefined>> = process.env,
  given: { url?: string | undefined; schema?: string | undefined } = {},
): PostgresSelection | undefined {
  const url = given.url ?? env.VOUCH_DATABASE_URL;
  if (url === undefined || url === '') return undefined;
  if (!isPostgresUrl(url))
    throw new VouchError(
      'DATABASE_URL_INVALID',
      'VOUCH_DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite file)',
    );
  const schema = given.schema ?? env.VOUCH_DATABASE_SCHEMA;
  if (schema !== undefined) assertSchemaName(schema);
  return { url, schema };
}
