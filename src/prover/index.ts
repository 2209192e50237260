export { proveTrade, proveSession } from './prove-trade.js';
export type { ProveTradeOptions, ProveSessionOptions } from './prove-trade.js';
export { parseProofFile, proofFileSchema } from './proof-file.js';
export type { ProofFile } from './proof-file.js';
