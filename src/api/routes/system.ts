/**
 * Operational endpoints, all public: liveness, readiness (database + circuit artifacts, the run
 * mode, and a loud warning on dev-ceremony artifacts — refused outright in production mode),
 * Prometheus metrics, the JWKS, the API reference and its source.
 */
import { z } from 'zod';
import { RUN_MODES } from '../../config/index.js';
import { postgresStatus } from '../../db/pg-client.js';
import { renderDocs, type RenderedDocs } from '../docs/render-docs.js';
import type { ResolvedDeps } from '../deps.js';
import { loadSpec } from '../openapi/spec.js';
import { PublicJwk } from './issuer-shapes.js';
import { defineRoutes } from '../route.js';

export const DEV_ARTIFACTS_WARNING =
  'DEV-ARTIFACTS: the circuit artifacts come from the reproducible dev ceremony, whose randomness is public: anyone can forge proofs under this key. Not for production.';

const Health = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

const Check = z.object({ ok: z.boolean(), detail: z.string().optional() }).meta({ id: 'Check' });
export const Readiness = z
  .object({
    status: z.enum(['ready', 'not_ready']),
    /** A load balancer can refuse `development` (dev artifacts accepted: proofs are forgeable). */
    mode: z.enum(RUN_MODES),
    checks: z.object({
      database: Check.extend({
        dialect: z.enum(['sqlite', 'postgres']),
        reachable: z.boolean(),
        /** Every migration this build ships is applied. */
        migrationsCurrent: z.boolean(),
      }),
      artifacts: Check.extend({ dev: z.boolean() }),
    }),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof Readiness>;

const Jwks = z.object({ keys: z.array(PublicJwk) }).meta({ id: 'Jwks' });

export async function readiness(deps: ResolvedDeps): Promise<Readiness> {
  const mode = deps.config.server.mode;
  let database: Readiness['checks']['database'];
  if (deps.pg) {
    const s = await postgresStatus(deps.pg);
    const ok = s.reachable && s.migrationsCurrent;
    database = {
      ok,
      dialect: 'postgres',
      ...s,
      ...(ok
        ? {}
        : { detail: s.reachable ? 'database migrations are not current' : 'database unreachable (PostgreSQL)' }),
    };
  } else {
    try {
      deps.db.sqlite.prepare('select 1').get();
      // the embedded file is migrated when opened (db/client.ts)
      database = { ok: true, dialect: 'sqlite', reachable: true, migrationsCurrent: true };
    } catch {
      database = {
        ok: false,
        dialect: 'sqlite',
        reachable: false,
        migrationsCurrent: false,
        detail: 'database unreachable',
      };
    }
  }
  let artifacts: Readiness['checks']['artifacts'];
  try {
    const a = await deps.artifacts();
    if (!a.present)
      artifacts = {
        ok: false,
        dev: a.dev,
        detail: `circuit artifacts missing (${a.reason ?? 'not built'}); run: vouch circuits build`,
      };
    else if (a.dev && mode !== 'development')
      artifacts = {
        ok: false,
        dev: true,
        detail: 'DEV_ARTIFACTS_REFUSED: dev ceremony artifacts (anyone can forge proofs) in production mode',
      };
    else artifacts = { ok: true, dev: a.dev };
  } catch {
    artifacts = { ok: false, dev: false, detail: 'artifact check failed' };
  }
  const ready = database.ok && artifacts.ok;
  return {
    status: ready ? 'ready' : 'not_ready',
    mode,
    checks: { database, artifacts },
    warnings: artifacts.ok && artifacts.dev ? [DEV_ARTIFACTS_WARNING] : [],
  };
}

export const systemRoutes = defineRoutes({
  area: 'system',
  postgres: true, // /readyz checks deps.pg when set; nothing else here keeps state
  routes: (route) => {
    let docs: RenderedDocs | undefined;
    return [
      route({
        method: 'get',
        path: '/healthz',
        operationId: 'getHealth',
        summary: 'Liveness: the process is serving',
        roles: 'public',
        response: { schema: Health },
        handler: () => ({ status: 'ok' as const }),
      }),
      route({
        method: 'get',
        path: '/readyz',
        operationId: 'getReadiness',
        summary: 'Readiness: database reachable, circuit artifacts present and allowed in this mode',
        roles: 'public',
        response: {
          contentType: 'application/json',
          bodies: { 200: { 'application/json': Readiness }, 503: { 'application/json': Readiness } },
        },
        handler: async ({ deps, c }) => {
          const r = Readiness.parse(await readiness(deps));
          return c.json(r, r.status === 'ready' ? 200 : 503);
        },
      }),
      route({
        method: 'get',
        path: '/metrics',
        operationId: 'getMetrics',
        summary: 'Prometheus metrics (text exposition format)',
        roles: 'public',
        response: { contentType: 'text/plain' },
        handler: ({ deps, c }) =>
          c.body(deps.metrics.render(), 200, { 'Content-Type': 'text/plain; version=0.0.4; charset=utf-8' }),
      }),
      route({
        method: 'get',
        path: '/.well-known/jwks.json',
        operationId: 'getJwks',
        summary: 'Public signing keys (JWKS) of the service and issuers',
        roles: 'public',
        response: { schema: Jwks },
        handler: async ({ deps, c }) => {
          c.header('Cache-Control', 'public, max-age=300');
          // Checked (and stripped to public members) against Jwks by the route's response schema.
          return (await deps.jwks()) as z.input<typeof Jwks>;
        },
      }),
      route({
        method: 'get',
        path: '/docs',
        operationId: 'getDocs',
        summary: 'Interactive API reference (self-contained HTML)',
        roles: 'public',
        response: { contentType: 'text/html' },
        handler: ({ deps, c }) => {
          docs ??= renderDocs(loadSpec(deps.specPath).doc);
          return c.html(docs.html, 200, { 'Content-Security-Policy': docs.csp });
        },
      }),
      route({
        method: 'get',
        path: '/openapi.yaml',
        operationId: 'getOpenApi',
        summary: 'The OpenAPI 3.1 contract of this API',
        roles: 'public',
        response: { contentType: 'application/yaml' },
        handler: ({ deps, c }) =>
          c.body(loadSpec(deps.specPath).text, 200, { 'Content-Type': 'application/yaml; charset=utf-8' }),
      }),
    ];
  },
});
