/**
 * The PostgreSQL drizzle schema (issue 14): the stores that must be shared by several processes
 * first — the hook's nullifiers, decisions and sessions, and the transparency log — and the issuer
 * side (issuers, keys, credentials, status roots, issuer sets, pickup codes). Table and
 * column names match the SQLite schema (schema.ts) so the two dialects read the same.
 * Migrations: drizzle.pg.config.ts → src/db/migrations-pg.
 */
export * from './schema-pg/meta.js';
export * from './schema-pg/hook.js';
export * from './schema-pg/log.js';
export * from './schema-pg/credentials.js';
export * from './schema-pg/reporting.js';
export * from './schema-pg/auth.js';
export * from './schema-pg/policies.js';
export * from './schema-pg/pickups.js';
