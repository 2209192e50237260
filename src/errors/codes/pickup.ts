import type { CodeTable } from '../kinds.js';

/** One-time credential pickup codes (src/credentials/pickup.ts). */
export const pickupCodes = {
  PICKUP_CODE_UNKNOWN: { kind: 'not_found', title: 'No credential waits under this pickup code' },
  PICKUP_CODE_SPENT: { kind: 'conflict', title: 'The pickup code was already used' },
  PICKUP_CODE_EXPIRED: { kind: 'conflict', title: 'The pickup code has expired; ask the issuer for a new one' },
} as const satisfies CodeTable;
