/**
 * Where the hook remembers spent nullifiers. `claim` is atomic: of N concurrent claims of one
 * nullifier — in one process or in several sharing the SQLite file or the PostgreSQL database —
 * exactly one returns true. A store may answer synchronously (SQLite, memory) or with a Promise
 * (PostgreSQL, pg-nullifier-store.ts); the hook awaits either.
 */
import { eq, sql } from 'drizzle-orm';
import { hookNullifiers } from '../db/schema.js';
import type { VouchDb } from '../db/client.js';
import type { DecisionRecord } from './decision.js';

export interface NullifierClaim {
  nullifier: bigint;
  policyId: string;
  tradeHash: bigint;
  at: number;
  /**
   * The signed admission this claim makes (the hook passes it). A store with `recordsDecisions`
   * writes it in the claim's own transaction, so a spent nullifier always has its decision.
   */
  record?: DecisionRecord;
}

export interface NullifierStore {
  /** True if this call spent the nullifier; false if it was already spent. */
  claim(c: NullifierClaim): boolean | Promise<boolean>;
  /** Several claims at once, in order (one transaction, one fsync, for a batch); same semantics. */
  claimMany?(cs: readonly NullifierClaim[]): boolean[] | Promise<boolean[]>;
  has(nullifier: bigint): boolean | Promise<boolean>;
  /**
   * True when a winning claim's `record` is persisted (decision row and log entry) by the claim
   * itself; the hook then marks that record `stored` for `onDecision`.
   */
  readonly recordsDecisions?: boolean;
}

export class SqliteNullifierStore implements NullifierStore {
  // Prepared once: building the SQL for every claim cost more than the insert itself (the hook
  // claims one nullifier per admission, hundreds per second).
  private readonly insert;
  private readonly select;

  constructor(private readonly db: VouchDb) {
    this.insert = db.insert(hookNullifiers)
      .values({ nullifier: sql.placeholder('nullifier'), policyId: sql.placeholder('policyId'), tradeHash: sql.placeholder('tradeHash'), admittedAt: sql.placeholder('at') })
      .onConflictDoNothing()
      .prepare();
    this.select = db.select({ n: hookNullifiers.nullifier }).from(hookNullifiers).where(eq(hookNullifiers.nullifier, sql.placeholder('nullifier'))).prepare();
  }

  claim(c: NullifierClaim): boolean {
    return this.insert.run({ nullifier: c.nullifier.toString(), policyId: c.policyId, tradeHash: c.tradeHash.toString(), at: c.at }).changes === 1;
  }

  claimMany(cs: readonly NullifierClaim[]): boolean[] {
    return this.db.transaction(() => cs.map((c) => this.claim(c)));
  }

  has(nullifier: bigint): boolean {
    return this.select.get({ nullifier: nullifier.toString() }) !== undefined;
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
