/**
 * Route declarations. A route states, in one object, its method and path (OpenAPI syntax), the
 * operationId it has in openapi.yaml, the roles it admits ('public' for none), its request shapes
 * (zod) and its response. The app mounts routes from these objects, openapi.yaml is generated from
 * them (src/api/openapi/generate.ts; prose beside them in routes/<file>.prose.yaml), and the
 * contract and role-matrix tests read the same objects, so a new route is authorised, validated,
 * documented and matrix-tested by being declared.
 *
 *   export const exampleRoutes = defineRoutes({
 *     area: 'example',
 *     services: (deps) => ({ store: createStore(deps.db) }),      // optional, built once per app
 *     routes: (route) => [
 *       route({ method: 'get', path: '/v1/things/{id}', operationId: 'getThing', summary: 'One thing',
 *               roles: ['institution', 'auditor'], params: z.object({ id: z.string() }),
 *               response: { schema: Thing }, handler: ({ params, services, auth }) => services.store.get(auth.tenant, params.id) }),
 *     ],
 *   });
 */
import type { Context } from 'hono';
import type { z } from 'zod';
import type { Principal, Role } from '../auth/index.js';
import type { ResolvedDeps } from './deps.js';
import type { AppEnv } from './env.js';

/** A bound on the number of items in one top-level body field (see RouteSpec.itemLimits). */
export interface ItemLimit {
  field: string;
  /** What is counted, e.g. "records", "rows", "fills" (in the error message). */
  items: string;
  limit: (config: ResolvedDeps['config']) => number;
}

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type RouteRoles = readonly Role[] | 'public';

/** A JSON response: the handler's value is checked against `schema` (unknown fields stripped). */
export interface JsonResponse<T extends z.ZodType = z.ZodType> {
  status?: 200 | 201 | 202;
  schema: T;
}
/** Any other content: the handler returns a Response with this content type. */
export interface RawResponse {
  status?: number;
  contentType: string;
  /**
   * For openapi.yaml only, when the handler answers more than `contentType` text: every body it
   * may send, by status and media type, as a zod schema (a JSON body) or `'text'`.
   * `{ 200: { 'application/json': Report, 'text/csv': 'text' } }`.
   */
  bodies?: Readonly<Record<number, Readonly<Record<string, z.ZodType | 'text'>>>>;
}
export type ResponseSpec = JsonResponse | RawResponse;

type Infer<S> = S extends z.ZodType ? z.output<S> : undefined;
type Result<R> = (R extends JsonResponse<infer T> ? z.input<T> : Response) | Accepted;

/** What a handler returns when the work went to a job: answered `202 Accepted` with the job and its Location. */
export class Accepted {
  constructor(
    readonly location: string,
    readonly body: object,
  ) {}
}

export interface HandlerContext<S, Roles extends RouteRoles, P, Q, B> {
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
  /** The caller (protected routes only). */
  auth: Roles extends 'public' ? undefined : Principal;
  services: S;
  deps: ResolvedDeps;
  requestId: string;
  c: Context<AppEnv>;
}

export interface RouteSpec<S, Roles extends RouteRoles, P, Q, B, R extends ResponseSpec> {
  method: HttpMethod;
  /** OpenAPI path syntax: `/v1/keys/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  roles: Roles;
  params?: P;
  query?: Q;
  body?: B;
  /** Per-route request body limit in bytes (default: config limits.bodyBytes). */
  bodyLimit?: number;
  /**
   * Text media types the route accepts besides JSON, each mapped to the body field the text fills:
   * `{ 'text/csv': 'csv' }` reads a `text/csv` body as `{ "csv": "<text>" }`, then validates it
   * like any JSON body. openapi.yaml documents each type (the contract test checks it).
   */
  textBodies?: Readonly<Record<string, string>>;
  /**
   * Item counts to bound before the body is validated: each names a top-level body field and its
   * limit (arrays count elements; strings count lines, for CSV text). Over the limit: 413
   * INPUT_TOO_LARGE naming the field, before any per-item work.
   */
  itemLimits?: readonly ItemLimit[];
  /**
   * What checks the body beyond its zod schema, when the schema is deliberately loose (a document
   * validated by a library parser or a JSON Schema file): openapi.yaml says so with the body.
   */
  bodyCheckedBy?: string;
  /** The handler may answer `202 Accepted` with a job (runAsJob); openapi.yaml documents it. */
  runsAsJob?: boolean;
  response: R;
  handler: (ctx: HandlerContext<S, Roles, P, Q, B>) => Result<R> | Promise<Result<R>>;
}

/** A declared route with its types erased: what the app mounts and the tests enumerate. */
export interface RouteDef {
  area: string;
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  roles: RouteRoles;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  bodyLimit?: number;
  textBodies?: Readonly<Record<string, string>>;
  itemLimits?: readonly ItemLimit[];
  bodyCheckedBy?: string;
  runsAsJob?: boolean;
  response: ResponseSpec;
  handler: (ctx: ErasedHandlerContext) => unknown;
}

/** What mountRoutes passes to a handler, before the route's own types narrow it. */
export interface ErasedHandlerContext {
  params: unknown;
  query: unknown;
  body: unknown;
  auth: Principal | undefined;
  services: unknown;
  deps: ResolvedDeps;
  requestId: string;
  c: Context<AppEnv>;
}

export type RouteBuilder<S> = <
  const Roles extends RouteRoles,
  P extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
  R extends ResponseSpec = ResponseSpec,
>(
  spec: RouteSpec<S, Roles, P, Q, B, R>,
) => RouteDef;

export interface RouteGroup {
  area: string;
  /**
   * True when every store this area uses has a PostgreSQL implementation selected by
   * `deps.pg` (issue 14). `vouch serve` on VOUCH_DATABASE_URL refuses to start while an area
   * it would mount is not (DATABASE_DIALECT_UNSUPPORTED names them).
   */
  postgres: boolean;
  /** Builds the area's services once per app (overridable with AppDeps.services[area]). */
  services: (deps: ResolvedDeps) => unknown;
  routes: RouteDef[];
}

export interface RouteGroupSpec<S> {
  /** Area name: the OpenAPI tag of its operations, and the key for service overrides. */
  area: string;
  services?: (deps: ResolvedDeps) => S;
  /** See RouteGroup.postgres (default false). */
  postgres?: boolean;
  routes: (route: RouteBuilder<S>) => RouteDef[];
}

export function defineRoutes<S = undefined>(spec: RouteGroupSpec<S>): RouteGroup {
  if (!/^[a-z][a-z0-9-]*$/.test(spec.area)) throw new TypeError(`invalid area name: ${spec.area}`);
  const builder: RouteBuilder<S> = (r) => {
    if (!r.path.startsWith('/')) throw new TypeError(`route path must start with "/": ${r.path}`);
    if (r.roles !== 'public' && r.roles.length === 0)
      throw new TypeError(`${r.operationId}: roles must be 'public' or non-empty`);
    return { ...(r as unknown as Omit<RouteDef, 'area'>), area: spec.area };
  };
  return {
    area: spec.area,
    postgres: spec.postgres ?? false,
    services: (spec.services ?? (() => undefined)) as (deps: ResolvedDeps) => unknown,
    routes: spec.routes(builder),
  };
}

/** `/v1/keys/{id}` → `/v1/keys/:id` (hono syntax). */
export function toHonoPath(path: string): string {
  return path.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, ':$1');
}
