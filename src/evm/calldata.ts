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
import { bn254 } from '@noble/curves/bn254.js';
import { encodeFunctionData, type Hex } from 'viem';
import { VouchError, type VouchErrorCode } from '../errors/index.js';
import { DOMAIN_TAGS, canonicalTrade, stringToField } from '../policy/index.js';
import { poseidon, PUBLIC_SIGNAL_NAMES, type VerifyingKeyJson } from '../zk/index.js';
import { vouchGateAbi } from './abi.js';

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

const WORD = 1n << 256n;
const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;
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
  const p = o.proof as { pi_a?: unknown; pi_b?: unknown; pi_c?: unknown; protocol?: unknown; curve?: unknown } | null;
  if (p === null || typeof p !== 'object') throw malformed('the proof must be an object');
  if (p.protocol !== undefined && p.protocol !== 'groth16') throw malformed('proof protocol must be groth16');
  if (p.curve !== undefined && p.curve !== 'bn128') throw malformed('proof curve must be bn128');
  const a = g1(p.pi_a, 'pi_a');
  const b = g2(p.pi_b);
  const c = g1(p.pi_c, 'pi_c');
  const policyTerm = add(ic(o.vkey, 0), mul(ic(o.vkey, at('policyHash') + 1), s[at('policyHash')]!));
  const rootTerm = mul(ic(o.vkey, at('issuerSetRoot') + 1), s[at('issuerSetRoot')]!);
  return {
    policyId: o.policyId,
    issuerSetRoot: s[at('issuerSetRoot')]!,
    provedAt: s[at('now')]!,
    nullifier: s[at('nullifier')]!,
    tradeHash: s[at('tradeHash')]!,
    pi: [a[0], a[1], b[0], b[1], b[2], b[3], c[0], c[1]],
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
  if (!Array.isArray(v) || v.length !== PUBLIC_SIGNAL_NAMES.length)
    throw malformed(`a policy proof has ${PUBLIC_SIGNAL_NAMES.length} public signals`);
  return v.map((x) => word(x, 'SIGNAL_NOT_CANONICAL', 'a public signal'));
}

function g1(v: unknown, what: string): [bigint, bigint] {
  if (!Array.isArray(v) || v.length !== 3) throw malformed(`${what} must be [x, y, z]`);
  const [x, y, z] = v.map((c) => word(c, 'PROOF_MALFORMED', what));
  if (z !== 1n) throw new VouchError('POINT_INVALID', `${what} must be an affine point (z = 1)`);
  return [x!, y!];
}

/** snarkjs [[x.c0, x.c1], [y.c0, y.c1], [1, 0]] → EIP-197 [x.c1, x.c0, y.c1, y.c0]. */
function g2(v: unknown): [bigint, bigint, bigint, bigint] {
  if (!Array.isArray(v) || v.length !== 3 || !v.every((c) => Array.isArray(c) && c.length === 2))
    throw malformed('pi_b must be [[x0, x1], [y0, y1], [z0, z1]]');
  const [x, y, z] = (v as unknown[][]).map((c) => c.map((e) => word(e, 'PROOF_MALFORMED', 'pi_b')));
  if (z![0] !== 1n || z![1] !== 0n) throw new VouchError('POINT_INVALID', 'pi_b must be an affine point (z = 1)');
  return [x![1]!, x![0]!, y![1]!, y![0]!];
}

function word(v: unknown, code: VouchErrorCode, what: string): bigint {
  if (typeof v !== 'string' || !DECIMAL.test(v)) throw new VouchError(code, `${what} must be a decimal string`);
  const n = BigInt(v);
  if (n >= WORD) throw new VouchError(code, `${what} does not fit in 256 bits`);
  return n;
}

function malformed(message: string): VouchError {
  return new VouchError('PROOF_MALFORMED', message);
}

type Affine = { x: bigint; y: bigint };

function ic(vkey: VerifyingKeyJson, i: number): Affine {
  const p = vkey.IC[i]!;
  return { x: BigInt(p[0]!), y: BigInt(p[1]!) };
}

function mul(p: Affine, k: bigint): Affine {
  const r = bn254.G1.Point.fromAffine(p).multiplyUnsafe(k % bn254.fields.Fr.ORDER);
  return r.is0() ? { x: 0n, y: 0n } : r.toAffine();
}

function add(p: Affine, q: Affine): Affine {
  const r = bn254.G1.Point.fromAffine(p).add(bn254.G1.Point.fromAffine(q));
  return r.is0() ? { x: 0n, y: 0n } : r.toAffine();
}
