/** Policy documents (validate, compile, explain, load) and the trade encoding shared by prover and hook. */
export { compilePolicy } from './compile-policy.js';
export type { CompiledPolicy, ScopeConfig, SessionLimits } from './compile-policy.js';
export { loadPolicy, loadPolicies } from './load-policy.js';
export { explainPolicy, explainPredicates } from './explain-policy.js';
export type { ExplainOptions } from './explain-policy.js';
export { describeCountry } from './lib/countries.js';
export type { CountryNamer } from './lib/countries.js';
export { marketAllowed, marketMatches } from './market-allowed.js';
export { failingPredicates } from './failing-predicates.js';
export { nullifierScope, scopeEpoch } from './nullifier-scope.js';
export { periodScope, limitPeriod } from './period-scope.js';
export type { ScopeBinding } from './nullifier-scope.js';
export type {
  PolicyDocument,
  PolicyPredicate,
  PolicyAttribute,
  PolicyOperator,
  PolicyValue,
  CumulativePeriod,
} from './document.js';
export { canonicalTrade, canonicalTradeWithoutHash } from './trade/canonical-trade.js';
export type { CanonicalTrade } from './trade/canonical-trade.js';
export { parseTrade } from './trade/parse-trade.js';
export type { Trade } from './trade/parse-trade.js';
export { sessionKeyCommitment } from './trade/session-key-commitment.js';
export {
  EVM_TRADE_TAG,
  evmTradeHash,
  evmTradeWords,
  evmVenue,
  isEvmVenue,
  parseEvmVenue,
} from './trade/evm-binding.js';
export type { EvmTarget, EvmTradeWords } from './trade/evm-binding.js';
export { TRADE_DECIMALS } from './trade/decimal.js';
export { DOMAIN_TAGS, stringToField, bytesToFieldHash, fieldToHex } from './lib/field-encoding.js';
