/**
 * Heavy requests (large ledger imports, tax reports, bundles) run as jobs: the request answers
 * `202 Accepted` with a job resource at once, the work runs here with bounded concurrency and
 * reports progress, and the caller polls `GET /v1/jobs/{id}` and fetches `…/result`, which is
 * exactly the response the synchronous request would have given (status, type, body).
 *
 * Jobs live in this process's memory (not the database): a job is a way to wait, not a record —
 * what it produces (imports, bundles) is stored by the work itself, and a report result is kept
 * for `retentionMs`. A restart forgets queued and finished jobs; callers resubmit. Each tenant may
 * have `perTenant` jobs queued or running (429 past it), so one tenant cannot queue the others out.
 * The work must itself give the event loop back (reporting/ledger/cooperative.ts): a job is not a
 * thread.
 */
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { HTTP_STATUS, isVouchError, VouchError, type VouchErrorCode } from '../../errors/index.js';

export const JOB_KINDS = ['ledger-import', 'tax-report', 'report-bundle'] as const;
export type JobKind = (typeof JOB_KINDS)[number];
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed';

/** The response the synchronous request would have given. */
export interface JobResult {
  status: number;
  contentType: string;
  body: string;
}

export interface JobError {
  code: VouchErrorCode;
  status: number;
  detail: string;
  details?: Record<string, unknown>;
}

export interface Job {
  id: string;
  tenant: string;
  kind: JobKind;
  state: JobState;
  progress: { done: number; total: number | null };
  createdAt: number;
  startedAt: number | null;
  finishedAt: number | null;
  result: JobResult | null;
  error: JobError | null;
}

export interface JobProgress {
  /** Work done so far (and the total, when known). */
  set(done: number, total?: number): void;
}

export interface JobQueueOptions {
  concurrency: number;
  perTenant: number;
  retentionMs: number;
  /** Unix milliseconds. */
  now: () => number;
  logger: Logger;
}

export interface SubmitOptions {
  tenant: string;
  kind: JobKind;
  total?: number;
  run: (progress: JobProgress) => Promise<JobResult>;
}

/** Most finished jobs kept at once (oldest forgotten first), whatever their age. */
const MAX_FINISHED = 1000;

export class JobQueue {
  private readonly jobs = new Map<string, Job>();
  private readonly waiting: { job: Job; run: SubmitOptions['run'] }[] = [];
  private running = 0;

  constructor(private readonly options: JobQueueOptions) {
    if (!(Number.isInteger(options.concurrency) && options.concurrency >= 1))
      throw new RangeError('concurrency must be an integer >= 1');
    if (!(Number.isInteger(options.perTenant) && options.perTenant >= 1))
      throw new RangeError('perTenant must be an integer >= 1');
  }

  /** Queues work for `tenant`; RATE_LIMITED when the tenant already has `perTenant` jobs unfinished. */
  submit(o: SubmitOptions): Job {
    this.forgetOld();
    const open = [...this.jobs.values()].filter(
      (j) => j.tenant === o.tenant && (j.state === 'queued' || j.state === 'running'),
    ).length;
    if (open >= this.options.perTenant) {
      throw new VouchError(
        'RATE_LIMITED',
        `the tenant already has ${open} jobs queued or running; wait for one to finish`,
        { details: { retryAfterMs: 5000 } },
      );
    }
    const job: Job = {
      id: randomBytes(16).toString('hex'),
      tenant: o.tenant,
      kind: o.kind,
      state: 'queued',
      progress: { done: 0, total: o.total ?? null },
      createdAt: this.options.now(),
      startedAt: null,
      finishedAt: null,
      result: null,
      error: null,
    };
    this.jobs.set(job.id, job);
    this.waiting.push({ job, run: o.run });
    this.pump();
    return job;
  }

  /** The job, if it belongs to `tenant` (another tenant's job is indistinguishable from none). */
  get(id: string, tenant: string): Job | undefined {
    const job = this.jobs.get(id);
    return job && job.tenant === tenant ? job : undefined;
  }

  /** Resolves when no job is queued or running (tests, graceful shutdown). */
  async idle(): Promise<void> {
    while (this.running > 0 || this.waiting.length > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private pump(): void {
    while (this.running < this.options.concurrency && this.waiting.length > 0) {
      const next = this.waiting.shift()!;
      this.running += 1;
      void this.execute(next.job, next.run).finally(() => {
        this.running -= 1;
        this.pump();
      });
    }
  }

  private async execute(job: Job, run: SubmitOptions['run']): Promise<void> {
    job.state = 'running';
    job.startedAt = this.options.now();
    const progress: JobProgress = {
      set(done, total) {
        job.progress = { done, total: total ?? job.progress.total };
      },
    };
    try {
      // start on a later turn: the 202 is sent before any work begins
      await new Promise((r) => setImmediate(r));
      job.result = await run(progress);
      job.state = 'succeeded';
    } catch (err) {
      job.state = 'failed';
      if (isVouchError(err) && err.kind !== 'internal') {
        job.error = {
          code: err.code,
          status: HTTP_STATUS[err.kind],
          detail: err.message,
          ...(err.details ? { details: err.details } : {}),
        };
      } else {
        this.options.logger.error({ err, jobId: job.id, kind: job.kind }, 'job failed with an internal error');
        job.error = { code: 'INTERNAL', status: 500, detail: 'internal error' };
      }
    } finally {
      job.finishedAt = this.options.now();
    }
  }

  private forgetOld(): void {
    const now = this.options.now();
    const finished = [...this.jobs.values()].filter((j) => j.finishedAt !== null);
    for (const j of finished) if (now - j.finishedAt! > this.options.retentionMs) this.jobs.delete(j.id);
    const left = finished.filter((j) => this.jobs.has(j.id));
    for (let i = 0; i < left.length - MAX_FINISHED; i++) this.jobs.delete(left[i]!.id);
  }
}
