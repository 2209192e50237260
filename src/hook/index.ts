export { createComplianceHook } from './create-hook.js';
export type { ComplianceHook, ComplianceHookOptions, CheckItem } from './create-hook.js';
export type { Decision, DecisionRecord } from './decision.js';
export { SqliteNullifierStore, MemoryNullifierStore } from './nullifier-store.js';
export type { NullifierStore, NullifierClaim } from './nullifier-store.js';
export { receiptSigner, ephemeralReceiptSigner, verifyReceipt, RECEIPT_TYP } from './receipts.js';
export type { ReceiptPayload, ReceiptSigner } from './receipts.js';
export { AdmissionQueue } from './admission-queue.js';
export type { AdmissionQueueOptions } from './admission-queue.js';
