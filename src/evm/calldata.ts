/**
 * Calldata for the gate: a proof.json (or a bare snarkjs proof and its public signals) plus the
 * trade it is for, as the gate's Trade and Proof structs. G2 coordinates go in EIP-197 order
 * (c1 before c0), the reverse of snarkjs JSON. The proof's two precomputed verifying-key terms
 * (policy and root) are computed here from the verifying key; the gate checks them against its
 * commitments.
 *
 * Parsing is structural only (decimal strings below 2^256, affine points with z = 1): whether a
 * point is on the curve or a signal is below r is the gate's decision, so hostile input reaches it.
 */
import { encodeFunctionData, type Hex } from 'viem';
import { VouchError } from '../errors/index.js';
import { DOMAIN_TAGS, canonicalTrade, stringToField } from '../policy/index.js';
import { poseidon, PUBLIC_SIGNAL_NAMES, type VerifyingKeyJson } from '../zk/index.js';
import { vouchGateAbi } from './abi.js';
import { add, ic, malformed, mul, proofWords, signalWords } from './lib/proof-words.js';

export interface GateTrade {
  market: Hex;
  side: number;
  size: bigint;
  price: bigint;
  nonce: Hex;
  time: bigint;
}

export interface GateProof {
  policyId: bigint;
  issuerSetRoot: bigint;
  provedAt: bigint;
  nullifier: bigint;
  tradeHash: bigint;
  pi: readonly [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  keyTerms: readonly [bigint, bigint, bigint, bigint];
}

export interface AdmitArgs {
  trade: GateTrade;
  proof: GateProof;
}

const at = (name: (typeof PUBLIC_SIGNAL_NAMES)[number]) => PUBLIC_SIGNAL_NAMES.indexOf(name);

/** The Trade struct of an EVM-targeted trade (venue `evm:<chainId>:<gate>`); TRADE_INVALID otherwise. */
export function gateTrade(trade: unknown): GateTrade {
  const t = canonicalTrade(trade);
  if (!t.evm)
    throw new VouchError('TRADE_INVALID', 'the trade is not for an EVM gate (venue evm:<chainId>:<gate>)', {
      details: { field: 'venue' },
    });
  const w = t.evm.words;
  return { market: w.market, side: w.side, size: w.size, price: w.price, nonce: w.nonce, time: w.time };
}

/** policyId = Poseidon(tag, H(id), H(version), policyHash), as compilePolicy computes it. */
export function gatePolicyId(policy: { id: string; version: string }, policyHash: bigint): bigint {
  return poseidon([DOMAIN_TAGS.policyId, stringToField(policy.id), stringToField(policy.version), policyHash]);
}

/** The Proof struct for a snarkjs proof and its seven public signals. */
export function gateProof(o: {
  proof: unknown;
  publicSignals: unknown;
  policyId: bigint;
  vkey: VerifyingKeyJson;
}): GateProof {
  const s = signals(o.publicSignals);
  const pi = proofWords(o.proof);
  const policyTerm = add(ic(o.vkey, 0), mul(ic(o.vkey, at('policyHash') + 1), s[at('policyHash')]!));
  const rootTerm = mul(ic(o.vkey, at('issuerSetRoot') + 1), s[at('issuerSetRoot')]!);
  return {
    policyId: o.policyId,
    issuerSetRoot: s[at('issuerSetRoot')]!,
    provedAt: s[at('now')]!,
    nullifier: s[at('nullifier')]!,
    tradeHash: s[at('tradeHash')]!,
    pi,
    keyTerms: [policyTerm.x, policyTerm.y, rootTerm.x, rootTerm.y],
  };
}

/** Both structs from a proof.json and the trade it binds. */
export function admitArgs(o: { proofFile: unknown; trade: unknown; vkey: VerifyingKeyJson }): AdmitArgs {
  const f = o.proofFile as {
    policy?: { id?: unknown; version?: unknown };
    proof?: unknown;
    publicSignals?: unknown;
  } | null;
  if (f === null || typeof f !== 'object' || typeof f.policy?.id !== 'string' || typeof f.policy.version !== 'string') {
    throw malformed('not a proof.json (policy id and version missing)');
  }
  const s = signals(f.publicSignals);
  const policyId = gatePolicyId({ id: f.policy.id, version: f.policy.version }, s[at('policyHash')]!);
  return {
    trade: gateTrade(o.trade),
    proof: gateProof({ proof: f.proof, publicSignals: f.publicSignals, policyId, vkey: o.vkey }),
  };
}

/**
 * The calldata of `VouchGate.admit(trade, proof)` for one proof, to send from any wallet or client.
 *
 * @example
 * const args = admitArgs({ proofFile, trade, vkey }); // checks the proof file against the trade
 * const data = admitCalldata(args);
 * await walletClient.sendTransaction({ to: gateAddress, data });
 */
export function admitCalldata(a: AdmitArgs): Hex {
  return encodeFunctionData({ abi: vouchGateAbi, functionName: 'admit', args: [a.trade, a.proof] });
}

/** The calldata of `VouchGate.admitBatch` for several proofs, verified on-chain in one call. */
export function admitBatchCalldata(items: readonly AdmitArgs[]): Hex {
  return encodeFunctionData({
    abi: vouchGateAbi,
    functionName: 'admitBatch',
    args: [items.map((i) => i.trade), items.map((i) => i.proof)],
  });
}

function signals(v: unknown): bigint[] {
  return signalWords(v, PUBLIC_SIGNAL_NAMES.length, 'a policy proof');
}
