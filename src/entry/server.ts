/**
 * `vouch/server`: the HTTP service — build its dependencies from a data dir and configuration,
 * create the hono app (every /v1 route, auth, problem+json errors, OpenAPI), or start a server
 * with graceful shutdown. The only entry point that loads hono's node server and pino.
 */
export { createApp } from '../api/create-app.js';
export type { VouchApp } from '../api/create-app.js';
export type { AppDeps, ResolvedDeps } from '../api/deps.js';
export { buildServiceDeps } from '../api/server/build-deps.js';
export type { BuildServiceOptions, ServiceDeps } from '../api/server/build-deps.js';
export { startServer } from '../api/server/start-server.js';
export type { StartServerOptions, RunningServer } from '../api/server/start-server.js';
export { loadConfig } from '../config/index.js';
export type { Config, ConfigInput, LoadConfigOptions } from '../config/index.js';
export { loadSpec } from '../api/openapi/spec.js';
