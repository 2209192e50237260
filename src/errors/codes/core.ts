import type { CodeTable } from '../kinds.js';

/** Codes shared by every area: input shape, auth, storage, internal. */
export const coreCodes = {
  USAGE: { kind: 'usage', title: 'Command used incorrectly' },
  INPUT_INVALID: { kind: 'input', title: 'Input is malformed or fails validation' },
  INPUT_TOO_LARGE: { kind: 'too_large', title: 'Input exceeds the configured size limit' },
  FILE_UNREADABLE: { kind: 'input', title: 'A file could not be read' },
  NOT_FOUND: { kind: 'not_found', title: 'No such object' },
  DATA_DIR_MISSING: {
    kind: 'not_found',
    title: 'The data dir does not exist (only commands that create state make one)',
  },
  CONFLICT: { kind: 'conflict', title: 'The request conflicts with the current state' },
  AUTH_REQUIRED: { kind: 'auth', title: 'An API key is required' },
  AUTH_INVALID: { kind: 'auth', title: 'The API key is not valid' },
  FORBIDDEN: { kind: 'forbidden', title: 'The key’s role does not allow this operation' },
  RATE_LIMITED: { kind: 'rate_limited', title: 'Too many requests for this key' },
  CONFIG_INVALID: { kind: 'usage', title: 'Configuration is invalid' },
  UNAVAILABLE: { kind: 'unavailable', title: 'A dependency is not ready' },
  INTERNAL: { kind: 'internal', title: 'Internal error' },
} as const satisfies CodeTable;
