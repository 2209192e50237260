export {
  KYC_V1_SCHEMA_ID,
  SLOT_COUNT,
  SLOTS,
  COMPARABLE_SLOTS,
  INVESTOR_CLASSES,
  EVIDENCE_KINDS,
  VALUE_DECIMALS,
  encodeAttributes,
  scaleDecimal,
} from './schema.js';
export type { SlotName, InvestorClass, EvidenceKind, KycAttributes, CredentialSlotsInput } from './schema.js';
export type { IssuerContext } from './context.js';
export type { CredentialStore, RegistryLog } from './store.js';
export { SqliteCredentialStore } from './sqlite-store.js';
export { newId, systemClock } from './ids.js';
export type { Clock } from './ids.js';
export { createIssuer, getIssuer, listIssuers, issuerRow } from './issuers.js';
export type { CreateIssuerOptions, IssuerSummary } from './issuers.js';
export { issuerJwks, currentJwsKey } from './issuer-keys.js';
export { rotateIssuerKey } from './rotate-issuer-key.js';
export { issueCredential, issueCredentialForPickup, DEFAULT_VALIDITY_SECONDS } from './issue.js';
export type { IssueOptions } from './issue.js';
export {
  revokeCredential,
  publishStatusSnapshot,
  latestSnapshot,
  snapshotHistory,
  nonRevocationWitness,
  statusBitmap,
  SNAPSHOT_TYP,
} from './status.js';
export type { StatusSnapshotPayload, PublishedSnapshot, RevokeOptions } from './status.js';
export { parseCredentialFile, verifyCredentialFile, signedSlots, credentialFileSchema } from './credential-file.js';
export type { CredentialFile } from './credential-file.js';
export { createHolder, writeHolderFile, parseHolderFile } from './holder.js';
export type { HolderFile } from './holder.js';
export { IssuerRegistry, witnessFor, DEFAULT_ROOT_GRACE_SECONDS } from './registry.js';
export type { TrustedIssuer, RegistryMember, RegistryOptions, HolderWitness } from './registry.js';
export {
  exportRegistry,
  loadRegistryFile,
  loadRegistrySets,
  loadRegistryEscrowCommittee,
  localRegistry,
  parseRegistryFile,
} from './registry-file.js';
export type {
  RegistryFile,
  RegistryFileSet,
  PublishedSet,
  LoadRegistryOptions,
  LogCheckOptions,
  ParsedRegistryFile,
} from './registry-file.js';
export {
  addIssuerToSet,
  assertRoomForNewKey,
  createIssuerSet,
  ensureCatalogueSets,
  getIssuerSet,
  issuerSetRow,
  listIssuerSets,
  removeIssuerFromSet,
  setMemberIds,
  ISSUER_SET_NAME,
} from './issuer-sets.js';
export type { CreateIssuerSetOptions, IssuerSetSummary, SetMemberOptions } from './issuer-sets.js';
export { statementFor } from './statement.js';
export type { StatementForOptions } from './statement.js';
export { SetRegistries } from './set-registries.js';
export { checkRegistryLogged, proveLogged, publishedRoots, snapshotDigest } from './registry-transparency.js';
export type { RegistryTransparency, LoggedEntry, PublishedRoots, CheckLoggedOptions } from './registry-transparency.js';
export type { SetRegistriesOptions, SkippedSnapshot } from './set-registries.js';
