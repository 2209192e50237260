/**
 * The one place an error becomes an HTTP response: RFC 9457 problem+json whose status comes from
 * the error code's kind. Handlers never build error bodies; they throw VouchError.
 * Unknown errors become 500 INTERNAL with a fixed message: no stack, no message, no internals.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CODES, HTTP_STATUS, isVouchError, VouchError, type VouchErrorCode } from '../errors/index.js';

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

const FROM_STATUS: Record<number, VouchErrorCode> = {
  400: 'INPUT_INVALID',
  401: 'AUTH_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'INPUT_TOO_LARGE',
  415: 'INPUT_INVALID',
  422: 'INPUT_INVALID',
  429: 'RATE_LIMITED',
  503: 'UNAVAILABLE',
};

/** Any thrown value as a VouchError (unknown errors: INTERNAL, the original kept only as `cause`). */
export function toVouchError(err: unknown): VouchError {
  if (isVouchError(err)) return err;
  if (err instanceof HTTPException) {
    const code = FROM_STATUS[err.status] ?? (err.status >= 500 ? 'INTERNAL' : 'INPUT_INVALID');
    return new VouchError(code, code === 'INTERNAL' ? 'internal error' : CODES[code].title, { cause: err });
  }
  return new VouchError('INTERNAL', 'internal error', { cause: err });
}

export function problemBody(err: VouchError, requestId: string): ProblemBody {
  const status = HTTP_STATUS[err.kind];
  const internal = err.kind === 'internal';
  return {
    type: `${PROBLEM_TYPE_BASE}${err.code.toLowerCase()}`,
    title: err.title,
    status,
    code: err.code,
    detail: err.message,
    instance: requestId,
    ...(err.details && !internal ? { details: err.details } : {}),
  };
}

export function problemResponse(c: Context, err: VouchError): Response {
  const body = problemBody(err, c.get('requestId') ?? 'unknown');
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
  if (body.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="vouch"';
  const retryAfterMs = err.details?.retryAfterMs;
  if (body.status === 429 && typeof retryAfterMs === 'number') headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return c.body(JSON.stringify(body), body.status as 400, headers);
}
