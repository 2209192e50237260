/**
 * The stateless part of admission: everything that can be decided from the proof file, the
 * venue's own view of the trade, the policy, the registry and the clock — before the (batched)
 * Groth16 verification and the (stateful) nullifier claim. Cheap checks run first. It throws a
 * Rejection; anything else it throws is a bug, which the hook answers as INTERNAL.
 */
import { isVouchError } from '../errors/index.js';
import { isHookRejectionCode, type DecisionEscrow, type HookRejectionCode } from './decision.js';
import type { IssuerRegistry } from '../credentials/index.js';
import type { EscrowCommittee } from '../escrow/index.js';
import {
  canonicalTrade,
  marketAllowed,
  nullifierScope,
  periodScope,
  sessionKeyCommitment,
  scopeEpoch,
  type CompiledPolicy,
} from '../policy/index.js';
import { parseProofFile, type ProofFile } from '../prover/proof-file.js';
import {
  ACCOUNTABLE_PUBLIC_SIGNAL_BITS,
  ACCOUNTABLE_PUBLIC_SIGNAL_NAMES,
  type AccountableSignals,
  parsePublicSignals,
  PUBLIC_SIGNAL_BITS,
  PUBLIC_SIGNAL_NAMES,
  type PublicSignals,
} from '../zk/index.js';
import type { LimitStep } from './nullifier-store.js';
import type { RequirementTable } from './requirements.js';

export interface PolicyTable {
  byRef: Map<string, CompiledPolicy>;
}

export interface Prechecked {
  file: ProofFile;
  policy: CompiledPolicy;
  signals: PublicSignals;
  /** The trade (trade mode) the proof was checked against. */
  tradeHash: bigint;
  tradeValue: bigint;
  /** The policies the venue requires for the trade's market (trade mode; 'any' for stateless checks). */
  required?: readonly string[] | 'any';
  /** An escrow-required policy: the proof's ciphertext, checked to be under the current committee key. */
  escrow?: DecisionEscrow;
  /** A cumulative limit: the step the proof makes (its old commitment is checked against the store later). */
  limit?: LimitStep & { periodScope: bigint };
}

/** What was learned about an item before it was rejected (for its decision and receipt). */
export interface Known {
  policy?: CompiledPolicy;
  signals?: PublicSignals;
  required?: readonly string[] | 'any';
}

export class Rejection extends Error {
  constructor(
    readonly code: HookRejectionCode,
    message: string,
    readonly partial: Known = {},
  ) {
    super(message);
  }
}

export interface PrecheckContext {
  policies: PolicyTable;
  registryFor(policy: CompiledPolicy): IssuerRegistry | undefined;
  now: number;
  venue?: string;
  /** Which policy each market requires at this venue (requirements.ts). */
  requirements: RequirementTable;
  /** The registry's current escrow committee (the key escrow-required proofs must be encrypted to). */
  escrowCommittee?: () => EscrowCommittee | undefined;
}

export function precheck(ctx: PrecheckContext, proofJson: unknown, trade: unknown | undefined): Prechecked {
  let file: ProofFile;
  try {
    file = parseProofFile(proofJson);
  } catch (err) {
    throw asRejection(err);
  }
  const policy = ctx.policies.byRef.get(`${file.policy.id}@${file.policy.version}`);
  if (!policy)
    throw new Rejection('POLICY_UNKNOWN', `policy ${file.policy.id}@${file.policy.version} is not enforced here`);

  // the policy (the venue's choice) fixes the circuit, so the signal count and names: never the file
  const accountable = policy.circuitName === 'policy-accountable';
  const names: readonly string[] = accountable ? ACCOUNTABLE_PUBLIC_SIGNAL_NAMES : PUBLIC_SIGNAL_NAMES;
  let raw: bigint[];
  try {
    // canonical (< r) and, for `now` and `tradeValue`, < 2^64: the verifier's own boundary check
    raw = parsePublicSignals(
      file.publicSignals,
      names.length,
      accountable ? ACCOUNTABLE_PUBLIC_SIGNAL_BITS : PUBLIC_SIGNAL_BITS,
    );
  } catch (err) {
    throw asRejection(err, { policy });
  }
  const named = Object.fromEntries(names.map((n, i) => [n, raw[i]!]));
  const signals = Object.fromEntries(PUBLIC_SIGNAL_NAMES.map((n) => [n, named[n]!])) as PublicSignals;
  const acc = accountable ? (named as AccountableSignals) : undefined;
  const partial: Known = { policy, signals };
  if (signals.policyHash !== policy.policyHash)
    throw new Rejection('POLICY_HASH_MISMATCH', `the proof is for another version of ${policy.ref}`, partial);

  let tradeHash: bigint;
  let tradeValue: bigint;
  let scope: bigint;
  let tradeTime: number | undefined;
  let tradeVenue: string | undefined;
  let required: readonly string[] | 'any' | undefined;
  if (file.binding.kind === 'trade') {
    if (trade === undefined) throw new Rejection('TRADE_MISMATCH', 'a trade proof needs the trade it is for', partial);
    let t;
    try {
      t = canonicalTrade(trade);
    } catch (err) {
      throw asRejection(err, partial);
    }
    if (ctx.venue !== undefined && t.trade.venue !== ctx.venue)
      throw new Rejection('TRADE_MISMATCH', 'the trade is for another venue', partial);
    // the venue's choice, never the prover's: a proof under any other policy is refused
    required = ctx.requirements.forMarket(t.trade.market);
    if (required === undefined)
      throw new Rejection(
        'MARKET_NOT_ALLOWED',
        `this venue requires no policy for ${t.trade.market}, so admits no trade there`,
        partial,
      );
    if (required !== 'any' && !required.includes(policy.ref)) {
      throw new Rejection(
        'POLICY_NOT_REQUIRED',
        `${t.trade.market} requires ${required.join(' or ')} at this venue; the proof is for ${policy.ref}`,
        { ...partial, required },
      );
    }
    if (!marketAllowed(policy, t.trade.market))
      throw new Rejection('MARKET_NOT_ALLOWED', `${policy.ref} does not cover ${t.trade.market}`, partial);
    tradeHash = t.tradeHash;
    tradeValue = t.tradeValue;
    tradeTime = t.trade.time;
    tradeVenue = t.trade.venue;
    scope = nullifierScope(policy, t);
  } else {
    if (!policy.session.allowed)
      throw new Rejection('SESSION_NOT_ALLOWED', `${policy.ref} does not allow sessions`, partial);
    // a session is one per holder, venue and epoch: a per-trade scope has no epoch to bind it to
    if (policy.scope.mode !== 'per-venue-epoch')
      throw new Rejection(
        'SESSION_NOT_ALLOWED',
        `${policy.ref} has a per-trade nullifier scope, which cannot bind a session`,
        partial,
      );
    if (!ctx.requirements.requires(policy.ref))
      throw new Rejection('POLICY_NOT_REQUIRED', `no market at this venue requires ${policy.ref}`, partial);
    const b = file.binding;
    if (ctx.venue !== undefined && b.venue !== ctx.venue)
      throw new Rejection('TRADE_MISMATCH', 'the session is for another venue', partial);
    if (b.epoch !== scopeEpoch(policy, ctx.now))
      throw new Rejection('SESSION_EXPIRED', 'the session proof is for another epoch', partial);
    try {
      tradeHash = sessionKeyCommitment(Buffer.from(b.publicKey, 'base64url'), b.venue, b.epoch);
    } catch (err) {
      throw asRejection(err, partial);
    }
    tradeValue = signals.tradeValue;
    scope = nullifierScope(policy, { tradeHash, venue: b.venue, time: ctx.now });
  }
  if (signals.tradeHash !== tradeHash || signals.tradeValue !== tradeValue)
    throw new Rejection('TRADE_MISMATCH', 'the proof is bound to a different trade', partial);
  if (signals.scope !== scope)
    throw new Rejection('TRADE_MISMATCH', 'the proof’s nullifier scope is not this venue’s', partial);

  const skew = signals.now > BigInt(ctx.now) ? signals.now - BigInt(ctx.now) : BigInt(ctx.now) - signals.now;
  if (skew > BigInt(policy.maxClockSkewSeconds))
    throw new Rejection(
      'CLOCK_SKEW',
      `the proof’s time is ${skew}s from the venue clock (max ${policy.maxClockSkewSeconds}s)`,
      partial,
    );
  // The trade's own time picks its per-venue-epoch scope and its tax period: a backdated trade
  // would get a fresh nullifier (another epoch) and a wrong ledger date, so it is held to the
  // venue clock like the proof's time.
  if (tradeTime !== undefined) assertTradeTime(policy, tradeTime, ctx.now, partial);

  const registry = ctx.registryFor(policy);
  if (!registry) throw new Rejection('ISSUER_SET_UNKNOWN', `no registry for issuer set ${policy.issuerSet}`, partial);
  const status = registry.rootStatus(signals.issuerSetRoot, policy.rootGraceSeconds); // the policy's grace, else the registry's (60 s)
  if (status === 'unknown')
    throw new Rejection('ISSUER_SET_UNKNOWN', 'the proof’s issuer-set root is not one this venue trusts', partial);
  if (status === 'stale')
    throw new Rejection(
      'ISSUER_SET_STALE',
      'the proof’s issuer-set root was replaced too long ago; prove again',
      partial,
    );

  const extra = acc ? accountableInputs(ctx, policy, acc, tradeVenue, tradeTime, partial) : {};
  return { file, policy, signals, tradeHash, tradeValue, ...(required ? { required } : {}), ...extra };
}

/**
 * The accountable circuit's public inputs are the venue's to supply: the escrow key is the
 * registry's current committee key (or the identity when the policy asks for no escrow), the period
 * scope is this venue's for the trade's period (or 0). The old commitment is checked against the
 * store by the hook, and swapped atomically with the nullifier claim.
 */
function accountableInputs(
  ctx: PrecheckContext,
  policy: CompiledPolicy,
  acc: AccountableSignals,
  venue: string | undefined,
  time: number | undefined,
  partial: Known,
): Pick<Prechecked, 'escrow' | 'limit'> {
  const out: Pick<Prechecked, 'escrow' | 'limit'> = {};
  if (policy.escrow) {
    const committee = ctx.escrowCommittee?.();
    if (!committee)
      throw new Rejection(
        'ESCROW_COMMITTEE_UNKNOWN',
        `${policy.ref} requires identity escrow, and this venue knows no escrow committee`,
        partial,
      );
    const key = committee.publicKey.toAffine();
    if (acc.escrowKeyX !== key.x || acc.escrowKeyY !== key.y) {
      throw new Rejection(
        'ESCROW_KEY_MISMATCH',
        `the proof’s escrow ciphertext is not under the current escrow committee key (epoch ${committee.epoch})`,
        partial,
      );
    }
    const dec = (v: bigint) => v.toString();
    out.escrow = {
      committeeId: committee.committeeId,
      epoch: committee.epoch,
      c1: { x: dec(acc.escrowC1x), y: dec(acc.escrowC1y) },
      c2: { x: dec(acc.escrowC2x), y: dec(acc.escrowC2y) },
    };
  } else if (acc.escrowKeyX !== 0n || acc.escrowKeyY !== 1n) {
    throw new Rejection(
      'ESCROW_KEY_MISMATCH',
      `${policy.ref} asks for no escrow: the proof’s escrow key must be the identity`,
      partial,
    );
  }
  if (policy.cumulativeLimit) {
    // accountable policies allow no sessions (compile-policy), so a trade is always there
    if (venue === undefined || time === undefined)
      throw new Rejection(
        'SESSION_NOT_ALLOWED',
        `${policy.ref} sets a cumulative limit, which a session cannot carry`,
        partial,
      );
    if (acc.periodScope !== periodScope(policy, venue, time))
      throw new Rejection(
        'TRADE_MISMATCH',
        'the proof’s period scope is not this venue’s for the trade’s period',
        partial,
      );
    out.limit = {
      periodScope: acc.periodScope,
      periodNullifier: acc.periodNullifier,
      oldCommitment: acc.oldCommitment,
      newCommitment: acc.newCommitment,
    };
  } else if (acc.periodScope !== 0n || acc.oldCommitment !== 0n) {
    throw new Rejection(
      'TRADE_MISMATCH',
      `${policy.ref} sets no cumulative limit: the proof’s period scope and old commitment must be 0`,
      partial,
    );
  }
  return out;
}

/** The trade's time within the policy's clock skew of the venue clock (TRADE_TIME_SKEW otherwise). */
function assertTradeTime(
  policy: CompiledPolicy,
  tradeTime: number,
  now: number,
  partial: Rejection['partial'] = {},
): void {
  const skew = Math.abs(tradeTime - now);
  if (skew > policy.maxClockSkewSeconds) {
    throw new Rejection(
      'TRADE_TIME_SKEW',
      `the trade’s time is ${skew}s from the venue clock (max ${policy.maxClockSkewSeconds}s)`,
      partial,
    );
  }
}

function asRejection(err: unknown, partial: Known = {}): Rejection {
  // Only a code a decision may carry; anything else propagates (create-hook makes it INTERNAL).
  if (isVouchError(err) && isHookRejectionCode(err.code)) return new Rejection(err.code, err.message, partial);
  throw err;
}
