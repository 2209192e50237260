/**
 * The hook's shared state on PostgreSQL: what several hook processes (on several machines) must
 * agree on. The nullifier primary key is the replay guard — "exactly one admission per nullifier"
 * holds because PostgreSQL refuses a second row with the same key, whatever process inserts it.
 * Sessions are rows too, so a session opened through one process can be used through any other,
 * and its counters are changed only by one conditional UPDATE (see hook/pg-session-store.ts).
 */
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

export const hookNullifiers = pgTable('hook_nullifiers', {
  nullifier: text('nullifier').primaryKey(),
  policyId: text('policy_id').notNull(),
  tradeHash: text('trade_hash').notNull(),
  admittedAt: bigint('admitted_at', { mode: 'number' }).notNull(),
});

/** Every decision's receipt (admitted or not): what the compliance report is built from. */
export const hookDecisions = pgTable(
  'hook_decisions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: bigint('at', { mode: 'number' }).notNull(),
    venue: text('venue'),
    policyRef: text('policy_ref').notNull(),
    allowed: boolean('allowed').notNull(),
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
 * Private cumulative limits: per period nullifier, the commitment to the holder's running total,
 * swapped by one conditional UPDATE (or the first INSERT) in the nullifier claim's transaction.
 */
export const hookLimitStates = pgTable('hook_limit_states', {
  periodNullifier: text('period_nullifier').primaryKey(),
  policyId: text('policy_id').notNull(),
  commitment: text('commitment').notNull(),
  updatedAt: bigint('updated_at', { mode: 'number' }).notNull(),
});

/**
 * An open session (hook/sessions.ts): the key the orders are signed with and the limits the
 * opening proof bound. Amounts are base units (numeric(78,0) holds any field element; no floats).
 */
export const hookSessions = pgTable(
  'hook_sessions',
  {
    id: text('id').primaryKey(),
    policyRef: text('policy_ref').notNull(),
    venue: text('venue').notNull(),
    /** The Ed25519 session key's x coordinate (base64url). */
    keyX: text('key_x').notNull(),
    maxOrderValue: numeric('max_order_value', { precision: 78, scale: 0, mode: 'bigint' }).notNull(),
    openedAt: bigint('opened_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    maxOrders: integer('max_orders').notNull(),
    maxNotional: numeric('max_notional', { precision: 78, scale: 0, mode: 'bigint' }).notNull(),
    orders: integer('orders').notNull().default(0),
    notional: numeric('notional', { precision: 78, scale: 0, mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    revoked: boolean('revoked').notNull().default(false),
  },
  (t) => [index('hook_sessions_expires_at').on(t.expiresAt)],
);

/** Nonces of a session's admitted orders: the primary key refuses a replayed order in any process. */
export const hookSessionOrders = pgTable(
  'hook_session_orders',
  {
    sessionId: text('session_id').notNull(),
    nonce: text('nonce').notNull(),
    value: numeric('value', { precision: 78, scale: 0, mode: 'bigint' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.nonce] })],
);
