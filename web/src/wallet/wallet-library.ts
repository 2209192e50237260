/**
 * The library code behind the wallet's actions — holder keys (Poseidon), credential checks (EdDSA
 * over Poseidon, zod), policy compilation (the schema validator) and receipts (jose) — and nothing
 * the wallet needs to be usable: a chunk of its own, so the page's first load carries only the
 * wallet's screen. wallet-view.ts fetches it as soon as the page is ready, and every wallet action
 * awaits it before running, so an early click waits for it instead of doing nothing.
 */
export { createHolder, parseHolderFile } from '../../../src/credentials/holder.js';
export { parseCredentialFile, verifyCredentialFile } from '../../../src/credentials/credential-file.js';
export {
  canonicalTradeWithoutHash,
  compilePolicy,
  explainPolicy,
  explainPredicates,
  failingPredicates,
} from '../../../src/policy/index.js';
export { verifyReceipt } from '../../../src/hook/receipts.js';
export { createSessionKey } from './session-key.js';
