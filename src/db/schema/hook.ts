/**
 * The hook's shared state. Replay protection is keyed on the nullifier (never on proof bytes:
 * Groth16 proofs can be re-randomized), and the primary key makes "exactly one admission per
 * nullifier" hold across every process sharing the database.
 */
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const hookNullifiers = sqliteTable('hook_nullifiers', {
  nullifier: text('nullifier').primaryKey(),
  policyId: text('policy_id').notNull(),
  tradeHash: text('trade_hash').notNull(),
  admittedAt: integer('admitted_at').notNull(),
});

/** Every decision's receipt (admitted or not): what the compliance report is built from. */
export const hookDecisions = sqliteTable(
  'hook_decisions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    /** The venue (a venue key's tenant) whose hook decided; compliance reports are per venue. */
    venue: text('venue'),
    policyRef: text('policy_ref').notNull(),
    allowed: integer('allowed', { mode: 'boolean' }).notNull(),
    code: text('code'),
    sessionId: text('session_id'),
    nullifier: text('nullifier'),
    tradeHash: text('trade_hash'),
    receipt: text('receipt').notNull(),
    /** An admission under an escrow-required policy: its escrow ciphertext ({committeeId, epoch, c1, c2} JSON). */
    escrow: text('escrow'),
  },
  (t) => [index('hook_decisions_at').on(t.at), index('hook_decisions_venue_at').on(t.venue, t.at)],
);

/**
 * Private cumulative limits: per period nullifier, the commitment to the holder's running total.
 * An admission swaps it (compare-and-swap on `commitment`) in the transaction that spends its
 * nullifier, so of two trades proved from one commitment exactly one moves it.
 */
export const hookLimitStates = sqliteTable('hook_limit_states', {
  periodNullifier: text('period_nullifier').primaryKey(),
  policyId: text('policy_id').notNull(),
  commitment: text('commitment').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
