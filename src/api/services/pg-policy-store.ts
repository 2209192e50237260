/**
 * The policy book's rows on PostgreSQL, beside the issuer sets the documents claim (the credential
 * store's tables, same database): a set claimed here is the set the registries serve, whatever
 * process claimed it. Adoption order is venue_policies.seq (identity), SQLite's rowid.
 *
 * Isolation: READ COMMITTED. Claiming a set is `INSERT … ON CONFLICT DO NOTHING` then a read of
 * its owner: a concurrent claim of the same name waits for the first transaction, then inserts
 * nothing, and its read (a new snapshot per statement) sees the committed owner. So two tenants
 * racing for a new name: one owns it, the other is ISSUER_SET_FORBIDDEN — never both.
 */
import { and, asc, eq } from 'drizzle-orm';
import { guarded, type VouchPgDb } from '../../db/pg-client.js';
import { issuerSets } from '../../db/schema-pg/credentials.js';
import { policyDocuments, venuePolicies } from '../../db/schema-pg/policies.js';
import type { PolicyDocumentRow, VenuePolicyRow } from '../../db/schema/policies.js';
import { VouchError } from '../../errors/index.js';
import { assertSetClaimable } from './policy-issuer-set.js';
import type { PolicyStore } from './policy-store.js';

/** The columns of an adoption row (seq, the order, is not part of it). */
const adoption = {
  venue: venuePolicies.venue,
  ref: venuePolicies.ref,
  owner: venuePolicies.owner,
  adoptedBy: venuePolicies.adoptedBy,
  adoptedAt: venuePolicies.adoptedAt,
};

export class PgPolicyStore implements PolicyStore {
  readonly dialect = 'postgres' as const;
  constructor(private readonly db: VouchPgDb) {}

  async documents(owner: string): Promise<PolicyDocumentRow[]> {
    return guarded(() =>
      this.db
        .select()
        .from(policyDocuments)
        .where(eq(policyDocuments.owner, owner))
        .orderBy(asc(policyDocuments.createdAt), asc(policyDocuments.ref)),
    );
  }

  async document(owner: string, ref: string): Promise<PolicyDocumentRow | undefined> {
    const [row] = await guarded(() =>
      this.db
        .select()
        .from(policyDocuments)
        .where(and(eq(policyDocuments.owner, owner), eq(policyDocuments.ref, ref))),
    );
    return row;
  }

  async addDocument(row: PolicyDocumentRow, set: { name: string; capacity: number; createdAt: number }): Promise<void> {
    try {
      await guarded(() =>
        this.db.transaction(
          async (tx) => {
            await tx
              .insert(issuerSets)
              .values({ name: set.name, owner: row.owner, capacity: set.capacity, createdAt: set.createdAt })
              .onConflictDoNothing();
            const [found] = await tx
              .select({ owner: issuerSets.owner })
              .from(issuerSets)
              .where(eq(issuerSets.name, set.name));
            assertSetClaimable(set.name, row.owner, found?.owner);
            await tx.insert(policyDocuments).values(row);
          },
          { isolationLevel: 'read committed' },
        ),
      );
    } catch (err) {
      // the book checked the ref was free; another process added the same version in between
      if (uniqueViolation(err) === 'policy_documents_owner_ref_pk')
        throw new VouchError('CONFLICT', `policy ${row.ref} already exists; publish a new version`);
      throw err;
    }
  }

  async adoptions(venue: string): Promise<VenuePolicyRow[]> {
    return guarded(() =>
      this.db
        .select(adoption)
        .from(venuePolicies)
        .where(eq(venuePolicies.venue, venue))
        .orderBy(asc(venuePolicies.seq)),
    );
  }

  async adopt(rows: readonly VenuePolicyRow[]): Promise<void> {
    if (rows.length === 0) return;
    // one statement: its rows take increasing seq values in the order given (one transaction)
    await guarded(() =>
      this.db
        .insert(venuePolicies)
        .values([...rows])
        .onConflictDoNothing(),
    );
  }

  async retire(venue: string, ref: string): Promise<boolean> {
    const r = await guarded(() =>
      this.db
        .delete(venuePolicies)
        .where(and(eq(venuePolicies.venue, venue), eq(venuePolicies.ref, ref)))
        .returning({ ref: venuePolicies.ref }),
    );
    return r.length === 1;
  }
}

/** The constraint a PostgreSQL unique violation (23505) names, through drizzle's and guarded's wrapping. */
function uniqueViolation(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const x = e as { code?: unknown; constraint?: unknown };
    if (x.code === '23505') return typeof x.constraint === 'string' ? x.constraint : '';
  }
  return undefined;
}
