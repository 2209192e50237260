/**
 * A stateless check (a regulator's `/v1/verify`, `vouch verify`) of a proof under a cumulative
 * limit. Such a proof moves its period's running-total commitment from an old one to a new one;
 * it shows "the total behind the old commitment, plus this trade, is within the cap" — a statement
 * about the old commitment, which only the venue's state says is current. A verifier without that
 * state can check the proof only as the period's first trade (old commitment 0) or against the
 * prior commitment the caller names (the venue's stored one, from its receipt for the previous
 * trade): a proof extending another commitment than the one named is LIMIT_PRIOR_MISMATCH, and a
 * proof extending a commitment when none was named is LIMIT_PRIOR_MISSING — never admitted as if
 * it were the first. The verdict says which prior it was checked against and what that means.
 *
 * Nothing is recorded: the check runs a hook over a fresh memory store that holds the named prior
 * for the proof's period nullifier (so the hook's own running-total check is the one that runs).
 */
import { checkOptions, VouchError } from '../errors/index.js';
import type { CompiledPolicy } from '../policy/index.js';
import { parseProofFile } from '../prover/proof-file.js';
import { ACCOUNTABLE_PUBLIC_SIGNAL_NAMES, EMPTY_COMMITMENT } from '../zk/index.js';
import type { ComplianceHook } from './create-hook.js';
import type { Decision } from './decision.js';
import { MemoryNullifierStore } from './nullifier-store.js';

export interface StatelessCheckOptions {
  /** The policies the verifier checks against (the proof names one of them). */
  policies: readonly CompiledPolicy[];
  /** Makes the stateless hook over the given store (the caller picks registry, clock, keys). */
  hook(store: MemoryNullifierStore): Promise<ComplianceHook>;
  trade: unknown;
  proof: unknown;
  /**
   * A cumulative-limit proof beyond its period's first trade: the commitment it claims to extend,
   * as the venue stored it (the previous admission's receipt, `limit.newCommitment`). Decimal.
   */
  priorCommitment?: string | bigint;
}

/** How a cumulative-limit proof was checked, for the verdict. */
export interface LimitCheck {
  /** The commitment the proof extends, and that it was checked against ("0": the period's first trade). */
  priorCommitment: string;
  firstOfPeriod: boolean;
  /** What the verdict does and does not establish, in words. */
  meaning: string;
}

export type StatelessVerdict = Decision & { limitCheck?: LimitCheck };

const DEC = /^(0|[1-9][0-9]{0,77})$/;
const OLD = ACCOUNTABLE_PUBLIC_SIGNAL_NAMES.indexOf('oldCommitment');
const PERIOD = ACCOUNTABLE_PUBLIC_SIGNAL_NAMES.indexOf('periodNullifier');

/**
 * Checks one proof as a regulator or auditor does: admission with nothing recorded (no nullifier
 * spent, no running total moved). A cumulative-limit proof is checked against the prior commitment
 * named (or as its period's first trade); the verdict's `limitCheck` says what that establishes.
 * Throws LIMIT_PRIOR_MISSING / LIMIT_PRIOR_MISMATCH when the prior named and the proof disagree.
 *
 * @example
 * const verdict = await checkStateless({
 *   policies, trade, proof, priorCommitment, // the venue receipt's limit.newCommitment, if any
 *   hook: (store) => createComplianceHook({ policies, registry, store, signer }),
 * });
 * if (verdict.allowed) console.log(verdict.limitCheck?.meaning ?? 'admissible');
 */
export async function checkStateless(o: StatelessCheckOptions): Promise<StatelessVerdict> {
  checkOptions('checkStateless', o, { policies: 'array', hook: 'function' });
  const prior = priorOf(o.priorCommitment);
  const claimed = claimedStep(o.policies, o.proof);
  const store = new MemoryNullifierStore();
  if (!claimed) {
    // a malformed proof is the hook's to report; a well-formed one under a policy without a limit
    // extends nothing
    if (prior !== undefined && claimed === null)
      throw new VouchError(
        'LIMIT_PRIOR_MISMATCH',
        'a prior commitment was given, but the proof’s policy sets no cumulative limit',
      );
    return (await o.hook(store)).check(o.trade, o.proof);
  }
  if (prior === undefined && claimed.old !== EMPTY_COMMITMENT)
    throw new VouchError(
      'LIMIT_PRIOR_MISSING',
      `the proof extends a running total (it is not its period’s first trade under ${claimed.policy.ref}): give the prior commitment the venue holds, from its receipt for the previous trade`,
    );
  if (prior !== undefined && prior !== claimed.old)
    throw new VouchError(
      'LIMIT_PRIOR_MISMATCH',
      'the proof extends another running-total commitment than the prior commitment given',
    );
  if (claimed.old !== EMPTY_COMMITMENT) store.holdLimit(claimed.periodNullifier, claimed.old);
  const d = await (await o.hook(store)).check(o.trade, o.proof);
  if (!d.allowed) return d;
  return { ...d, limitCheck: limitCheck(claimed.policy, claimed.old) };
}

function limitCheck(policy: CompiledPolicy, old: bigint): LimitCheck {
  const first = old === EMPTY_COMMITMENT;
  const c = policy.cumulativeLimit?.cap;
  // the cap is in hundredths of the quote currency, as tradeValue
  const cap =
    typeof c === 'bigint'
      ? `${c / 100n}.${(c % 100n).toString().padStart(2, '0')}`
      : 'the holder’s tradeLimit attribute';
  const period = policy.cumulativeLimit?.period ?? 'period';
  return {
    priorCommitment: old.toString(),
    firstOfPeriod: first,
    meaning: first
      ? `Under ${policy.ref}: as the first trade of its ${period} for this holder at this venue (from the empty running total), this trade stays within the cap (${cap}). Whether it is the first is the venue’s state, not this proof’s: the venue admits it only if it holds no running total for the period.`
      : `Under ${policy.ref}: the running total behind commitment ${old.toString().slice(0, 16)}… plus this trade stays within the ${period}’s cap (${cap}). That the venue still holds that commitment is its state, not this proof’s: this check shows the step is sound, not that the venue took it (its receipt does).`,
  };
}

function priorOf(v: string | bigint | undefined): bigint | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'bigint') {
    if (v < 0n) throw new RangeError('priorCommitment must be non-negative');
    return v;
  }
  if (typeof v !== 'string' || !DEC.test(v))
    throw new VouchError('INPUT_INVALID', 'the prior commitment must be a decimal integer');
  return BigInt(v);
}

/**
 * The step a well-formed cumulative-limit proof claims (undefined: a proof the hook will report as
 * malformed or unknown; null: a well-formed proof under a policy without a cumulative limit).
 */
function claimedStep(
  policies: readonly CompiledPolicy[],
  proof: unknown,
): { policy: CompiledPolicy; old: bigint; periodNullifier: bigint } | null | undefined {
  let file;
  try {
    file = parseProofFile(proof);
  } catch {
    return undefined;
  }
  const policy = policies.find((p) => p.ref === `${file.policy.id}@${file.policy.version}`);
  if (!policy) return undefined;
  if (!policy.cumulativeLimit) return null;
  const old = file.publicSignals[OLD];
  const pn = file.publicSignals[PERIOD];
  if (
    file.publicSignals.length !== ACCOUNTABLE_PUBLIC_SIGNAL_NAMES.length ||
    !DEC.test(old ?? '') ||
    !DEC.test(pn ?? '')
  )
    return undefined;
  return { policy, old: BigInt(old!), periodNullifier: BigInt(pn!) };
}
