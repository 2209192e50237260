/**
 * Error kinds: the class of failure, which fixes the HTTP status and the CLI exit status.
 * A code belongs to exactly one kind; callers switch on `code`, transports on `kind`.
 */
export type ErrorKind =
  | 'usage'
  | 'input'
  | 'verification'
  | 'auth'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'rate_limited'
  | 'unavailable'
  | 'internal';

export interface CodeInfo {
  readonly kind: ErrorKind;
  readonly title: string;
}

export type CodeTable = Record<string, CodeInfo>;

export const HTTP_STATUS: Record<ErrorKind, number> = {
  usage: 400,
  input: 400,
  verification: 422,
  auth: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
};

/** CLI exit statuses: one per class a script can act on. */
export const EXIT_STATUS: Record<ErrorKind, number> = {
  internal: 1,
  usage: 2,
  input: 3,
  too_large: 3,
  not_found: 3,
  conflict: 3,
  auth: 3,
  forbidden: 3,
  rate_limited: 3,
  verification: 4,
  unavailable: 5,
};
