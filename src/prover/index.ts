export { proveTrade, proveSession } from './prove-trade.js';
export type { ProveTradeOptions, ProveSessionOptions } from './prove-trade.js';
export { LimitWallet } from './limit-wallet.js';
export type { LimitWalletJson, LimitReceiptFields, LimitReceiptLike, LimitOpening } from './limit-wallet.js';
export { parseProofFile, proofFileSchema } from './proof-file.js';
export type { ProofFile } from './proof-file.js';
