/**
 * Pickup codes on the embedded SQLite database (better-sqlite3, synchronous). A redemption reads
 * the row, then spends it with ONE conditional UPDATE (`spent_at IS NULL`): SQLite serialises
 * writers to the file, so of two redemptions — two connections, or two processes on one data dir —
 * exactly one changes the row, and only that one returns the sealed copy it read.
 */
import { and, eq, isNull } from 'drizzle-orm';
import type { VouchDb } from '../db/client.js';
import { credentialPickups } from '../db/schema.js';
import type { PickupClaim, PickupRow, PickupStore } from './pickup-store.js';

export class SqlitePickupStore implements PickupStore {
  readonly dialect = 'sqlite' as const;

  constructor(readonly db: VouchDb) {}

  async insert(row: Omit<PickupRow, 'spentAt'>): Promise<void> {
    this.db.insert(credentialPickups).values(row).run();
  }

  async row(codeHash: string): Promise<PickupRow | undefined> {
    return this.db.select().from(credentialPickups).where(eq(credentialPickups.codeHash, codeHash)).get();
  }

  async redeem(codeHash: string, now: number): Promise<PickupClaim> {
    const byHash = eq(credentialPickups.codeHash, codeHash);
    const row = this.db.select().from(credentialPickups).where(byHash).get();
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.spentAt !== null) return { ok: false, reason: 'spent' };
    if (now >= row.expiresAt) {
      this.db.update(credentialPickups).set({ sealed: '' }).where(byHash).run();
      return { ok: false, reason: 'expired' };
    }
    // one statement: of two concurrent redemptions, exactly one changes the row
    const spent = this.db
      .update(credentialPickups)
      .set({ spentAt: now, sealed: '' })
      .where(and(byHash, isNull(credentialPickups.spentAt)))
      .run();
    return spent.changes === 1 ? { ok: true, sealed: row.sealed } : { ok: false, reason: 'spent' };
  }
}
