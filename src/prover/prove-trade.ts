/**
 * The holder's side: prove that my credential satisfies policy P for this trade (or for a session
 * key), from local files only. Fails fast with the failing clause's code (e.g. POLICY_UNSATISFIED
 * naming the predicates) before spending seconds on a doomed proof.
 */
import { VouchError, checkOptions, type OptionShape } from '../errors/index.js';
import { statementFor, type CredentialFile, type RegistryMember } from '../credentials/index.js';
import {
  canonicalTrade,
  failingPredicates,
  marketAllowed,
  nullifierScope,
  periodScope,
  scopeEpoch,
  sessionKeyCommitment,
  type CompiledPolicy,
} from '../policy/index.js';
import { affine, randomScalar, type EscrowPoint as Point } from '../escrow/index.js';
import {
  assertAccountable,
  periodNullifierOf,
  type AccountableInput,
  type BabyJubPoint,
  assertStatement,
  prove,
  type ProveProgress,
  proveAccountable,
  type StatementInput,
} from '../zk/index.js';
import type { LimitWallet } from './limit-wallet.js';
import type { ProofFile } from './proof-file.js';

export interface ProveTradeOptions {
  holder: { secret: bigint; subject: bigint };
  credential: CredentialFile;
  policy: CompiledPolicy;
  /** The verifier's issuer-set members (from registry.json). */
  members: readonly RegistryMember[];
  /** Untrusted trade object (validated here). */
  trade: unknown;
  /** Unix seconds; defaults to the trade's time. */
  now?: number;
  /**
   * A policy with `escrow: required`: the registry's current escrow committee key (its
   * `escrowCommittee.publicKey`, e.g. from loadRegistryEscrowCommittee). The proof carries the
   * credential's escrow identity encrypted to it, with fresh randomness.
   */
  escrowKey?: BabyJubPoint | Point;
  /**
   * A policy with a cumulative limit: the holder's running totals. The proof moves the trade's
   * period from the commitment the wallet holds; apply the admission's receipt with `accept`.
   */
  wallet?: LimitWallet;
  /** Progress through the proof's steps (PROVE_STEPS), for a progress bar; carries no value. */
  onProgress?: (p: ProveProgress) => void;
}

const PROVE_OPTIONS: OptionShape = {
  holder: 'object',
  credential: 'object',
  policy: 'object',
  members: 'array',
  now: 'number?',
  escrowKey: 'object?',
  wallet: 'object?',
  onProgress: 'function?',
};

/**
 * Proves, on the holder's machine, that the holder's credential satisfies `policy` for one trade;
 * the holder's secret never leaves the process. Fails fast with the failing clause's code (e.g.
 * POLICY_UNSATISFIED naming the predicates) before spending seconds on a doomed proof.
 *
 * @example
 * const proofFile = await proveTrade({
 *   holder: parseHolderFile(readJson('holder.json')),
 *   credential: parseCredentialFile(readJson('credential.json')),
 *   policy: await loadPolicy('policies/eu-mica-retail-spot.json'),
 *   members: (await loadRegistryFile(readJson('registry.json'), { clock })).members,
 *   trade: readJson('order.json'),
 * });
 * writeFileSync('proof.json', JSON.stringify(proofFile));
 */
export async function proveTrade(o: ProveTradeOptions): Promise<ProofFile> {
  checkOptions('proveTrade', o, PROVE_OPTIONS);
  const t = canonicalTrade(o.trade);
  if (!marketAllowed(o.policy, t.trade.market))
    throw new VouchError('MARKET_NOT_ALLOWED', `policy ${o.policy.ref} does not cover market ${t.trade.market}`);
  const now = o.now ?? t.trade.time;
  const scope = nullifierScope(o.policy, t);
  return finish(o, { kind: 'trade', canonical: t.canonical }, t.tradeHash, t.tradeValue, scope, now, {
    venue: t.trade.venue,
    time: t.trade.time,
  });
}

export interface ProveSessionOptions extends Omit<ProveTradeOptions, 'trade'> {
  /** The session's Ed25519 public key (32 bytes). */
  sessionPublicKey: Uint8Array;
  venue: string;
  /** Largest order value (hundredths) the session will carry: the proof shows it is within the holder's limit. */
  maxOrderValue: bigint;
  now: number;
}

/** Proves the policy once for a session key instead of one trade: the venue then admits the session's orders signed by that key. */
export async function proveSession(o: ProveSessionOptions): Promise<ProofFile> {
  checkOptions('proveSession', o, {
    ...PROVE_OPTIONS,
    sessionPublicKey: 'object',
    venue: 'string',
    maxOrderValue: 'bigint',
    now: 'number',
  });
  if (!o.policy.session.allowed)
    throw new VouchError('SESSION_NOT_ALLOWED', `policy ${o.policy.ref} does not allow sessions`);
  const epoch = scopeEpoch(o.policy, o.now);
  const commitment = sessionKeyCommitment(o.sessionPublicKey, o.venue, epoch);
  const scope = nullifierScope(o.policy, { tradeHash: commitment, venue: o.venue, time: o.now });
  const binding = {
    kind: 'session' as const,
    publicKey: Buffer.from(o.sessionPublicKey).toString('base64url'),
    venue: o.venue,
    epoch,
  };
  return finish(o, binding, commitment, o.maxOrderValue, scope, o.now);
}

async function finish(
  o: Omit<ProveTradeOptions, 'trade'>,
  binding: ProofFile['binding'],
  tradeHash: bigint,
  tradeValue: bigint,
  scope: bigint,
  now: number,
  trade?: { venue: string; time: number },
): Promise<ProofFile> {
  const input = statementFor({
    holderSecret: o.holder.secret,
    holderSubject: o.holder.subject,
    credential: o.credential,
    members: o.members,
    policy: o.policy.circuit,
    now: BigInt(now),
    tradeHash,
    tradeValue,
    scope,
  });
  try {
    assertStatement(input);
  } catch (err) {
    if (err instanceof VouchError && err.code === 'POLICY_UNSATISFIED') {
      const failing = failingPredicates(o.policy, input.credential.slots);
      throw new VouchError(
        'POLICY_UNSATISFIED',
        `the credential does not satisfy predicate(s) ${failing.map((i) => i + 1).join(', ')} of ${o.policy.ref}`,
        { details: { predicates: failing } },
      );
    }
    throw err;
  }
  const accountable = o.policy.circuitName === 'policy-accountable' ? accountableInput(o, input, trade) : undefined;
  const { proof, publicSignals } = accountable
    ? await proveAccountable(input, accountable, { preflight: false, onProgress: o.onProgress })
    : await prove(input, { preflight: false, onProgress: o.onProgress });
  return {
    type: 'vouch-proof',
    version: 1,
    policy: { id: o.policy.id, version: o.policy.version, policyHash: o.policy.policyHash.toString() },
    binding,
    proof: { pi_a: proof.pi_a, pi_b: proof.pi_b, pi_c: proof.pi_c, protocol: 'groth16', curve: 'bn128' },
    publicSignals,
    createdAt: now,
  };
}

/** The escrow key and running-total inputs of an accountable policy, checked in the clear (codes before seconds of proving). */
function accountableInput(
  o: Omit<ProveTradeOptions, 'trade'>,
  input: StatementInput,
  trade: { venue: string; time: number } | undefined,
): AccountableInput {
  const a: AccountableInput = {};
  if (o.policy.escrow) {
    if (!o.escrowKey)
      throw new VouchError(
        'ESCROW_KEY_MISSING',
        `${o.policy.ref} requires identity escrow: give the registry's escrow committee key (escrowKey)`,
      );
    const k = 'toAffine' in o.escrowKey ? affine(o.escrowKey) : o.escrowKey;
    a.escrow = { publicKey: { x: k.x, y: k.y }, randomness: randomScalar() };
  }
  if (o.policy.cumulativeLimit) {
    if (!o.wallet)
      throw new VouchError(
        'LIMIT_STATE_MISSING',
        `${o.policy.ref} sets a cumulative limit: give the holder's limit wallet`,
      );
    if (!trade)
      throw new VouchError(
        'SESSION_NOT_ALLOWED',
        `${o.policy.ref} sets a cumulative limit, which a session cannot carry`,
      );
    const ps = periodScope(o.policy, trade.venue, trade.time);
    const pn = periodNullifierOf(o.holder.secret, ps);
    const old = o.wallet.current(pn);
    a.limit = {
      periodScope: ps,
      ...(old ? { old } : {}),
      newSalt: o.wallet.saltFor(pn, old?.commitment ?? 0n, input.tradeHash),
    };
  }
  assertAccountable(input, a);
  return a;
}
