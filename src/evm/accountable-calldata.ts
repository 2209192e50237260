/**
 * Calldata for VouchAccountableGate: a proof.json of the accountable circuit (17 public signals)
 * plus the trade it is for, as the gate's Trade and AccountableProof structs, and what the gate's
 * admin and updater post for a policy (its features, its period scopes, the committee key).
 *
 * The four verifying-key terms the gate checks against its commitments (policy, root, escrow key,
 * period scope) are computed here from the accountable verifying key, as gateProof does for the
 * base gate. Parsing is structural only: the gate decides the rest, so hostile input reaches it.
 */
import { encodeFunctionData, type Hex } from 'viem';
import { limitPeriod, periodScope, type CompiledPolicy } from '../policy/index.js';
import { ACCOUNTABLE_PUBLIC_SIGNAL_NAMES, type VerifyingKeyJson } from '../zk/index.js';
import { vouchAccountableGateAbi } from './accountable-abi.js';
import { gatePolicyId, gateTrade, type GateTrade } from './calldata.js';
import { add, ic, malformed, mul, proofWords, signalWords } from './lib/proof-words.js';

export interface AccountableGateProof {
  policyId: bigint;
  issuerSetRoot: bigint;
  provedAt: bigint;
  nullifier: bigint;
  tradeHash: bigint;
  /** C1.x, C1.y, C2.x, C2.y */
  escrowCiphertext: readonly [bigint, bigint, bigint, bigint];
  periodNullifier: bigint;
  newCommitment: bigint;
  oldCommitment: bigint;
  escrowKey: readonly [bigint, bigint];
  periodScope: bigint;
  pi: readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  /** policy term, root term, escrow-key term, period-scope term (x, y each). */
  keyTerms: readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
}

export interface AccountableAdmitArgs {
  trade: GateTrade;
  proof: AccountableGateProof;
}

/** What VouchAccountableGate.setPolicy takes for a compiled accountable policy. */
export interface AccountableGatePolicy {
  policyId: bigint;
  policyHash: bigint;
  maxClockSkew: number;
  escrow: boolean;
  /** 0 none, 1 calendar month, 2 calendar year (the gate's encoding). */
  limitPeriod: 0 | 1 | 2;
}

const at = (name: (typeof ACCOUNTABLE_PUBLIC_SIGNAL_NAMES)[number]) => ACCOUNTABLE_PUBLIC_SIGNAL_NAMES.indexOf(name);

/** The AccountableProof struct for a snarkjs proof and its 17 public signals. */
export function accountableGateProof(o: {
  proof: unknown;
  publicSignals: unknown;
  policyId: bigint;
  vkey: VerifyingKeyJson;
}): AccountableGateProof {
  const s = signalWords(o.publicSignals, ACCOUNTABLE_PUBLIC_SIGNAL_NAMES.length, 'an accountable policy proof');
  const pi = proofWords(o.proof);
  const v = (n: (typeof ACCOUNTABLE_PUBLIC_SIGNAL_NAMES)[number]) => s[at(n)]!;
  const term = (n: (typeof ACCOUNTABLE_PUBLIC_SIGNAL_NAMES)[number]) => mul(ic(o.vkey, at(n) + 1), v(n));
  const policyTerm = add(ic(o.vkey, 0), term('policyHash'));
  const rootTerm = term('issuerSetRoot');
  const keyTerm = add(term('escrowKeyX'), term('escrowKeyY'));
  const scopeTerm = term('periodScope');
  return {
    policyId: o.policyId,
    issuerSetRoot: v('issuerSetRoot'),
    provedAt: v('now'),
    nullifier: v('nullifier'),
    tradeHash: v('tradeHash'),
    escrowCiphertext: [v('escrowC1x'), v('escrowC1y'), v('escrowC2x'), v('escrowC2y')],
    periodNullifier: v('periodNullifier'),
    newCommitment: v('newCommitment'),
    oldCommitment: v('oldCommitment'),
    escrowKey: [v('escrowKeyX'), v('escrowKeyY')],
    periodScope: v('periodScope'),
    pi,
    keyTerms: [policyTerm.x, policyTerm.y, rootTerm.x, rootTerm.y, keyTerm.x, keyTerm.y, scopeTerm.x, scopeTerm.y],
  };
}

/** Both structs from an accountable proof.json and the trade it binds (venue `evm:<chainId>:<gate>`). */
export function accountableAdmitArgs(o: {
  proofFile: unknown;
  trade: unknown;
  vkey: VerifyingKeyJson;
}): AccountableAdmitArgs {
  const f = o.proofFile as {
    policy?: { id?: unknown; version?: unknown };
    proof?: unknown;
    publicSignals?: unknown;
  } | null;
  if (f === null || typeof f !== 'object' || typeof f.policy?.id !== 'string' || typeof f.policy.version !== 'string') {
    throw malformed('not a proof.json (policy id and version missing)');
  }
  const s = signalWords(f.publicSignals, ACCOUNTABLE_PUBLIC_SIGNAL_NAMES.length, 'an accountable policy proof');
  const policyId = gatePolicyId({ id: f.policy.id, version: f.policy.version }, s[at('policyHash')]!);
  return {
    trade: gateTrade(o.trade),
    proof: accountableGateProof({ proof: f.proof, publicSignals: f.publicSignals, policyId, vkey: o.vkey }),
  };
}

/**
 * The calldata of `VouchAccountableGate.admit(trade, proof)`, to send from any wallet or client.
 *
 * @example
 * const args = accountableAdmitArgs({ proofFile, trade, vkey }); // vkey: the accountable circuit's
 * await walletClient.sendTransaction({ to: gateAddress, data: accountableAdmitCalldata(args) });
 */
export function accountableAdmitCalldata(a: AccountableAdmitArgs): Hex {
  return encodeFunctionData({ abi: vouchAccountableGateAbi, functionName: 'admit', args: [a.trade, a.proof] });
}

/** The setPolicy arguments of an accountable policy (RangeError for a base-circuit policy). */
export function accountableGatePolicy(policy: CompiledPolicy): AccountableGatePolicy {
  if (policy.circuitName !== 'policy-accountable')
    throw new RangeError(`${policy.ref} is proved by the base circuit: enforce it on VouchGate`);
  const period = policy.cumulativeLimit?.period;
  return {
    policyId: policy.policyId,
    policyHash: policy.policyHash,
    maxClockSkew: policy.maxClockSkewSeconds,
    escrow: policy.escrow,
    limitPeriod: period === undefined ? 0 : period === 'calendar-month' ? 1 : 2,
  };
}

/**
 * The setPeriodScopes arguments for `count` consecutive periods of a cumulative-limit policy from
 * the one holding `fromTime`, at the gate `venue` (evm:<chainId>:<gate>): the gate cannot compute
 * Poseidon cheaply, so its admin posts the scopes ahead (a year of months is one transaction).
 */
export function gatePeriodScopes(
  policy: CompiledPolicy,
  venue: string,
  fromTime: number,
  count: number,
): { policyId: bigint; firstPeriod: bigint; scopes: bigint[] } {
  if (!policy.cumulativeLimit) throw new RangeError(`${policy.ref} sets no cumulative limit`);
  if (!Number.isSafeInteger(count) || count < 1 || count > 120) throw new RangeError('count must be 1..120');
  const first = limitPeriod(policy, fromTime);
  const scopes: bigint[] = [];
  for (let i = 0; i < count; i++) scopes.push(periodScope(policy, venue, periodStart(policy, first + i)));
  return { policyId: policy.policyId, firstPeriod: BigInt(first), scopes };
}

/** A unix time inside period `p` (its first second). */
function periodStart(policy: CompiledPolicy, p: number): number {
  return policy.cumulativeLimit!.period === 'calendar-month'
    ? Date.UTC(Math.floor(p / 12), p % 12, 1) / 1000
    : Date.UTC(p, 0, 1) / 1000;
}
