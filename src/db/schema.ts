/**
 * The drizzle schema: one file per area under schema/, merged here for drizzle-kit and the client.
 */
export * from './schema/meta.js';
export * from './schema/credentials.js';
export * from './schema/hook.js';
export * from './schema/ledger.js';
export * from './schema/log.js';
export * from './schema/auth.js';
export * from './schema/report-store.js';
export * from './schema/policies.js';
export * from './schema/pickups.js';
