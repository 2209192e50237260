import type { CodeTable } from '../kinds.js';

/** The database behind the stores (SQLite embedded, or PostgreSQL via VOUCH_DATABASE_URL). */
export const dbCodes = {
  DATABASE_URL_INVALID: { kind: 'usage', title: 'VOUCH_DATABASE_URL is not a postgres:// or postgresql:// URL' },
  DATABASE_SCHEMA_INVALID: {
    kind: 'usage',
    title: 'VOUCH_DATABASE_SCHEMA is not a lower-case SQL identifier of 1-63 characters',
  },
  DATABASE_FILE_INVALID: {
    kind: 'input',
    title: 'The file is not a Vouch SQLite database (or not one this version reads)',
  },
  DATABASE_UNAVAILABLE: {
    kind: 'unavailable',
    title: 'The database does not answer; nothing was changed by this request',
  },
  DATABASE_DIALECT_UNSUPPORTED: {
    kind: 'usage',
    title: 'An area this service mounts does not run on PostgreSQL yet; unset VOUCH_DATABASE_URL to use SQLite',
  },
} as const satisfies CodeTable;
