/**
 * `vouch/verifier`: stateless verification, for regulators and anyone re-checking a venue's word
 * offline — a Groth16 policy proof (single or batched) against the circuit's verifying key, a
 * hook's signed receipt, an issuer registry file and its signed status snapshots, a policy
 * document's hash. Keeps no state: no replay memory, no database.
 */
export { policyVerifier, verifierFor } from '../zk/index.js';
export type { PolicyVerifier } from '../zk/index.js';
export { verify } from '../zk/index.js';
export type { VerifyResult } from '../zk/index.js';
export { verifyBatch } from '../zk/index.js';
export type { BatchItem, VerifyBatchOptions } from '../zk/index.js';
export { prepareVerifyingKey } from '../zk/index.js';
export type { PreparedVerifyingKey, VerifyingKeyJson } from '../zk/index.js';
export { parsePublicSignals } from '../zk/index.js';
export type { Groth16ProofJson } from '../zk/index.js';
export { PUBLIC_SIGNAL_NAMES } from '../zk/index.js';
export type { PublicSignals, PublicSignalName } from '../zk/index.js';
export { verifyProofOffline, OFFLINE_CHECK_NAMES } from '../hook/verify-proof-offline.js';
export type {
  OfflineVerifyOptions,
  OfflineVerification,
  OfflineCheck,
  OfflineCheckName,
} from '../hook/verify-proof-offline.js';
export { verifyReceipt, RECEIPT_TYP } from '../hook/receipts.js';
export type { ReceiptPayload } from '../hook/receipts.js';
// Straight from the files, not credentials/index.ts: that also carries issuance, which loads the KYC adapters.
export { loadRegistryFile, loadRegistrySets } from '../credentials/registry-file.js';
export type { RegistryFile } from '../credentials/registry-file.js';
export { IssuerRegistry } from '../credentials/registry.js';
export type { RegistryOptions, TrustedIssuer } from '../credentials/registry.js';
export { loadPolicy, compilePolicy, explainPolicy, canonicalTrade, parseTrade } from '../policy/index.js';
export type { CompiledPolicy, PolicyDocument, Trade } from '../policy/index.js';
export { parseProofFile } from '../prover/proof-file.js';
export type { ProofFile } from '../prover/proof-file.js';
export { releaseCurves, getCurve } from '../zk/index.js';
