/**
 * The holder's side: prove that my credential satisfies policy P for this trade (or for a session
 * key), from local files only. Fails fast with the failing clause's code (e.g. POLICY_UNSATISFIED
 * naming the predicates) before spending seconds on a doomed proof.
 */
import { VouchError, checkOptions, type OptionShape } from '../errors/index.js';
import { statementFor, type CredentialFile, type RegistryMember } from '../credentials/index.js';
import { canonicalTrade, failingPredicates, marketAllowed, nullifierScope, scopeEpoch, sessionKeyCommitment, type CompiledPolicy } from '../policy/index.js';
import { assertStatement, prove } from '../zk/index.js';
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
}

const PROVE_OPTIONS: OptionShape = { holder: 'object', credential: 'object', policy: 'object', members: 'array', now: 'number?' };

export async function proveTrade(o: ProveTradeOptions): Promise<ProofFile> {
  checkOptions('proveTrade', o, PROVE_OPTIONS);
  const t = canonicalTrade(o.trade);
  if (!marketAllowed(o.policy, t.trade.market)) throw new VouchError('MARKET_NOT_ALLOWED', `policy ${o.policy.ref} does not cover market ${t.trade.market}`);
  const now = o.now ?? t.trade.time;
  const scope = nullifierScope(o.policy, t);
  return finish(o, { kind: 'trade', canonical: t.canonical }, t.tradeHash, t.tradeValue, scope, now);
}

export interface ProveSessionOptions extends Omit<ProveTradeOptions, 'trade'> {
  /** The session's Ed25519 public key (32 bytes). */
  sessionPublicKey: Uint8Array;
  venue: string;
  /** Largest order value (hundredths) the session will carry: the proof shows it is within the holder's limit. */
  maxOrderValue: bigint;
  now: number;
}

export async function proveSession(o: ProveSessionOptions): Promise<ProofFile> {
  checkOptions('proveSession', o, { ...PROVE_OPTIONS, sessionPublicKey: 'object', venue: 'string', maxOrderValue: 'bigint', now: 'number' });
  if (!o.policy.session.allowed) throw new VouchError('SESSION_NOT_ALLOWED', `policy ${o.policy.ref} does not allow sessions`);
  const epoch = scopeEpoch(o.policy, o.now);
  const commitment = sessionKeyCommitment(o.sessionPublicKey, o.venue, epoch);
  const scope = nullifierScope(o.policy, { tradeHash: commitment, venue: o.venue, time: o.now });
  const binding = { kind: 'session' as const, publicKey: Buffer.from(o.sessionPublicKey).toString('base64url'), venue: o.venue, epoch };
  return finish(o, binding, commitment, o.maxOrderValue, scope, o.now);
}

async function finish(o: Omit<ProveTradeOptions, 'trade'>, binding: ProofFile['binding'], tradeHash: bigint, tradeValue: bigint, scope: bigint, now: number): Promise<ProofFile> {
  const input = statementFor({
    holderSecret: o.holder.secret, holderSubject: o.holder.subject, credential: o.credential, members: o.members,
    policy: o.policy.circuit, now: BigInt(now), tradeHash, tradeValue, scope,
  });
  try {
    assertStatement(input);
  } catch (err) {
    if (err instanceof VouchError && err.code === 'POLICY_UNSATISFIED') {
      const failing = failingPredicates(o.policy, input.credential.slots);
      throw new VouchError('POLICY_UNSATISFIED', `the credential does not satisfy predicate(s) ${failing.map((i) => i + 1).join(', ')} of ${o.policy.ref}`, { details: { predicates: failing } });
    }
    throw err;
  }
  const { proof, publicSignals } = await prove(input, { preflight: false });
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
