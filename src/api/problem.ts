/**
 * The one place an error becomes an HTTP response: RFC 9457 problem+json whose status comes from
 * the error code's kind. Handlers never build error bodies; they throw VouchError.
 * Unknown errors become 500 INTERNAL with a fixed message: no stack, no message, no internals.
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { CODES, isVouchError, problemBody, VouchError, type VouchErrorCode } from '../errors/index.js';

// The body itself is built in one place, errors/problem.ts, shared with the hook's complianceGate.
export { problemBody, PROBLEM_TYPE_BASE, type ProblemBody } from '../errors/index.js';

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

export function problemResponse(c: Context, err: VouchError): Response {
  const body = problemBody(err, c.get('requestId') ?? 'unknown');
  const headers: Record<string, string> = { 'Content-Type': 'application/problem+json' };
  if (body.status === 401) headers['WWW-Authenticate'] = 'Bearer realm="vouch"';
  const retryAfterMs = err.details?.retryAfterMs;
  if (body.status === 429 && typeof retryAfterMs === 'number')
    headers['Retry-After'] = String(Math.max(1, Math.ceil(retryAfterMs / 1000)));
  return c.body(JSON.stringify(body), body.status as 400, headers);
}
