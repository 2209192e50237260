/**
 * Jobs: what a heavy request (large import, tax report, bundle) answered `202 Accepted` with.
 * The tenant that submitted a job polls it and fetches its result, which is exactly the response
 * the request would have given synchronously (its status, content type and body; a failure is the
 * same problem+json). Another tenant's job answers 404, like an unknown id.
 */
import { z } from 'zod';
import { VouchError } from '../../errors/index.js';
import { JOB_KINDS, type Job as QueuedJob } from '../jobs/job-queue.js';
import { defineRoutes } from '../route.js';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export const JobView = z
  .object({
    id: z.string(),
    kind: z.enum(JOB_KINDS),
    state: z.enum(['queued', 'running', 'succeeded', 'failed']),
    progress: z.object({ done: z.int().min(0), total: z.int().min(0).nullable() }),
    createdAt: z.iso.datetime(),
    startedAt: z.iso.datetime().nullable(),
    finishedAt: z.iso.datetime().nullable(),
    result: z.object({ status: z.int(), contentType: z.string(), href: z.string() }).nullable(),
    error: z.object({ code: z.string(), status: z.int(), detail: z.string() }).nullable(),
  })
  .meta({ id: 'Job' });

export const jobHref = (id: string) => `/v1/jobs/${id}`;

export function jobView(j: QueuedJob): z.input<typeof JobView> {
  return {
    id: j.id,
    kind: j.kind,
    state: j.state,
    progress: j.progress,
    createdAt: iso(j.createdAt)!,
    startedAt: iso(j.startedAt),
    finishedAt: iso(j.finishedAt),
    result: j.result
      ? { status: j.result.status, contentType: j.result.contentType, href: `${jobHref(j.id)}/result` }
      : null,
    error: j.error ? { code: j.error.code, status: j.error.status, detail: j.error.detail } : null,
  };
}

const JobParams = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex characters') });
const notFound = () => new VouchError('NOT_FOUND', 'no such job');

export const jobRoutes = defineRoutes({
  area: 'jobs',
  // jobs live in the memory of the process that accepted them (nothing in either database): on
  // several processes, route /v1/jobs/{id} back to that process (docs/OPERATIONS.md)
  postgres: true,
  routes: (route) => [
    route({
      method: 'get',
      path: '/v1/jobs/{id}',
      operationId: 'getJob',
      summary: 'A job of the caller’s tenant: state, progress, and where its result is once done',
      roles: ['institution'],
      params: JobParams,
      response: { schema: JobView },
      handler: ({ auth, params, deps }) => {
        const job = deps.jobs.get(params.id, auth.tenant);
        if (!job) throw notFound();
        return jobView(job);
      },
    }),
    route({
      method: 'get',
      path: '/v1/jobs/{id}/result',
      operationId: 'getJobResult',
      summary: 'The response the job’s request would have given: its status, content type and body (or its problem)',
      roles: ['institution'],
      params: JobParams,
      response: {
        contentType: 'application/json',
        // exactly what the job's request would have answered: see that route
        bodies: {
          200: { 'application/json': z.unknown(), 'application/xml': 'text', 'text/csv': 'text' },
          201: { 'application/json': z.unknown() },
        },
      },
      handler: ({ auth, params, deps, c }) => {
        const job = deps.jobs.get(params.id, auth.tenant);
        if (!job) throw notFound();
        if (job.error)
          throw new VouchError(
            job.error.code,
            job.error.detail,
            job.error.details ? { details: job.error.details } : {},
          );
        if (!job.result)
          throw new VouchError('CONFLICT', `the job is ${job.state}; poll ${jobHref(job.id)} until it has finished`, {
            details: { state: job.state },
          });
        return c.body(job.result.body, job.result.status as 200, { 'Content-Type': job.result.contentType });
      },
    }),
  ],
});
