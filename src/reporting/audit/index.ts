export { verifyBundle } from './verify-bundle.js';
export type { VerifyBundleOptions } from './verify-bundle.js';
export type { ConsistencyProofInput } from './check-log.js';
export { parseBundle } from './parse-bundle.js';
export type { AuditCheck, AuditCheckName, AuditSkip, BundleVerification } from './types.js';
