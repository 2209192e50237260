export {
  FIELD_MODULUS,
  BASE_MODULUS,
  isCanonical,
  parseFieldElement,
  bytesToField,
  randomFieldElement,
} from './field.js';
export { poseidon } from './poseidon.js';
export { babyJubPublicKey, signPoseidon, verifyPoseidon, randomBabyJubPrivateKey } from './eddsa.js';
export type { BabyJubPoint, EddsaSignature } from './eddsa.js';
export { QuadTree } from './trees/quad-tree.js';
export type { QuadPath } from './trees/quad-tree.js';
export { StatusBitmap, STATUS_CAPACITY } from './trees/status-bitmap.js';
export type { NonRevocationWitness } from './trees/status-bitmap.js';
export { IssuerSet, issuerLeaf, ISSUER_SET_CAPACITY, ISSUER_SET_DEPTH } from './trees/issuer-set.js';
export type { IssuerSetMember } from './trees/issuer-set.js';
export {
  encodePolicy,
  policyHash,
  predicateHolds,
  tradeCap,
  OPERATORS,
  PREDICATE_SLOTS,
  POOL_SIZE,
  VALUE_MAX,
} from './circuit-policy.js';
export { policyCircuit } from './circuit-policy.js';
export type { CircuitPolicy, PolicyCircuit, Predicate, Operator, EncodePolicyInput } from './circuit-policy.js';
export {
  assertStatement,
  circuitInput,
  expectedPublicSignals,
  nullifierOf,
  subjectOf,
  credentialMessage,
  PUBLIC_SIGNAL_NAMES,
  PUBLIC_SIGNAL_BITS,
} from './statement.js';
export type { StatementInput, SignedSlots, PublicSignals, PublicSignalName } from './statement.js';
export { prove, proveAccountable, assertSatisfiable, PROVE_STEPS } from './prove.js';
export {
  ACCOUNTABLE_PUBLIC_SIGNAL_NAMES,
  ACCOUNTABLE_PUBLIC_SIGNAL_BITS,
  IDENTITY_POINT,
  EMPTY_COMMITMENT,
  TOTAL_MAX,
  runningTotalCommitment,
  periodNullifierOf,
  accountableCircuitInput,
  nextRunningTotal,
  assertAccountable,
  limitCapValue,
} from './accountable.js';
export type {
  AccountableInput,
  AccountableSignals,
  AccountableSignalName,
  RunningTotalOpening,
} from './accountable.js';
export type { ProveOptions, ProofBundle, ProveProgress, ProveStep } from './prove.js';
export { verify } from './verify.js';
export type { VerifyResult } from './verify.js';
export { verifyBatch } from './verify-batch.js';
export type { BatchItem, VerifyBatchOptions } from './verify-batch.js';
export { prepareVerifyingKey } from './verifying-key.js';
export type { PreparedVerifyingKey, PrepareOptions, VerifyingKeyJson } from './verifying-key.js';
export { policyVerifier, verifierFor, assertTrusted } from './verifier.js';
export type { PolicyVerifier, VerifierTrustOptions } from './verifier.js';
export { isDevVerifyingKey } from './artifacts/dev-ceremony.js';
export type { Groth16ProofJson } from './proof.js';
export { parsePublicSignals } from './proof.js';
export { getCurve, releaseCurves } from './curve.js';
export { ensureArtifacts, manifestEnvVar } from './artifacts/ensure.js';
export type { ArtifactPaths } from './artifacts/ensure.js';
export { artifactsStatus } from './artifacts/status.js';
export type { ArtifactsStatus } from './artifacts/status.js';
export { CIRCUIT_NAMES, isCircuitName, circuitSourceHash } from './artifacts/manifest.js';
export type { CircuitName } from './artifacts/manifest.js';
export { withBuildLock } from './artifacts/build-lock.js';
