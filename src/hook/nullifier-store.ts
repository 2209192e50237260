/**
 * Where the hook remembers spent nullifiers. `claim` is atomic: of N concurrent claims of one
 * nullifier — in one process or in several sharing the SQLite file — exactly one returns true.
 */
import { eq } from 'drizzle-orm';
import { hookNullifiers } from '../db/schema.js';
import type { VouchDb } from '../db/client.js';

export interface NullifierClaim {
  nullifier: bigint;
  policyId: string;
  tradeHash: bigint;
  at: number;
}

export interface NullifierStore {
  /** True if this call spent the nullifier; false if it was already spent. */
  claim(c: NullifierClaim): boolean;
  /** Several claims at once, in order (one transaction, one fsync, for a batch); same semantics. */
  claimMany?(cs: readonly NullifierClaim[]): boolean[];
  has(nullifier: bigint): boolean;
}

export class SqliteNullifierStore implements NullifierStore {
  constructor(private readonly db: VouchDb) {}

  claim(c: NullifierClaim): boolean {
    const r = this.db.insert(hookNullifiers)
      .values({ nullifier: c.nullifier.toString(), policyId: c.policyId, tradeHash: c.tradeHash.toString(), admittedAt: c.at })
      .onConflictDoNothing()
      .run();
    return r.changes === 1;
  }

  claimMany(cs: readonly NullifierClaim[]): boolean[] {
    return this.db.transaction(() => cs.map((c) => this.claim(c)));
  }

  has(nullifier: bigint): boolean {
    return this.db.select({ n: hookNullifiers.nullifier }).from(hookNullifiers).where(eq(hookNullifiers.nullifier, nullifier.toString())).get() !== undefined;
  }
}

/** For embedding without a database (a single process; lost on restart). */
export class MemoryNullifierStore implements NullifierStore {
  private readonly spent = new Set<bigint>();

  claim(c: NullifierClaim): boolean {
    if (this.spent.has(c.nullifier)) return false;
    this.spent.add(c.nullifier);
    return true;
  }

  has(nullifier: bigint): boolean {
    return this.spent.has(nullifier);
  }
}
