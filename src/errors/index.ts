export { VouchError, isVouchError } from './vouch-error.js';
export type { VouchErrorOptions } from './vouch-error.js';
export { CODES } from './codes.js';
export type { VouchErrorCode } from './codes.js';
export { HTTP_STATUS, EXIT_STATUS } from './kinds.js';
export type { ErrorKind, CodeInfo, CodeTable } from './kinds.js';
export { ArgumentError, checkOptions } from './argument-error.js';
export type { OptionShape } from './argument-error.js';
