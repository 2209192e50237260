/**
 * The holder's side of a private cumulative limit: for each period nullifier, the opening (total,
 * salt) of the running-total commitment the venue holds. The venue keeps only the commitment; a
 * holder that lost this state could not prove its next trade, so the state can always be rebuilt
 * from the venue's signed receipts (each admission's receipt names the period nullifier, the old
 * and new commitments and the trade's value and hash).
 *
 * A receipt names the period scope it was proved under, so the wallet recognises its own period
 * nullifier (Poseidon(holderSecret, periodScope)) and ignores every other holder's receipts.
 *
 * Salts are derived, not drawn: salt = Poseidon(tag, holderSecret, periodNullifier, oldCommitment,
 * tradeHash). Only the holder can compute one (it needs the secret), each trade gets its own, and a
 * rebuilt wallet recomputes every salt and checks it opens the receipt's new commitment — a receipt
 * chain that does not open is refused (LIMIT_STATE_INVALID), never half-applied.
 *
 * The state is secret-equivalent for the history it covers (totals per period): keep it with the
 * holder file; never log it.
 */
import { VouchError } from '../errors/index.js';
import {
  EMPTY_COMMITMENT,
  periodNullifierOf,
  runningTotalCommitment,
  type RunningTotalOpening,
  poseidon,
} from '../zk/index.js';

/** "vouch.limit.salt.v1" as a big-endian integer: keeps the salts apart from every other Poseidon use. */
const SALT_TAG = BigInt('0x' + Buffer.from('vouch.limit.salt.v1', 'ascii').toString('hex'));

/** What a receipt (or an admission decision) says about a cumulative limit. */
export interface LimitReceiptFields {
  periodScope: string;
  periodNullifier: string;
  oldCommitment: string;
  newCommitment: string;
  tradeValue: string;
}

/** The part of a receipt payload or decision the wallet reads. */
export interface LimitReceiptLike {
  verdict?: 'admit' | 'reject';
  allowed?: boolean;
  tradeHash?: string;
  limit?: LimitReceiptFields;
}

export interface LimitWalletJson {
  type: 'vouch-limit-wallet';
  version: 1;
  /** By period nullifier (decimal): the opening of the commitment the venue holds. */
  periods: Record<string, { total: string; salt: string; commitment: string }>;
}

export type LimitOpening = RunningTotalOpening & { commitment: bigint };

const DEC = /^(0|[1-9][0-9]{0,77})$/;

/** The holder's running totals for cumulative-limit policies: the commitment each period's next proof moves from, updated from the venue's receipts. */
export class LimitWallet {
  readonly #secret: bigint;
  readonly #periods = new Map<bigint, LimitOpening>();

  constructor(holderSecret: bigint, state?: unknown) {
    if (typeof holderSecret !== 'bigint') throw new TypeError('LimitWallet: holderSecret must be a bigint');
    this.#secret = holderSecret;
    if (state !== undefined) this.#load(state);
  }

  /** The opening of the commitment the venue holds for this period; undefined before its first trade. */
  current(periodNullifier: bigint): LimitOpening | undefined {
    const o = this.#periods.get(periodNullifier);
    return o ? { ...o } : undefined;
  }

  /** The salt of the commitment a trade with this hash moves the period to. */
  saltFor(periodNullifier: bigint, oldCommitment: bigint, tradeHash: bigint): bigint {
    return poseidon([SALT_TAG, this.#secret, periodNullifier, oldCommitment, tradeHash]);
  }

  /**
   * Applies an admission (its receipt payload, or the decision): when it is this holder's (its
   * period nullifier is this holder's under its period scope) and continues the chain (its old
   * commitment is the one held), the period moves to the new total. Returns whether it applied;
   * LIMIT_STATE_INVALID when it is this holder's next step but does not open.
   */
  accept(r: LimitReceiptLike): boolean {
    if (r.verdict === 'reject' || r.allowed === false || !r.limit || r.tradeHash === undefined) return false;
    const l = r.limit;
    for (const v of [l.periodScope, l.periodNullifier, l.oldCommitment, l.newCommitment, l.tradeValue, r.tradeHash]) {
      if (typeof v !== 'string' || !DEC.test(v))
        throw new VouchError('LIMIT_STATE_INVALID', 'a receipt’s limit fields must be decimal strings');
    }
    const pn = BigInt(l.periodNullifier);
    if (periodNullifierOf(this.#secret, BigInt(l.periodScope)) !== pn) return false; // another holder's
    const old = BigInt(l.oldCommitment);
    const held = this.#periods.get(pn) ?? { total: 0n, salt: 0n, commitment: EMPTY_COMMITMENT };
    if (held.commitment !== old) return false;
    const next = { total: held.total + BigInt(l.tradeValue), salt: this.saltFor(pn, old, BigInt(r.tradeHash)) };
    const commitment = runningTotalCommitment(next);
    if (commitment !== BigInt(l.newCommitment)) {
      // this holder's period and chain, but the step does not open: a wallet (or a receipt) out of
      // step with the venue
      throw new VouchError(
        'LIMIT_STATE_INVALID',
        'the receipt’s new running-total commitment does not open with this holder’s state',
      );
    }
    this.#periods.set(pn, { ...next, commitment });
    return true;
  }

  /**
   * A wallet rebuilt from the venue's receipts (payloads, already verified with verifyReceipt), in
   * any order: each period's chain is followed from the empty state. Receipts of other periods or
   * other holders are ignored.
   */
  static rebuild(holderSecret: bigint, receipts: readonly LimitReceiptLike[]): LimitWallet {
    const w = new LimitWallet(holderSecret);
    let pending = receipts.filter((r) => r.limit !== undefined && r.verdict !== 'reject' && r.allowed !== false);
    for (let progress = true; progress && pending.length > 0;) {
      progress = false;
      pending = pending.filter((r) => {
        if (!w.#follows(r)) return true;
        if (w.accept(r)) progress = true;
        return false;
      });
    }
    return w;
  }

  toJSON(): LimitWalletJson {
    const periods: LimitWalletJson['periods'] = {};
    for (const [pn, o] of this.#periods)
      periods[pn.toString()] = {
        total: o.total.toString(),
        salt: o.salt.toString(),
        commitment: o.commitment.toString(),
      };
    return { type: 'vouch-limit-wallet', version: 1, periods };
  }

  /** Whether the receipt continues a chain this wallet holds (or starts one). */
  #follows(r: LimitReceiptLike): boolean {
    if (
      !r.limit ||
      typeof r.limit.periodNullifier !== 'string' ||
      !DEC.test(r.limit.periodNullifier) ||
      !DEC.test(r.limit.oldCommitment ?? '')
    )
      return false;
    const held = this.#periods.get(BigInt(r.limit.periodNullifier))?.commitment ?? EMPTY_COMMITMENT;
    return held === BigInt(r.limit.oldCommitment);
  }

  #load(state: unknown): void {
    const s = state as Partial<LimitWalletJson> | null;
    if (
      s === null ||
      typeof s !== 'object' ||
      s.type !== 'vouch-limit-wallet' ||
      s.version !== 1 ||
      typeof s.periods !== 'object' ||
      s.periods === null
    ) {
      throw new VouchError('LIMIT_STATE_INVALID', 'not a vouch-limit-wallet file');
    }
    for (const [pn, o] of Object.entries(s.periods)) {
      if (!DEC.test(pn) || !o || ![o.total, o.salt, o.commitment].every((v) => typeof v === 'string' && DEC.test(v))) {
        throw new VouchError('LIMIT_STATE_INVALID', 'the wallet file has a malformed period');
      }
      const opening = { total: BigInt(o.total), salt: BigInt(o.salt) };
      if (runningTotalCommitment(opening) !== BigInt(o.commitment))
        throw new VouchError('LIMIT_STATE_INVALID', 'a period of the wallet file does not open its commitment');
      this.#periods.set(BigInt(pn), { ...opening, commitment: BigInt(o.commitment) });
    }
  }
}
