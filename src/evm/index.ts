/** The on-chain gate: generated verifier, contract sources and compilation, ABI, EVM calldata. */
export { vouchGateAbi } from './abi.js';
export { verifierSource, verifyingKeyHash, VERIFIER_CIRCUITS } from './verifier-source.js';
export type { VerifierSource, VerifierCircuit } from './verifier-source.js';
export {
  gateSources,
  accountableGateSources,
  CONTRACTS_DIR,
  GATE_FILES,
  ACCOUNTABLE_GATE_FILES,
  EXAMPLE_FILES,
} from './gate-sources.js';
export type { GateSources } from './gate-sources.js';
export { compileContracts, SOLC_SETTINGS } from './compile-contracts.js';
export type { CompiledContract, CompileOptions } from './compile-contracts.js';
export { exportContracts, committedVerifyingKey, committedAccountableVerifyingKey } from './export-contracts.js';
export type { ExportOptions, ExportResult } from './export-contracts.js';
export { vouchAccountableGateAbi } from './accountable-abi.js';
export {
  accountableAdmitArgs,
  accountableAdmitCalldata,
  accountableGatePolicy,
  accountableGateProof,
  gatePeriodScopes,
} from './accountable-calldata.js';
export type { AccountableAdmitArgs, AccountableGatePolicy, AccountableGateProof } from './accountable-calldata.js';
export { admitArgs, admitCalldata, admitBatchCalldata, gateProof, gateTrade, gatePolicyId } from './calldata.js';
export type { AdmitArgs, GateProof, GateTrade } from './calldata.js';
export { GATE_ERROR_CODES, gateErrorCode } from './gate-errors.js';
export type { GateErrorName } from './gate-errors.js';
export { vouchGateClient, deployVouchGate } from './client.js';
export type {
  VouchGateClient,
  VouchGateClientOptions,
  DeployVouchGateOptions,
  OnChainAdmission,
  SentCall,
} from './client.js';
