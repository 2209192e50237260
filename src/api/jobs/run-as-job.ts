/**
 * The one place a route decides between answering now and answering `202 Accepted` with a job:
 * work larger than the route's threshold, or any work the caller asked to be asynchronous
 * (`Prefer: respond-async`, RFC 7240), goes to the job queue; the rest runs in the request.
 * Either way the same function produces the response, so the two cannot drift apart.
 */
import type { Context } from 'hono';
import type { ResolvedDeps } from '../deps.js';
import type { AppEnv } from '../env.js';
import { Accepted } from '../route.js';
import { jobHref, jobView } from '../routes/jobs.js';
import type { JobKind, JobProgress, JobResult } from './job-queue.js';

export interface RunAsJobOptions<T> {
  c: Context<AppEnv>;
  deps: ResolvedDeps;
  tenant: string;
  kind: JobKind;
  /** Items of work (rows, fills, records), compared with `threshold`. */
  size: number;
  threshold: number;
  /** The work: what the handler would return synchronously. */
  work: (progress: JobProgress) => Promise<T>;
  /** That value as the response a job keeps (status, content type, body). */
  toResult: (value: T) => JobResult;
}

export function prefersAsync(c: Context<AppEnv>): boolean {
  return /(^|[,;\s])respond-async([,;\s]|$)/i.test(c.req.header('Prefer') ?? '');
}

/** The work's value now (small work), or Accepted with the queued job. */
export async function runAsJob<T>(o: RunAsJobOptions<T>): Promise<T | Accepted> {
  if (o.size <= o.threshold && !prefersAsync(o.c)) return o.work({ set() {} });
  const job = o.deps.jobs.submit({
    tenant: o.tenant,
    kind: o.kind,
    total: o.size,
    run: async (p) => o.toResult(await o.work(p)),
  });
  return new Accepted(jobHref(job.id), jobView(job));
}

/** A JSON value checked against the route's response schema, as the job's response. */
export const jsonResult =
  (status: number, schema: { parse(v: unknown): unknown }) =>
  (value: unknown): JobResult => ({
    status,
    contentType: 'application/json',
    body: JSON.stringify(schema.parse(value)),
  });
