/**
 * Opens the PostgreSQL store (issue 14): a node-postgres pool, the drizzle schema of
 * schema-pg.ts, and the committed migrations of migrations-pg applied under a session advisory
 * lock, so several processes starting at once on one database migrate it exactly once.
 *
 * Errors are coded and never carry the URL (it may hold a password): a URL that is not
 * postgres:// fails with DATABASE_URL_INVALID, a server that does not answer (or refuses the
 * login, or has no such database) with DATABASE_UNAVAILABLE — at start-up, before any request.
 * A connection lost mid-request surfaces as DATABASE_UNAVAILABLE too (`asDatabaseError`); the
 * transaction it was in is rolled back by the server, so nothing half-written remains.
 *
 * The driver (`pg`, and drizzle's node-postgres adapter that requires it) is imported inside
 * openPostgres: the stores that import this module for `guarded` and the types, and the package
 * entry points that re-export them, load no driver until a PostgreSQL database is opened.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type pg from 'pg';
import { VouchError, isVouchError } from '../errors/index.js';
import { assertSchemaName, isPostgresUrl } from './database-env.js';
import * as schema from './schema-pg.js';

export type VouchPgDb = NodePgDatabase<typeof schema>;

export interface OpenPostgresOptions {
  /**
   * A PostgreSQL schema to keep every table in (created if missing; default: the server's
   * search_path, normally `public`). Tests use one fresh schema per file.
   */
  schema?: string;
  /** Most connections this process holds (default 10). */
  maxConnections?: number;
  /** Called with every query's duration in seconds (the service's query-latency histogram). */
  observeQuery?: (seconds: number) => void;
}

export interface PostgresHandle {
  db: VouchPgDb;
  pool: pg.Pool;
  /** The schema the tables live in, when one was given. */
  schema: string | undefined;
  close(): Promise<void>;
}

const MIGRATIONS = join(dirname(fileURLToPath(import.meta.url)), 'migrations-pg');
/** pg_advisory_lock key for migrations: any fixed 64-bit number no other lock in Vouch uses ("VOUCHMIG"). */
const MIGRATION_LOCK = 0x564f5543484d4947n;

export { isPostgresUrl } from './database-env.js';

/** Connects to PostgreSQL (a `postgres://` URL), runs the committed migrations, and returns the drizzle handle and its pool. */
export async function openPostgres(url: string, options: OpenPostgresOptions = {}): Promise<PostgresHandle> {
  if (typeof url !== 'string' || !isPostgresUrl(url)) {
    throw new VouchError('DATABASE_URL_INVALID', 'VOUCH_DATABASE_URL must be a postgres:// or postgresql:// URL');
  }
  try {
    new URL(url);
  } catch {
    throw new VouchError('DATABASE_URL_INVALID', 'VOUCH_DATABASE_URL is not a well-formed URL');
  }
  const schemaName = options.schema;
  if (schemaName !== undefined) assertSchemaName(schemaName); // DATABASE_SCHEMA_INVALID, before any connection
  const [{ default: pgDriver }, { drizzle }, { migrate }] = await Promise.all([
    import('pg'),
    import('drizzle-orm/node-postgres'),
    import('drizzle-orm/node-postgres/migrator'),
  ]);
  const pool = new pgDriver.Pool({
    connectionString: url,
    max: options.maxConnections ?? 10,
    // Generous: a loaded machine answers slowly, and a request waits at most this long for a connection.
    connectionTimeoutMillis: 10_000,
    ...(schemaName ? { options: `-c search_path=${schemaName}` } : {}),
  });
  // An idle connection the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  if (options.observeQuery) {
    const observe = options.observeQuery;
    pool.on('connect', (client) => timeQueries(client, observe));
  }
  try {
    const client = await pool.connect();
    try {
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK.toString()]);
      try {
        if (schemaName) await client.query(`CREATE SCHEMA IF NOT EXISTS ${schemaName}`);
        await migrate(drizzle(client, { schema }), {
          migrationsFolder: MIGRATIONS,
          migrationsSchema: schemaName ?? 'drizzle',
        });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK.toString()]);
      }
    } finally {
      client.release();
    }
  } catch (err) {
    await pool.end().catch(() => {});
    throw asDatabaseError(err, 'PostgreSQL could not be opened');
  }
  const db = drizzle(pool, { schema });
  return { db, pool, schema: schemaName, close: () => pool.end() };
}

export interface PostgresStatus {
  reachable: boolean;
  /** Every committed migration is applied (false when unreachable: unknown). */
  migrationsCurrent: boolean;
}

/**
 * For /readyz: does the server answer within `timeoutMs`, and has this database every migration
 * this build ships (a process of an older build beside a newer schema, or the reverse, shows here).
 */
export async function postgresStatus(h: PostgresHandle, timeoutMs = 2000): Promise<PostgresStatus> {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  };
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
  });
  try {
    const { rows } = await Promise.race([
      h.pool.query<{ n: string }>(`SELECT count(*) AS n FROM ${h.schema ?? 'drizzle'}.__drizzle_migrations`),
      timeout,
    ]);
    return { reachable: true, migrationsCurrent: Number(rows[0]!.n) === journal.entries.length };
  } catch {
    return { reachable: false, migrationsCurrent: false };
  } finally {
    clearTimeout(timer);
  }
}

/** Wraps a client's query() (callback and promise forms) to report each query's duration. */
function timeQueries(client: pg.PoolClient, observe: (seconds: number) => void): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const start = performance.now();
    const done = () => observe((performance.now() - start) / 1000);
    const last = args[args.length - 1];
    if (typeof last === 'function') {
      return query(...args.slice(0, -1), (err: unknown, res: unknown) => {
        done();
        (last as (e: unknown, r: unknown) => void)(err, res);
      });
    }
    const r = query(...args);
    if (r && typeof (r as Promise<unknown>).then === 'function')
      return (r as Promise<unknown>).then(
        (v) => (done(), v),
        (e: unknown) => {
          done();
          throw e;
        },
      );
    return r;
  };
}

/** node-postgres and socket codes meaning "the server is not there (any more)". */
const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/** True when `err` (or one of its causes) says the database is unreachable rather than the query wrong. */
export function isConnectionError(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      if (CONNECTION_CODES.has(code)) return true;
      // SQLSTATE 08xxx connection exception, 57P0x shutdown / cannot connect now, 53300 too many
      // connections, 28xxx login refused, 3D000 no such database.
      if (/^(08|57P0|28)/.test(code) || code === '53300' || code === '3D000') return true;
    }
    const message = (e as { message?: unknown }).message;
    if (
      typeof message === 'string' &&
      /Connection terminated|connection error|timeout exceeded when trying to connect|Client was closed|Cannot use a pool after calling end/i.test(
        message,
      )
    )
      return true;
  }
  return false;
}

/**
 * The coded error for a failed database call: DATABASE_UNAVAILABLE when the server is not
 * reachable (the message names only the failure class, never the URL or a parameter); a
 * VouchError passes through; anything else is returned unchanged for the caller's INTERNAL path.
 */
export function asDatabaseError(err: unknown, what = 'the database did not answer'): unknown {
  if (isVouchError(err)) return err;
  if (!isConnectionError(err)) return err;
  let code: string | undefined;
  for (let e = err, depth = 0; e && depth < 5 && code === undefined; e = (e as { cause?: unknown }).cause, depth++) {
    const c = (e as { code?: unknown }).code;
    if (typeof c === 'string' && /^[A-Z0-9]{2,20}$/.test(c)) code = c;
  }
  return new VouchError('DATABASE_UNAVAILABLE', `${what}${code ? ` (${code})` : ''}`, {
    details: code ? { reason: code } : {},
  });
}

/** Runs `fn`; a lost connection becomes DATABASE_UNAVAILABLE (see asDatabaseError). */
export async function guarded<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw asDatabaseError(err);
  }
}
