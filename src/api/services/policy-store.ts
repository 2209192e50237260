/**
 * The rows behind the policy book (policy-book.ts), on either database: documents with their
 * owners, and each venue's adoptions in adoption order. The rules (who may see, add or adopt what)
 * stay in the book; every method here is one atomic operation.
 */
import type { PolicyDocumentRow, VenuePolicyRow } from '../../db/schema/policies.js';

export interface PolicyStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** `owner`'s documents, oldest first (ties by ref). */
  documents(owner: string): Promise<PolicyDocumentRow[]>;
  document(owner: string, ref: string): Promise<PolicyDocumentRow | undefined>;
  /**
   * Claims the document's issuer set for `row.owner` (a name no set has yet becomes the owner's;
   * another tenant's set is ISSUER_SET_FORBIDDEN) and stores the document, in one transaction.
   */
  addDocument(row: PolicyDocumentRow, issuerSet: { name: string; capacity: number; createdAt: number }): Promise<void>;
  /** The venue's adoption rows, in adoption order. */
  adoptions(venue: string): Promise<VenuePolicyRow[]>;
  /** Inserts adoption rows in order, skipping any the venue already has, in one transaction. */
  adopt(rows: readonly VenuePolicyRow[]): Promise<void>;
  /** Deletes one adoption; false when the venue had none for `ref`. */
  retire(venue: string, ref: string): Promise<boolean>;
}
