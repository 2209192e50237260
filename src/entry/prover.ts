/**
 * `vouch/prover`: the holder's SDK — prove, on the holder's own machine, that a credential
 * satisfies a policy for one trade or one session key. Reads holder, credential, policy and
 * registry files; the holder's secret never leaves the process. Loads snarkjs only when proving.
 */
export { proveTrade, proveSession } from '../prover/index.js';
export type { ProveTradeOptions, ProveSessionOptions } from '../prover/index.js';
export { LimitWallet } from '../prover/index.js';
export type { LimitWalletJson, LimitReceiptFields, LimitReceiptLike, LimitOpening } from '../prover/index.js';
export { parseProofFile, proofFileSchema } from '../prover/index.js';
export type { ProofFile } from '../prover/index.js';
export { createHolder, parseHolderFile, writeHolderFile } from '../credentials/index.js';
export type { HolderFile } from '../credentials/index.js';
export { parseCredentialFile, verifyCredentialFile } from '../credentials/index.js';
export type { CredentialFile } from '../credentials/index.js';
export { loadRegistryFile, loadRegistrySets, loadRegistryEscrowCommittee } from '../credentials/index.js';
export type { RegistryFile } from '../credentials/index.js';
export type { RegistryMember } from '../credentials/index.js';
export { loadPolicy, compilePolicy, explainPolicy, parseTrade, canonicalTrade } from '../policy/index.js';
export type { CompiledPolicy, PolicyDocument, Trade } from '../policy/index.js';
export { releaseCurves } from '../zk/index.js';
