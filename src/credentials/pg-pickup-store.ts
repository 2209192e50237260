/**
 * Pickup codes on PostgreSQL, shared by every process of a deployment. A redemption is ONE
 * transaction at READ COMMITTED that locks the code's row (`SELECT … FOR UPDATE`), decides on what
 * it read, and spends it: a second redemption of the same code, from any process, waits on the
 * lock and then reads the committed row — spent, with its sealed copy already erased. READ
 * COMMITTED is what makes the lock sufficient (the read after the wait sees the first commit;
 * REPEATABLE READ would fail the waiter with a serialization error instead of an answer).
 *
 * A lost connection surfaces as DATABASE_UNAVAILABLE (`guarded`). Before the commit the server
 * rolls the transaction back and the code still works; a commit whose answer was lost may have
 * spent it, and the holder's retry then gets PICKUP_CODE_SPENT and asks the issuer for a new code,
 * as after any lost delivery.
 */
import { eq } from 'drizzle-orm';
import { guarded, type VouchPgDb } from '../db/pg-client.js';
import { credentialPickups } from '../db/schema-pg/pickups.js';
import type { PickupClaim, PickupRow, PickupStore } from './pickup-store.js';

export class PgPickupStore implements PickupStore {
  readonly dialect = 'postgres' as const;

  constructor(readonly db: VouchPgDb) {}

  async insert(row: Omit<PickupRow, 'spentAt'>): Promise<void> {
    await guarded(() => this.db.insert(credentialPickups).values(row));
  }

  async row(codeHash: string): Promise<PickupRow | undefined> {
    const [r] = await guarded(() =>
      this.db.select().from(credentialPickups).where(eq(credentialPickups.codeHash, codeHash)),
    );
    return r;
  }

  redeem(codeHash: string, now: number): Promise<PickupClaim> {
    const byHash = eq(credentialPickups.codeHash, codeHash);
    return guarded(() =>
      this.db.transaction(
        async (tx): Promise<PickupClaim> => {
          const [row] = await tx.select().from(credentialPickups).where(byHash).for('update');
          if (!row) return { ok: false, reason: 'unknown' };
          if (row.spentAt !== null) return { ok: false, reason: 'spent' };
          if (now >= row.expiresAt) {
            await tx.update(credentialPickups).set({ sealed: '' }).where(byHash);
            return { ok: false, reason: 'expired' };
          }
          await tx.update(credentialPickups).set({ spentAt: now, sealed: '' }).where(byHash);
          return { ok: true, sealed: row.sealed };
        },
        { isolationLevel: 'read committed' },
      ),
    );
  }
}
