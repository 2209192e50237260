/**
 * `vouch/prover`: the holder's SDK — prove, on the holder's own machine, that a credential
 * satisfies a policy for one trade or one session key. Reads holder, credential, policy and
 * registry files; the holder's secret never leaves the process. Loads snarkjs only when proving.
 */
export { proveTrade, proveSession } from '../prover/prove-trade.js';
export type { ProveTradeOptions, ProveSessionOptions } from '../prover/prove-trade.js';
export { LimitWallet } from '../prover/limit-wallet.js';
export type { LimitWalletJson, LimitReceiptFields, LimitReceiptLike, LimitOpening } from '../prover/limit-wallet.js';
export { parseProofFile, proofFileSchema } from '../prover/proof-file.js';
export type { ProofFile } from '../prover/proof-file.js';
export { createHolder, parseHolderFile, writeHolderFile } from '../credentials/holder.js';
export type { HolderFile } from '../credentials/holder.js';
export { parseCredentialFile, verifyCredentialFile } from '../credentials/credential-file.js';
export type { CredentialFile } from '../credentials/credential-file.js';
export { loadRegistryFile, loadRegistrySets, loadRegistryEscrowCommittee } from '../credentials/registry-file.js';
export type { RegistryFile } from '../credentials/registry-file.js';
export type { RegistryMember } from '../credentials/registry.js';
export { loadPolicy, compilePolicy, explainPolicy, parseTrade, canonicalTrade } from '../policy/index.js';
export type { CompiledPolicy, PolicyDocument, Trade } from '../policy/index.js';
export { releaseCurves } from '../zk/curve.js';
