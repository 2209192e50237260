/** What the hook answers for each trade (or session, or session order). */
import type { VouchErrorCode } from '../errors/index.js';

export interface Decision {
  allowed: boolean;
  /** Present exactly when not allowed. */
  code?: VouchErrorCode;
  /** Human-readable reason, never secret. */
  reason?: string;
  /** The policy the proof is under (`id@version`). */
  policy?: string;
  /** The policies the venue requires for the trade's market (any one of them); the receipt names them too. */
  required?: string[];
  policyId?: string;
  policyHash?: string;
  nullifier?: string;
  tradeHash?: string;
  sessionId?: string;
  /** Compact JWS by the hook's key (absent for session orders; see sessions.ts). */
  receipt?: string;
}

/** Everything the hook learned about a decision, for receipts, logs and reports. */
export interface DecisionRecord {
  at: number;
  policyRef: string;
  decision: Decision;
}
