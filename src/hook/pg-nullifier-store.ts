/**
 * Spent nullifiers on PostgreSQL, shared by every hook process of a venue. The primary key of
 * hook_nullifiers is the replay guard: of N concurrent claims of one nullifier, in any processes,
 * exactly one INSERT … ON CONFLICT DO NOTHING returns its row.
 *
 * A claim carries its signed admission (`record`): the winners' decision rows and their
 * `hook-decision` log entries are written in the same READ COMMITTED transaction as the nullifiers.
 * So after a crash at any point, a nullifier is spent if and only if its admission is recorded and
 * logged, and nothing is acknowledged before that transaction commits. READ COMMITTED is enough
 * for the claim: a concurrent INSERT of the same key waits for the first transaction to end and
 * then does nothing; the log append inside locks the log's head row until commit
 * (pg-transparency-log.ts). Claims are inserted in nullifier order, so two batches sharing
 * nullifiers lock them in the same order and cannot deadlock.
 *
 * Round trips: an admission batch is BEGIN; the nullifier INSERT; the decision rows and the log's
 * lock in one statement (lockAfterIn: the INSERT runs to completion first, so the rows are written
 * before the lock is requested, not while it is held); the log entries, subtree hashes and new
 * head in one statement; COMMIT — five, where separate statements took eight (a cumulative
 * limit's step adds one: six, where it was nine). The log's lock is held for the last two only.
 *
 * Cumulative limits: after the nullifiers, each winner's limit step is applied in period-nullifier
 * order — `UPDATE … SET commitment = new WHERE period_nullifier = $pn AND commitment = old` (or, for
 * a period's first trade, `INSERT … ON CONFLICT DO NOTHING`). A concurrent transaction swapping the
 * same period waits for the row lock and then finds the new commitment: 0 rows, so its claim is
 * 'limit-stale' and its just-inserted nullifier row is deleted again before commit (a claimant of
 * that nullifier waiting on it then proceeds as if it had never been inserted). Lock order is
 * nullifiers (sorted) then periods (sorted), and nothing waits on a nullifier while holding a
 * period, so two batches cannot deadlock.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { guarded, type VouchPgDb } from '../db/pg-client.js';
import { hookDecisions, hookLimitStates, hookNullifiers } from '../db/schema-pg/hook.js';
import type { PostgresTransparencyLog } from '../log/pg-transparency-log.js';
import type { ClaimResult, NullifierClaim, NullifierStore } from './nullifier-store.js';
import { admissionEntry, decisionRow } from './record-decisions.js';

export interface PostgresNullifierStoreOptions {
  db: VouchPgDb;
  /** The log the admissions go to (same database); without it, only rows are written. */
  log?: PostgresTransparencyLog;
  /** The venue recorded with each decision. */
  venue?: string;
}

/** Replay protection in PostgreSQL, for hooks in several processes or machines sharing one database. */
export class PostgresNullifierStore implements NullifierStore {
  readonly recordsDecisions = true;
  readonly #o: PostgresNullifierStoreOptions;

  constructor(o: PostgresNullifierStoreOptions) {
    this.#o = o;
  }

  async claim(c: NullifierClaim): Promise<ClaimResult> {
    return (await this.claimMany([c]))[0]!;
  }

  async claimMany(cs: readonly NullifierClaim[]): Promise<ClaimResult[]> {
    if (cs.length === 0) return [];
    const keys = cs.map((c) => c.nullifier.toString());
    // first occurrence of each nullifier, in nullifier order (see the header: lock order)
    const seen = new Set<string>();
    const firsts = keys.flatMap((k, i) => (seen.has(k) ? [] : (seen.add(k), [i])));
    firsts.sort((a, b) => cmp(keys[a]!, keys[b]!));
    const won = await guarded(() =>
      this.#o.db.transaction(
        async (tx) => {
          const rows = await tx
            .insert(hookNullifiers)
            .values(
              firsts.map((i) => ({
                nullifier: keys[i]!,
                policyId: cs[i]!.policyId,
                tradeHash: cs[i]!.tradeHash.toString(),
                admittedAt: cs[i]!.at,
              })),
            )
            .onConflictDoNothing()
            .returning({ nullifier: hookNullifiers.nullifier });
          const spent = new Set(rows.map((r) => r.nullifier));
          const stale = new Set<string>();
          const stepping = firsts.filter((i) => spent.has(keys[i]!) && cs[i]!.limit);
          stepping.sort(
            (a, b) => cmp(cs[a]!.limit!.periodNullifier.toString(), cs[b]!.limit!.periodNullifier.toString()) || a - b,
          );
          for (const i of stepping) {
            const c = cs[i]!;
            const l = c.limit!;
            const pn = l.periodNullifier.toString();
            const moved =
              l.oldCommitment === 0n
                ? await tx
                    .insert(hookLimitStates)
                    .values({
                      periodNullifier: pn,
                      policyId: c.policyId,
                      commitment: l.newCommitment.toString(),
                      updatedAt: c.at,
                    })
                    .onConflictDoNothing()
                    .returning({ pn: hookLimitStates.periodNullifier })
                : await tx
                    .update(hookLimitStates)
                    .set({ commitment: l.newCommitment.toString(), updatedAt: c.at })
                    .where(
                      and(
                        eq(hookLimitStates.periodNullifier, pn),
                        eq(hookLimitStates.commitment, l.oldCommitment.toString()),
                      ),
                    )
                    .returning({ pn: hookLimitStates.periodNullifier });
            if (moved.length === 1) continue;
            stale.add(keys[i]!);
            spent.delete(keys[i]!);
          }
          if (stale.size > 0) await tx.delete(hookNullifiers).where(inArray(hookNullifiers.nullifier, [...stale]));
          const winners = firsts
            .filter((i) => spent.has(keys[i]!))
            .sort((a, b) => a - b)
            .map((i) => cs[i]!);
          const records = winners.flatMap((c) => (c.record ? [c.record] : []));
          if (records.length > 0) {
            const decisions = tx
              .insert(hookDecisions)
              .values(records.map((r) => decisionRow(r, this.#o.venue)))
              .returning({ id: hookDecisions.id });
            const log = this.#o.log;
            if (log) {
              // the decision rows, then the log's lock, in one statement; the entries in the next
              const { lock } = await log.lockAfterIn(tx, decisions.getSQL());
              await log.appendEntriesIn(
                tx,
                records.map((r) => ({ kind: 'hook-decision' as const, payload: admissionEntry(r) })),
                { lock },
              );
            } else await decisions;
          }
          return { spent, stale };
        },
        { isolationLevel: 'read committed' },
      ),
    );
    const first = new Set(firsts);
    return cs.map((_, i) =>
      first.has(i) && won.stale.has(keys[i]!) ? 'limit-stale' : first.has(i) && won.spent.has(keys[i]!),
    );
  }

  async limitCommitment(periodNullifier: bigint): Promise<bigint | undefined> {
    const rows = await guarded(() =>
      this.#o.db
        .select({ c: hookLimitStates.commitment })
        .from(hookLimitStates)
        .where(eq(hookLimitStates.periodNullifier, periodNullifier.toString())),
    );
    return rows[0] ? BigInt(rows[0].c) : undefined;
  }

  async has(nullifier: bigint): Promise<boolean> {
    const rows = await guarded(() =>
      this.#o.db
        .select({ n: hookNullifiers.nullifier })
        .from(hookNullifiers)
        .where(inArray(hookNullifiers.nullifier, [nullifier.toString()])),
    );
    return rows.length > 0;
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
