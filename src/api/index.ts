export { createApp } from './create-app.js';
export type { VouchApp } from './create-app.js';
export { systemClock } from './deps.js';
export type { AppDeps, ResolvedDeps, Clock, ArtifactsStatus, JsonWebKeySet } from './deps.js';
export type { AppEnv } from './env.js';
export { defineRoutes, toHonoPath } from './route.js';
export type {
  RouteDef,
  RouteGroup,
  RouteGroupSpec,
  RouteBuilder,
  RouteSpec,
  HandlerContext,
  HttpMethod,
  RouteRoles,
  JsonResponse,
  RawResponse,
} from './route.js';
export { ROUTE_GROUPS, allRoutes } from './route-groups.js';
export { problemBody, problemResponse, toVouchError, PROBLEM_TYPE_BASE } from './problem.js';
export type { ProblemBody } from './problem.js';
export { createLogger, REDACT_PATHS } from './logger.js';
export type { CreateLoggerOptions } from './logger.js';
export { createMetricsRegistry, DEFAULT_BUCKETS } from './metrics/registry.js';
export type { MetricsRegistry, Counter, Histogram, Labels } from './metrics/registry.js';
export { loadSpec, DEFAULT_SPEC_PATH } from './openapi/spec.js';
export type { OpenApiDoc, LoadedSpec } from './openapi/spec.js';
export { renderDocs } from './docs/render-docs.js';
export { startServer } from './server/start-server.js';
export type { StartServerOptions, RunningServer } from './server/start-server.js';
export { buildServiceDeps } from './server/build-deps.js';
export type { BuildServiceOptions, ServiceDeps } from './server/build-deps.js';
export { DEV_ARTIFACTS_WARNING, readiness } from './routes/system.js';
