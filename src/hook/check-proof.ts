/**
 * The stateless part of admission: everything that can be decided from the proof file, the
 * venue's own view of the trade, the policy, the registry and the clock — before the (batched)
 * Groth16 verification and the (stateful) nullifier claim. Cheap checks run first. It throws a
 * Rejection; anything else it throws is a bug, which the hook answers as INTERNAL.
 */
import { isVouchError } from '../errors/index.js';
import { isHookRejectionCode, type HookRejectionCode } from './decision.js';
import type { IssuerRegistry } from '../credentials/index.js';
import { canonicalTrade, marketAllowed, nullifierScope, sessionKeyCommitment, scopeEpoch, type CompiledPolicy } from '../policy/index.js';
import { parseProofFile, type ProofFile } from '../prover/proof-file.js';
import { parsePublicSignals, PUBLIC_SIGNAL_BITS, PUBLIC_SIGNAL_NAMES, type PublicSignals } from '../zk/index.js';
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
}

/** What was learned about an item before it was rejected (for its decision and receipt). */
export interface Known {
  policy?: CompiledPolicy;
  signals?: PublicSignals;
  required?: readonly string[] | 'any';
}

export class Rejection extends Error {
  constructor(readonly code: HookRejectionCode, message: string, readonly partial: Known = {}) {
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
}

export function precheck(ctx: PrecheckContext, proofJson: unknown, trade: unknown | undefined): Prechecked {
  let file: ProofFile;
  try {
    file = parseProofFile(proofJson);
  } catch (err) {
    throw asRejection(err);
  }
  const policy = ctx.policies.byRef.get(`${file.policy.id}@${file.policy.version}`);
  if (!policy) throw new Rejection('POLICY_UNKNOWN', `policy ${file.policy.id}@${file.policy.version} is not enforced here`);

  let raw: bigint[];
  try {
    // canonical (< r) and, for `now` and `tradeValue`, < 2^64: the verifier's own boundary check
    raw = parsePublicSignals(file.publicSignals, PUBLIC_SIGNAL_NAMES.length, PUBLIC_SIGNAL_BITS);
  } catch (err) {
    throw asRejection(err, { policy });
  }
  const signals = Object.fromEntries(PUBLIC_SIGNAL_NAMES.map((n, i) => [n, raw[i]!])) as PublicSignals;
  const partial: Known = { policy, signals };
  if (signals.policyHash !== policy.policyHash) throw new Rejection('POLICY_HASH_MISMATCH', `the proof is for another version of ${policy.ref}`, partial);

  let tradeHash: bigint;
  let tradeValue: bigint;
  let scope: bigint;
  let tradeTime: number | undefined;
  let required: readonly string[] | 'any' | undefined;
  if (file.binding.kind === 'trade') {
    if (trade === undefined) throw new Rejection('TRADE_MISMATCH', 'a trade proof needs the trade it is for', partial);
    let t;
    try {
      t = canonicalTrade(trade);
    } catch (err) {
      throw asRejection(err, partial);
    }
    if (ctx.venue !== undefined && t.trade.venue !== ctx.venue) throw new Rejection('TRADE_MISMATCH', 'the trade is for another venue', partial);
    // the venue's choice, never the prover's: a proof under any other policy is refused
    required = ctx.requirements.forMarket(t.trade.market);
    if (required === undefined) throw new Rejection('MARKET_NOT_ALLOWED', `this venue requires no policy for ${t.trade.market}, so admits no trade there`, partial);
    if (required !== 'any' && !required.includes(policy.ref)) {
      throw new Rejection('POLICY_NOT_REQUIRED', `${t.trade.market} requires ${required.join(' or ')} at this venue; the proof is for ${policy.ref}`, { ...partial, required });
    }
    if (!marketAllowed(policy, t.trade.market)) throw new Rejection('MARKET_NOT_ALLOWED', `${policy.ref} does not cover ${t.trade.market}`, partial);
    tradeHash = t.tradeHash;
    tradeValue = t.tradeValue;
    tradeTime = t.trade.time;
    scope = nullifierScope(policy, t);
  } else {
    if (!policy.session.allowed) throw new Rejection('SESSION_NOT_ALLOWED', `${policy.ref} does not allow sessions`, partial);
    // a session is one per holder, venue and epoch: a per-trade scope has no epoch to bind it to
    if (policy.scope.mode !== 'per-venue-epoch') throw new Rejection('SESSION_NOT_ALLOWED', `${policy.ref} has a per-trade nullifier scope, which cannot bind a session`, partial);
    if (!ctx.requirements.requires(policy.ref)) throw new Rejection('POLICY_NOT_REQUIRED', `no market at this venue requires ${policy.ref}`, partial);
    const b = file.binding;
    if (ctx.venue !== undefined && b.venue !== ctx.venue) throw new Rejection('TRADE_MISMATCH', 'the session is for another venue', partial);
    if (b.epoch !== scopeEpoch(policy, ctx.now)) throw new Rejection('SESSION_EXPIRED', 'the session proof is for another epoch', partial);
    try {
      tradeHash = sessionKeyCommitment(Buffer.from(b.publicKey, 'base64url'), b.venue, b.epoch);
    } catch (err) {
      throw asRejection(err, partial);
    }
    tradeValue = signals.tradeValue;
    scope = nullifierScope(policy, { tradeHash, venue: b.venue, time: ctx.now });
  }
  if (signals.tradeHash !== tradeHash || signals.tradeValue !== tradeValue) throw new Rejection('TRADE_MISMATCH', 'the proof is bound to a different trade', partial);
  if (signals.scope !== scope) throw new Rejection('TRADE_MISMATCH', 'the proof’s nullifier scope is not this venue’s', partial);

  const skew = signals.now > BigInt(ctx.now) ? signals.now - BigInt(ctx.now) : BigInt(ctx.now) - signals.now;
  if (skew > BigInt(policy.maxClockSkewSeconds)) throw new Rejection('CLOCK_SKEW', `the proof’s time is ${skew}s from the venue clock (max ${policy.maxClockSkewSeconds}s)`, partial);
  // The trade's own time picks its per-venue-epoch scope and its tax period: a backdated trade
  // would get a fresh nullifier (another epoch) and a wrong ledger date, so it is held to the
  // venue clock like the proof's time.
  if (tradeTime !== undefined) assertTradeTime(policy, tradeTime, ctx.now, partial);

  const registry = ctx.registryFor(policy);
  if (!registry) throw new Rejection('ISSUER_SET_UNKNOWN', `no registry for issuer set ${policy.issuerSet}`, partial);
  const status = registry.rootStatus(signals.issuerSetRoot, policy.rootGraceSeconds); // the policy's grace, else the registry's (60 s)
  if (status === 'unknown') throw new Rejection('ISSUER_SET_UNKNOWN', 'the proof’s issuer-set root is not one this venue trusts', partial);
  if (status === 'stale') throw new Rejection('ISSUER_SET_STALE', 'the proof’s issuer-set root was replaced too long ago; prove again', partial);

  return { file, policy, signals, tradeHash, tradeValue, ...(required ? { required } : {}) };
}

/** The trade's time within the policy's clock skew of the venue clock (TRADE_TIME_SKEW otherwise). */
function assertTradeTime(policy: CompiledPolicy, tradeTime: number, now: number, partial: Rejection['partial'] = {}): void {
  const skew = Math.abs(tradeTime - now);
  if (skew > policy.maxClockSkewSeconds) {
    throw new Rejection('TRADE_TIME_SKEW', `the trade’s time is ${skew}s from the venue clock (max ${policy.maxClockSkewSeconds}s)`, partial);
  }
}

function asRejection(err: unknown, partial: Known = {}): Rejection {
  // Only a code a decision may carry; anything else propagates (create-hook makes it INTERNAL).
  if (isVouchError(err) && isHookRejectionCode(err.code)) return new Rejection(err.code, err.message, partial);
  throw err;
}
