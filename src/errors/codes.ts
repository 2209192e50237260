/**
 * The registry of every stable error code. Each area keeps its codes in `codes/<area>.ts`;
 * this file only merges them, so the union below is the whole vocabulary.
 */
import { coreCodes } from './codes/core.js';
import { zkCodes } from './codes/zk.js';
import { credentialCodes } from './codes/credentials.js';
import { hookCodes } from './codes/hook.js';
import { ledgerCodes } from './codes/ledger.js';
import { logCodes } from './codes/log.js';
import { auditCodes } from './codes/audit.js';
import { kycCodes } from './codes/kyc.js';
import { authCodes } from './codes/auth.js';
import { policyCodes } from './codes/policy.js';
import { dbCodes } from './codes/db.js';
import { escrowCodes } from './codes/escrow.js';
import { ceremonyCodes } from './codes/ceremony.js';
import { pickupCodes } from './codes/pickup.js';
import { walletCodes } from './codes/wallet.js';

export const CODES = {
  ...coreCodes,
  ...zkCodes,
  ...credentialCodes,
  ...hookCodes,
  ...ledgerCodes,
  ...logCodes,
  ...auditCodes,
  ...kycCodes,
  ...authCodes,
  ...policyCodes,
  ...dbCodes,
  ...escrowCodes,
  ...ceremonyCodes,
  ...pickupCodes,
  ...walletCodes,
} as const;

export type VouchErrorCode = keyof typeof CODES;
