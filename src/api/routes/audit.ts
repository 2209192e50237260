/**
 * `POST /v1/audit/verify`: the offline audit of `vouch audit verify`, as a route. The caller brings
 * the keys it pinned (the institution's JWKS, the log's verifier key): nothing is looked up in this
 * service's database or keys, so the answer is the one the auditor would get offline.
 * A bundle that fails a check is a RESULT, not a request error: 200 with `ok: false` and each
 * failed check's code. 4xx means the request itself is unusable (malformed JWKS or log key,
 * malformed consistency proof, body too large).
 */
import { z } from 'zod';
import { isVouchError, VouchError } from '../../errors/index.js';
import { consistencyProofFromJson, type ConsistencyProof } from '../../log/index.js';
import { verifyBundle } from '../../reporting/audit/index.js';
import { defineRoutes } from '../route.js';
import { aggregatorFor } from '../services/bundle-aggregates.js';
import { ConsistencyProofJson, REPORTING_BODY_LIMIT } from './reporting-schemas.js';

const CHECK_NAMES = [
  'structure',
  'signature',
  'records',
  'aggregates',
  'checkpoint',
  'log-inclusion',
  'previous-checkpoint',
  'consistency',
] as const;
const CheckName = z.enum(CHECK_NAMES).meta({ id: 'AuditCheckName' });

const VerifyRequest = z
  .strictObject({
    bundle: z.unknown(),
    jwks: z.object({ keys: z.array(z.record(z.string(), z.unknown())) }),
    logKey: z.string().min(1).max(1024),
    origin: z.string().min(1).max(1024).optional(),
    previousCheckpoint: z.string().min(1).max(65_536).optional(),
    consistencyProof: ConsistencyProofJson.optional(),
  })
  .meta({ id: 'AuditVerifyRequest' });

const Verification = z
  .object({
    ok: z.boolean(),
    checks: z.array(
      z.object({
        name: CheckName,
        ok: z.boolean(),
        code: z.string().optional(),
        detail: z.string().optional(),
      }),
    ),
    skipped: z.array(z.object({ name: CheckName, reason: z.string() })),
    records: z.object({ count: z.int().min(0), present: z.int().min(0), complete: z.boolean() }),
  })
  .meta({ id: 'AuditVerification' });

export const auditRoutes = defineRoutes({
  area: 'audit',
  // reads no store: verification uses only the caller's pinned keys
  postgres: true,
  services: (deps) => ({
    verifications: deps.metrics.counter('vouch_audit_verifications_total', 'Bundle audits through the API, by result', [
      'result',
    ]),
  }),
  routes: (route) => [
    route({
      method: 'post',
      path: '/v1/audit/verify',
      operationId: 'verifyReportBundle',
      summary:
        'Verify a report bundle or disclosure against pinned keys: signature, records, aggregates, checkpoint, log inclusion, consistency',
      roles: ['auditor', 'institution'],
      body: VerifyRequest,
      bodyLimit: REPORTING_BODY_LIMIT,
      bodyCheckedBy:
        '`bundle` may be any JSON: a malformed one is a failed `structure` check in a 200 answer, not a 400.',
      response: { schema: Verification },
      handler: async ({ body, services }) => {
        const kind = (body.bundle as { kind?: unknown } | null)?.kind;
        const recompute = typeof kind === 'string' ? aggregatorFor(kind) : undefined;
        const result = await verifyBundle(body.bundle, {
          jwks: body.jwks as never,
          logKey: body.logKey,
          ...(body.origin !== undefined ? { origin: body.origin } : {}),
          ...(body.previousCheckpoint !== undefined ? { previousCheckpoint: body.previousCheckpoint } : {}),
          ...(body.consistencyProof !== undefined
            ? { consistencyProof: decodeConsistencyProof(body.consistencyProof) }
            : {}),
          ...(recompute ? { recomputeAggregates: recompute } : {}),
        });
        services.verifications.inc({ result: result.ok ? 'ok' : 'failed' });
        // verifyDetached (src/reporting/bundle) can pass a key-import error's numeric code through as
        // `detail`; the contract says text, so send every detail as text rather than fail with 500.
        return {
          ...result,
          checks: result.checks.map((c) => (c.detail === undefined ? c : { ...c, detail: String(c.detail) })),
        };
      },
    }),
  ],
});

/** The proof (its sizes and hashes), strictly decoded; a bad one is INPUT_INVALID pointing into the body. */
function decodeConsistencyProof(json: z.output<typeof ConsistencyProofJson>): ConsistencyProof {
  try {
    return consistencyProofFromJson(json);
  } catch (err) {
    if (!isVouchError(err)) throw err;
    const field = String(err.details?.field ?? '');
    const path = `/body/consistencyProof/${field.replace(/\[(\d+)\]/g, '/$1')}`;
    throw new VouchError('INPUT_INVALID', `consistencyProof ${err.message}`, {
      cause: err,
      details: { issues: [{ path, code: 'invalid_format', message: err.message }] },
    });
  }
}
