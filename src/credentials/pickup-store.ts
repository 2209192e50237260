/**
 * Where one-time pickup codes live (pickup.ts seals and hashes; a store only keeps rows), behind
 * one async face with two implementations: SQLite (sqlite-pickup-store.ts, the embedded default)
 * and PostgreSQL (pg-pickup-store.ts, shared by every service process and the CLI).
 *
 * The rule both keep: `redeem` is atomic. Of any number of concurrent redemptions of one code, in
 * one process or several, exactly one is handed the sealed credential; every other sees `spent`.
 * A spent or expired row has its sealed copy erased by the same redemption, so nothing of the
 * credential outlives its delivery.
 */
import type { CredentialPickupRow } from '../db/schema.js';

export type PickupRow = CredentialPickupRow;

/** What a redemption found: the sealed credential (now spent), or why there is none. */
export type PickupClaim = { ok: true; sealed: string } | { ok: false; reason: 'unknown' | 'spent' | 'expired' };

export interface PickupStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Stores a new, unspent pickup. */
  insert(row: Omit<PickupRow, 'spentAt'>): Promise<void>;
  /**
   * Claims the pickup under `codeHash` at `now` (Unix seconds): marks it spent and erases its
   * sealed copy when it is unspent and unexpired; erases the copy of an expired one. Atomic.
   */
  redeem(codeHash: string, now: number): Promise<PickupClaim>;
  /** The row under `codeHash` (tests and the CLI's report; never the code). */
  row(codeHash: string): Promise<PickupRow | undefined>;
}
