/**
 * Where the hook remembers spent nullifiers. `claim` is atomic: of N concurrent claims of one
 * nullifier — in one process or in several sharing the SQLite file or the PostgreSQL database —
 * exactly one returns true. A store may answer synchronously (SQLite, memory) or with a Promise
 * (PostgreSQL, pg-nullifier-store.ts); the hook awaits either.
 *
 * A claim under a policy with a cumulative limit also swaps the running-total commitment of its
 * period nullifier, from the proof's old commitment to its new one, in the same transaction: if
 * the store holds another commitment (another trade moved it first, or the proof replays an old
 * one) the claim answers 'limit-stale' and changes nothing — the nullifier stays unspent, so the
 * holder can prove again from the current state. "No state yet" is the empty commitment 0.
 *
 * That one check is also the whole defence against a replayed commitment. Every trade's value is
 * at least 1 (size and price are positive, the value is rounded up), so each step strictly raises
 * the period's total and a new commitment can never equal one the period held before (Poseidon is
 * binding); an old commitment reused after it was swapped is simply not the one held: stale.
 */
import { and, eq, sql } from 'drizzle-orm';
import { hookLimitStates, hookNullifiers } from '../db/schema.js';
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
  /** A cumulative limit's step: swap the period's commitment from `oldCommitment` (0: none yet) to `newCommitment`. */
  limit?: LimitStep;
}

export interface LimitStep {
  periodNullifier: bigint;
  oldCommitment: bigint;
  newCommitment: bigint;
}

/** true: this call spent the nullifier; false: it was already spent; 'limit-stale': the period's commitment is not the claim's old one (nothing changed). */
export type ClaimResult = boolean | 'limit-stale';

export interface NullifierStore {
  /** True if this call spent the nullifier; false if it was already spent; 'limit-stale' (see the header). */
  claim(c: NullifierClaim): ClaimResult | Promise<ClaimResult>;
  /** Several claims at once, in order (one transaction, one fsync, for a batch); same semantics. */
  claimMany?(cs: readonly NullifierClaim[]): ClaimResult[] | Promise<ClaimResult[]>;
  has(nullifier: bigint): boolean | Promise<boolean>;
  /**
   * The running-total commitment held for a period nullifier (undefined: none yet). A store
   * without it cannot enforce cumulative limits: the hook refuses to load such a policy with it.
   */
  limitCommitment?(periodNullifier: bigint): bigint | undefined | Promise<bigint | undefined>;
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
  private readonly unclaim;
  private readonly limitFirst;
  private readonly limitSwap;
  private readonly limitSelect;

  constructor(private readonly db: VouchDb) {
    this.insert = db
      .insert(hookNullifiers)
      .values({
        nullifier: sql.placeholder('nullifier'),
        policyId: sql.placeholder('policyId'),
        tradeHash: sql.placeholder('tradeHash'),
        admittedAt: sql.placeholder('at'),
      })
      .onConflictDoNothing()
      .prepare();
    this.select = db
      .select({ n: hookNullifiers.nullifier })
      .from(hookNullifiers)
      .where(eq(hookNullifiers.nullifier, sql.placeholder('nullifier')))
      .prepare();
    this.unclaim = db
      .delete(hookNullifiers)
      .where(eq(hookNullifiers.nullifier, sql.placeholder('nullifier')))
      .prepare();
    this.limitFirst = db
      .insert(hookLimitStates)
      .values({
        periodNullifier: sql.placeholder('pn'),
        policyId: sql.placeholder('policyId'),
        commitment: sql.placeholder('next'),
        updatedAt: sql.placeholder('at'),
      })
      .onConflictDoNothing()
      .prepare();
    this.limitSwap = db
      .update(hookLimitStates)
      .set({ commitment: sql`${sql.placeholder('next')}`, updatedAt: sql`${sql.placeholder('at')}` })
      .where(
        and(
          eq(hookLimitStates.periodNullifier, sql.placeholder('pn')),
          eq(hookLimitStates.commitment, sql.placeholder('old')),
        ),
      )
      .prepare();
    this.limitSelect = db
      .select({ c: hookLimitStates.commitment })
      .from(hookLimitStates)
      .where(eq(hookLimitStates.periodNullifier, sql.placeholder('pn')))
      .prepare();
  }

  claim(c: NullifierClaim): ClaimResult {
    if (!c.limit) return this.spend(c);
    // the nullifier and the limit step stand or fall together (a write transaction: BEGIN IMMEDIATE)
    return this.db.transaction(() => this.claimIn(c), { behavior: 'immediate' });
  }

  claimMany(cs: readonly NullifierClaim[]): ClaimResult[] {
    return this.db.transaction(() => cs.map((c) => this.claimIn(c)), { behavior: 'immediate' });
  }

  has(nullifier: bigint): boolean {
    return this.select.get({ nullifier: nullifier.toString() }) !== undefined;
  }

  limitCommitment(periodNullifier: bigint): bigint | undefined {
    const row = this.limitSelect.get({ pn: periodNullifier.toString() }) as { c: string } | undefined;
    return row ? BigInt(row.c) : undefined;
  }

  private spend(c: NullifierClaim): boolean {
    return (
      this.insert.run({
        nullifier: c.nullifier.toString(),
        policyId: c.policyId,
        tradeHash: c.tradeHash.toString(),
        at: c.at,
      }).changes === 1
    );
  }

  /** Inside a transaction: spend, then swap the limit; a swap that finds another commitment unspends. */
  private claimIn(c: NullifierClaim): ClaimResult {
    if (!this.spend(c)) return false;
    if (!c.limit) return true;
    const l = c.limit;
    const args = {
      pn: l.periodNullifier.toString(),
      policyId: c.policyId,
      next: l.newCommitment.toString(),
      old: l.oldCommitment.toString(),
      at: c.at,
    };
    const swapped =
      l.oldCommitment === 0n ? this.limitFirst.run(args).changes === 1 : this.limitSwap.run(args).changes === 1;
    if (swapped) return true;
    this.unclaim.run({ nullifier: c.nullifier.toString() }); // inserted by this transaction a moment ago
    return 'limit-stale';
  }
}

/** For embedding without a database (a single process; lost on restart). */
export class MemoryNullifierStore implements NullifierStore {
  private readonly spent = new Set<bigint>();
  private readonly limits = new Map<bigint, bigint>();

  claim(c: NullifierClaim): ClaimResult {
    if (this.spent.has(c.nullifier)) return false;
    if (c.limit) {
      if ((this.limits.get(c.limit.periodNullifier) ?? 0n) !== c.limit.oldCommitment) return 'limit-stale';
      this.limits.set(c.limit.periodNullifier, c.limit.newCommitment);
    }
    this.spent.add(c.nullifier);
    return true;
  }

  has(nullifier: bigint): boolean {
    return this.spent.has(nullifier);
  }

  limitCommitment(periodNullifier: bigint): bigint | undefined {
    return this.limits.get(periodNullifier);
  }

  /** Holds `commitment` as the period's running total (a stateless check seeds the prior it was given). */
  holdLimit(periodNullifier: bigint, commitment: bigint): void {
    this.limits.set(periodNullifier, commitment);
  }
}
