/**
 * The accountable variant of the policy statement (circuits/policy-accountable.circom): the base
 * statement plus identity escrow and a private cumulative limit, each switched on by a bit of the
 * policy's rules. This module builds its circuit input, names its public signals, and checks in
 * the clear what the circuit will check (a preflight with codes; the circuit stays the authority).
 *
 * Secrets here (holder secret, escrow randomness, running totals and salts) go into the circuit
 * input only; nothing is logged or put in an error.
 */
import { VouchError } from '../errors/index.js';
import { limitCapOf, predicatesHash, policyHash, usesEscrow, usesLimit, type CircuitPolicy } from './circuit-policy.js';
import type { BabyJubPoint } from './eddsa.js';
import { isCanonical } from './field.js';
import { poseidon } from './poseidon.js';
import { circuitInput, nullifierOf, type StatementInput } from './statement.js';

/** Public signals in circuit order: outputs, then the public inputs as declared. */
export const ACCOUNTABLE_PUBLIC_SIGNAL_NAMES = [
  'nullifier',
  'escrowC1x',
  'escrowC1y',
  'escrowC2x',
  'escrowC2y',
  'periodNullifier',
  'newCommitment',
  'issuerSetRoot',
  'now',
  'policyHash',
  'tradeHash',
  'tradeValue',
  'scope',
  'escrowKeyX',
  'escrowKeyY',
  'periodScope',
  'oldCommitment',
] as const;
export type AccountableSignalName = (typeof ACCOUNTABLE_PUBLIC_SIGNAL_NAMES)[number];
export type AccountableSignals = Record<AccountableSignalName, bigint>;

/** As PUBLIC_SIGNAL_BITS: `now` and `tradeValue` feed 64-bit comparators (Num2Bits(64) in the core). */
export const ACCOUNTABLE_PUBLIC_SIGNAL_BITS: readonly (number | undefined)[] = ACCOUNTABLE_PUBLIC_SIGNAL_NAMES.map(
  (n) => (n === 'now' || n === 'tradeValue' ? 64 : undefined),
);

/** The identity (0, 1): the escrow key a verifier supplies, and the ciphertext a proof outputs, without escrow. */
export const IDENTITY_POINT: BabyJubPoint = { x: 0n, y: 1n };
/** The running total of a period before its first trade: commitment 0, opening only to total 0. */
export const EMPTY_COMMITMENT = 0n;
/** Totals are proven < 2^64 (Num2Bits(64)): a trade that would reach 2^64 cannot be proven. */
export const TOTAL_MAX = (1n << 64n) - 1n;

/** The opening of a running-total commitment: what the holder's wallet keeps per period. */
export interface RunningTotalOpening {
  total: bigint;
  salt: bigint;
}

export interface AccountableInput {
  /** Required when the policy asks for escrow: the committee key and fresh randomness r (1 <= r < 2^251). */
  escrow?: { publicKey: BabyJubPoint; randomness: bigint };
  /** Required when the policy sets a cumulative limit. */
  limit?: {
    periodScope: bigint;
    /** The commitment the venue holds for this period and its opening; undefined before the period's first trade. */
    old?: { commitment: bigint } & RunningTotalOpening;
    /** Salt of the new commitment. */
    newSalt: bigint;
  };
}

export function runningTotalCommitment(o: RunningTotalOpening): bigint {
  return poseidon([o.total, o.salt]);
}

export function periodNullifierOf(holderSecret: bigint, periodScope: bigint): bigint {
  return poseidon([holderSecret, periodScope]);
}

/** Circuit input object for circuits/policy-accountable.circom. */
export function accountableCircuitInput(
  s: StatementInput,
  a: AccountableInput,
): Record<string, string | string[] | string[][]> {
  const str = (v: bigint) => v.toString();
  const key = usesEscrow(s.policy) && a.escrow ? a.escrow.publicKey : IDENTITY_POINT;
  const limit = usesLimit(s.policy) ? a.limit : undefined;
  return {
    ...circuitInput(s),
    policyHash: str(policyHash(s.policy)),
    escrowKey: [str(key.x), str(key.y)],
    periodScope: str(limit?.periodScope ?? 0n),
    oldCommitment: str(limit?.old?.commitment ?? EMPTY_COMMITMENT),
    predicatesHash: str(predicatesHash(s.policy)),
    limitCap: str(limitCapOf(s.policy)),
    escrowRandomness: str(usesEscrow(s.policy) && a.escrow ? a.escrow.randomness : 0n),
    oldTotal: str(limit?.old?.total ?? 0n),
    oldSalt: str(limit?.old?.salt ?? 0n),
    newSalt: str(limit?.newSalt ?? 0n),
  };
}

/** The new running total and its commitment an honest proof outputs (undefined without a limit). */
export function nextRunningTotal(
  s: StatementInput,
  a: AccountableInput,
): (RunningTotalOpening & { commitment: bigint; periodNullifier: bigint }) | undefined {
  if (!usesLimit(s.policy) || !a.limit) return undefined;
  const total = (a.limit.old?.total ?? 0n) + s.tradeValue;
  const opening = { total, salt: a.limit.newSalt };
  return {
    ...opening,
    commitment: runningTotalCommitment(opening),
    periodNullifier: periodNullifierOf(s.holderSecret, a.limit.periodScope),
  };
}

/** The public signals an honest proof will carry, except the ciphertext (it depends on r). */
export function expectedAccountableSignals(
  s: StatementInput,
  a: AccountableInput,
): Omit<AccountableSignals, 'escrowC1x' | 'escrowC1y' | 'escrowC2x' | 'escrowC2y'> {
  const next = nextRunningTotal(s, a);
  const key = usesEscrow(s.policy) && a.escrow ? a.escrow.publicKey : IDENTITY_POINT;
  return {
    nullifier: nullifierOf(s.holderSecret, s.scope),
    periodNullifier: next?.periodNullifier ?? 0n,
    newCommitment: next?.commitment ?? 0n,
    issuerSetRoot: s.issuer.setRoot,
    now: s.now,
    policyHash: policyHash(s.policy),
    tradeHash: s.tradeHash,
    tradeValue: s.tradeValue,
    scope: s.scope,
    escrowKeyX: key.x,
    escrowKeyY: key.y,
    periodScope: usesLimit(s.policy) ? (a.limit?.periodScope ?? 0n) : 0n,
    oldCommitment: usesLimit(s.policy) ? (a.limit?.old?.commitment ?? EMPTY_COMMITMENT) : EMPTY_COMMITMENT,
  };
}

/**
 * The accountable clauses in the clear (run after assertStatement): the inputs a feature needs are
 * there, the old commitment opens, and the new total stays within 2^64 and the cap.
 */
export function assertAccountable(s: StatementInput, a: AccountableInput): void {
  if (usesEscrow(s.policy)) {
    if (!a.escrow)
      throw new VouchError('ESCROW_KEY_MISSING', 'the policy requires identity escrow: give the escrow committee key');
    const { publicKey: k, randomness: r } = a.escrow;
    if (!isCanonical(k.x) || !isCanonical(k.y) || k.x === 0n)
      throw new VouchError('ESCROW_POINT_INVALID', 'the escrow committee key is not a usable curve point');
    if (r <= 0n || r >= 1n << 251n) throw new RangeError('escrow randomness must be in [1, 2^251)');
  }
  if (!usesLimit(s.policy)) return;
  const l = a.limit;
  if (!l)
    throw new VouchError(
      'LIMIT_STATE_MISSING',
      'the policy sets a cumulative limit: give the period and the running total’s opening',
    );
  for (const v of [l.periodScope, l.newSalt, l.old?.commitment ?? 0n, l.old?.salt ?? 0n]) {
    if (!isCanonical(v)) throw new VouchError('SIGNAL_NOT_CANONICAL', 'an input is not a canonical field element');
  }
  if (l.old) {
    if (
      l.old.total < 0n ||
      l.old.total > TOTAL_MAX ||
      runningTotalCommitment(l.old) !== l.old.commitment ||
      l.old.commitment === EMPTY_COMMITMENT
    ) {
      throw new VouchError('LIMIT_STATE_INVALID', 'the running total’s opening does not open the commitment');
    }
  }
  const total = (l.old?.total ?? 0n) + s.tradeValue;
  const capValue = limitCapValue(s.policy, s.credential.slots);
  if (total > TOTAL_MAX || total > capValue) {
    throw new VouchError(
      'CUMULATIVE_LIMIT_EXCEEDED',
      'this trade would take the period’s running total over the policy’s cumulative cap',
    );
  }
}

/** The cap the circuit compares with: the fixed amount, or the credential's attribute. */
export function limitCapValue(p: CircuitPolicy, slots: readonly bigint[]): bigint {
  const cap = limitCapOf(p);
  const slot = Number(cap >> 64n);
  return slot === 0 ? cap & TOTAL_MAX : slots[slot]!;
}
