/**
 * A VouchError as an RFC 9457 problem+json body: the status comes from the code's kind (one table,
 * kinds.ts), the detail is the error's message (never a secret), internals never leak. The one
 * place an error body is built — by the service's onError (api/problem.ts) and by the hook's
 * `complianceGate()` alike. Framework-free, so the hook can use it without loading a server.
 */
import { HTTP_STATUS } from './kinds.js';
import type { VouchErrorCode } from './codes.js';
import type { VouchError } from './vouch-error.js';

/** Problem `type` URIs are identifiers (RFC 9457 §3.1.1), never fetched. */
export const PROBLEM_TYPE_BASE = 'https://vouch.dev/problems/';

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  code: VouchErrorCode;
  detail: string;
  instance: string;
  details?: Record<string, unknown>;
}

export function problemBody(err: VouchError, instance: string): ProblemBody {
  const status = HTTP_STATUS[err.kind];
  const internal = err.kind === 'internal';
  return {
    type: `${PROBLEM_TYPE_BASE}${err.code.toLowerCase()}`,
    title: err.title,
    status,
    code: err.code,
    detail: err.message,
    instance,
    ...(err.details && !internal ? { details: err.details } : {}),
  };
}
