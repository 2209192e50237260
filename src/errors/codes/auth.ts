import type { CodeTable } from '../kinds.js';

/** Codes of the service shell: API keys, the service's signing key, the key-encryption key. */
export const authCodes = {
  KEK_INVALID: { kind: 'usage', title: 'The key-encryption key is malformed or does not open the stored key' },
  QUOTA_EXCEEDED: { kind: 'conflict', title: 'The tenant already holds as many of these as its quota allows' },
  RATE_LIMITER_UNAVAILABLE: {
    kind: 'unavailable',
    title: 'The shared rate limiter (Redis or PostgreSQL) does not answer; the request was not served',
  },
  SERVICE_KEY_UNREADABLE: { kind: 'internal', title: 'The service signing key file is unreadable or corrupt' },
} as const satisfies CodeTable;
