import type { CodeTable } from '../kinds.js';

/**
 * The browser wallet's own refusals (web/src/wallet/keystore.ts): its key store lives in the
 * holder's browser, so no service decides these; they share the one registry so the page's codes
 * are documented and stable like the API's.
 */
export const walletCodes = {
  WALLET_PASSPHRASE_WRONG: {
    kind: 'auth',
    title: 'The passphrase does not unlock the key stored in this browser',
  },
  WALLET_PASSPHRASE_WEAK: { kind: 'input', title: 'The passphrase is too short to protect the key' },
  WALLET_NO_KEY: { kind: 'not_found', title: 'This browser holds no holder key yet' },
} as const satisfies CodeTable;
