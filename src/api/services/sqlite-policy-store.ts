/** The policy book's rows in the embedded SQLite file (adoption order: rowid). */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { VouchDb } from '../../db/client.js';
import {
  issuerSets,
  policyDocuments,
  venuePolicies,
  type PolicyDocumentRow,
  type VenuePolicyRow,
} from '../../db/schema.js';
import { assertSetClaimable } from './policy-issuer-set.js';
import type { PolicyStore } from './policy-store.js';

export class SqlitePolicyStore implements PolicyStore {
  readonly dialect = 'sqlite' as const;
  constructor(private readonly db: VouchDb) {}

  async documents(owner: string): Promise<PolicyDocumentRow[]> {
    return this.db
      .select()
      .from(policyDocuments)
      .where(eq(policyDocuments.owner, owner))
      .orderBy(asc(policyDocuments.createdAt), asc(policyDocuments.ref))
      .all();
  }

  async document(owner: string, ref: string): Promise<PolicyDocumentRow | undefined> {
    return this.db
      .select()
      .from(policyDocuments)
      .where(and(eq(policyDocuments.owner, owner), eq(policyDocuments.ref, ref)))
      .get();
  }

  async addDocument(row: PolicyDocumentRow, set: { name: string; capacity: number; createdAt: number }): Promise<void> {
    this.db.transaction((tx) => {
      tx.insert(issuerSets)
        .values({ name: set.name, owner: row.owner, capacity: set.capacity, createdAt: set.createdAt })
        .onConflictDoNothing()
        .run();
      const found = tx.select().from(issuerSets).where(eq(issuerSets.name, set.name)).get();
      assertSetClaimable(set.name, row.owner, found?.owner);
      tx.insert(policyDocuments).values(row).run();
    });
  }

  async adoptions(venue: string): Promise<VenuePolicyRow[]> {
    // in adoption order (rowid: the clock may not move between two adoptions)
    return this.db
      .select()
      .from(venuePolicies)
      .where(eq(venuePolicies.venue, venue))
      .orderBy(sql`rowid`)
      .all();
  }

  async adopt(rows: readonly VenuePolicyRow[]): Promise<void> {
    this.db.transaction((tx) => {
      for (const r of rows) tx.insert(venuePolicies).values(r).onConflictDoNothing().run();
    });
  }

  async retire(venue: string, ref: string): Promise<boolean> {
    const r = this.db
      .delete(venuePolicies)
      .where(and(eq(venuePolicies.venue, venue), eq(venuePolicies.ref, ref)))
      .run();
    return r.changes === 1;
  }
}
