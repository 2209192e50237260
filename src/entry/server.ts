/**
 * `vouch/server`: the HTTP service — build its dependencies from a data dir and configuration,
 * create the hono app (every /v1 route, auth, problem+json errors, OpenAPI), or start a server
 * with graceful shutdown. The only entry point that loads hono's node server and pino.
 */
export { createApp } from '../api/index.js';
export type { VouchApp } from '../api/index.js';
export type { AppDeps, ResolvedDeps } from '../api/index.js';
export { buildServiceDeps } from '../api/index.js';
export type { BuildServiceOptions, ServiceDeps } from '../api/index.js';
export { startServer } from '../api/index.js';
export type { StartServerOptions, RunningServer } from '../api/index.js';
export { loadConfig } from '../config/index.js';
export type { Config, ConfigInput, LoadConfigOptions } from '../config/index.js';
export { loadSpec } from '../api/index.js';
