/**
 * `vouch/evm`: the hook on-chain. The Groth16 verifier generated from the verifying key, the
 * VouchGate sources and their compilation (pinned solc, loaded only when compiling), the gate's
 * ABI, the EVM trade binding and the calldata of admit/admitBatch, and a small viem client.
 */
export * from '../evm/index.js';
export { evmTradeHash, evmTradeWords, evmVenue, isEvmVenue, parseEvmVenue, EVM_TRADE_TAG } from '../policy/index.js';
export type { EvmTarget, EvmTradeWords } from '../policy/index.js';
