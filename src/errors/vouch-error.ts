/**
 * The one error type Vouch throws for untrusted input and failed checks.
 * Messages say what failed, never the secret: no witness, key, token or personal data.
 * Programmer misuse throws TypeError/RangeError instead.
 */
import { CODES, type VouchErrorCode } from './codes.js';
import type { ErrorKind } from './kinds.js';

export interface VouchErrorOptions {
  cause?: unknown;
  /** Non-secret structured detail (e.g. a JSON path, a line number). */
  details?: Record<string, unknown>;
}

/** The one error class of Vouch: a stable `code` (CODES) to `switch` on, a message without secrets, optional `details` and `cause`. */
export class VouchError extends Error {
  override readonly name = 'VouchError';
  readonly code: VouchErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: VouchErrorCode, message?: string, options: VouchErrorOptions = {}) {
    if (!Object.hasOwn(CODES, code)) throw new TypeError(`VouchError: unknown code ${String(code).slice(0, 64)}`);
    super(message ?? CODES[code].title, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details;
  }

  get kind(): ErrorKind {
    return CODES[this.code].kind;
  }

  get title(): string {
    return CODES[this.code].title;
  }
}

/** True for a VouchError (so its `code` can be switched on). */
export function isVouchError(err: unknown): err is VouchError {
  return err instanceof VouchError;
}
