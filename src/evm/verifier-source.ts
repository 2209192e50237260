/**
 * Generates `VouchVerifier.sol`, the Groth16 verifier for the Vouch policy circuit, from a
 * verifying key. Deterministic: the same key gives the same bytes (no dates, no paths), and the
 * source names the SHA-256 of the key file it was made from.
 *
 * Layout choices (each saves gas against a generic template):
 * - every G2 constant is stored negated, so the pairing check is
 *   e(A, B) · e(alpha, -beta) · e(L, -gamma) · e(C, -delta) = 1 with no negation at run time;
 * - IC points of the circuit's signals get names, plus IC_TRADE_SCOPE = IC_tradeHash + IC_scope
 *   for targets whose nullifier scope equals the trade hash (the EVM binding: one ecMul instead of two);
 * - one pairing call with four pairs; all reads straight from calldata.
 * It must never accept a signal >= r (the CVE-2023-33252 aliasing class) nor a time or trade value
 * >= 2^64 (the circuit range-checks both; the boundary repeats it).
 */
import { createHash } from 'node:crypto';
import { bn254 } from '@noble/curves/bn254.js';
import {
  ACCOUNTABLE_PUBLIC_SIGNAL_BITS,
  ACCOUNTABLE_PUBLIC_SIGNAL_NAMES,
  BASE_MODULUS,
  FIELD_MODULUS,
  PUBLIC_SIGNAL_BITS,
  PUBLIC_SIGNAL_NAMES,
  type VerifyingKeyJson,
} from '../zk/index.js';

/** The circuits a verifier can be generated for, with their contract name and public signals. */
export const VERIFIER_CIRCUITS = {
  policy: { contract: 'VouchVerifier', names: PUBLIC_SIGNAL_NAMES, bits: PUBLIC_SIGNAL_BITS },
  'policy-accountable': {
    contract: 'VouchAccountableVerifier',
    names: ACCOUNTABLE_PUBLIC_SIGNAL_NAMES,
    bits: ACCOUNTABLE_PUBLIC_SIGNAL_BITS,
  },
} as const;
export type VerifierCircuit = keyof typeof VERIFIER_CIRCUITS;

export interface VerifierSource {
  /** Solidity source of VouchVerifier.sol. */
  source: string;
  /** SHA-256 (hex) of the verifying key's canonical JSON. */
  vkeyHash: string;
}

type G1 = { x: bigint; y: bigint };
type G2 = { x: [bigint, bigint]; y: [bigint, bigint] };

/** SHA-256 of the key as canonical JSON (keys as snarkjs writes them, no whitespace). */
export function verifyingKeyHash(vkey: VerifyingKeyJson): string {
  const canonical = JSON.stringify({
    protocol: vkey.protocol,
    curve: vkey.curve,
    nPublic: vkey.nPublic,
    vk_alpha_1: vkey.vk_alpha_1,
    vk_beta_2: vkey.vk_beta_2,
    vk_gamma_2: vkey.vk_gamma_2,
    vk_delta_2: vkey.vk_delta_2,
    IC: vkey.IC,
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Generates the Solidity Groth16 verifier for a verifying key, with the hash of the key it embeds:
 * `VouchVerifier` for the policy circuit (the default), `VouchAccountableVerifier` for the
 * accountable variant (the same layout over its 17 signals).
 */
export function verifierSource(vkey: VerifyingKeyJson, circuit: VerifierCircuit = 'policy'): VerifierSource {
  if (vkey.protocol !== 'groth16' || vkey.curve !== 'bn128')
    throw new TypeError('a Groth16 BN254 (bn128) verifying key is required');
  const { contract, names: PUBLIC_SIGNAL_NAMES, bits: PUBLIC_SIGNAL_BITS } = VERIFIER_CIRCUITS[circuit];
  if (vkey.nPublic !== PUBLIC_SIGNAL_NAMES.length || vkey.IC.length !== vkey.nPublic + 1) {
    throw new TypeError(
      `the ${circuit} circuit has ${PUBLIC_SIGNAL_NAMES.length} public signals; this key has ${vkey.nPublic}`,
    );
  }
  const vkeyHash = verifyingKeyHash(vkey);
  const ic = vkey.IC.map(g1);
  const at = (name: string) => (PUBLIC_SIGNAL_NAMES as readonly string[]).indexOf(name) + 1;
  const tradeScope = add(ic[at('tradeHash')]!, ic[at('scope')]!);

  const lines: string[] = [];
  const c = (name: string, v: bigint) => lines.push(`    uint256 internal constant ${name} = ${hex(v)};`);
  const g1c = (name: string, p: G1) => {
    c(`${name}_X`, p.x);
    c(`${name}_Y`, p.y);
  };
  // EVM order for G2 (EIP-197): x.c1, x.c0, y.c1, y.c0
  const g2c = (name: string, q: G2) => {
    c(`${name}_X1`, q.x[1]);
    c(`${name}_X0`, q.x[0]);
    c(`${name}_Y1`, q.y[1]);
    c(`${name}_Y0`, q.y[0]);
  };
  g1c('ALPHA', g1(vkey.vk_alpha_1));
  g2c('NEG_BETA', neg2(g2(vkey.vk_beta_2)));
  g2c('NEG_GAMMA', neg2(g2(vkey.vk_gamma_2)));
  g2c('NEG_DELTA', neg2(g2(vkey.vk_delta_2)));
  g1c('IC_CONSTANT', ic[0]!);
  PUBLIC_SIGNAL_NAMES.forEach((n, i) => g1c(`IC_${snake(n)}`, ic[i + 1]!));
  g1c('IC_TRADE_SCOPE', tradeScope);

  // as off-chain (parsePublicSignals): every signal < r first, then the circuit's bit widths
  const canonicalChecks = PUBLIC_SIGNAL_NAMES.map(
    (n, i) => `            if iszero(lt(calldataload(add(signals, ${i * 32})), R)) { notCanonical := 1 } // ${n}`,
  ).join('\n');
  const bitChecks = PUBLIC_SIGNAL_NAMES.flatMap((n, i) => {
    const b = PUBLIC_SIGNAL_BITS[i];
    return b === undefined
      ? []
      : [`            if shr(${b}, calldataload(add(signals, ${i * 32}))) { outOfRange := 1 } // ${n} < 2^${b}`];
  }).join('\n');
  const bounded = (PUBLIC_SIGNAL_NAMES as readonly string[])
    .filter((_, i) => PUBLIC_SIGNAL_BITS[i] !== undefined)
    .map((n, i) => `${n} < 2^${PUBLIC_SIGNAL_BITS.filter((b) => b !== undefined)[i]}`)
    .join(', ');
  const msm = PUBLIC_SIGNAL_NAMES.map(
    (n, i) =>
      `            ok := and(ok, mulAdd(m, IC_${snake(n)}_X, IC_${snake(n)}_Y, calldataload(add(signals, ${i * 32}))))`,
  ).join('\n');

  const source = `// SPDX-License-Identifier: Apache-2.0
// GENERATED by \`vouch evm export\` from the Groth16 verifying key with SHA-256 ${vkeyHash}.
// Do not edit: regenerate from the key. Same key, same bytes.
pragma solidity 0.8.28;

/// @title ${contract}: Groth16 (BN254) verifier of the Vouch ${circuit} circuit
/// @notice Public signals, in circuit order: ${PUBLIC_SIGNAL_NAMES.join(', ')}.
/// @dev G2 constants are stored negated: the check is e(A,B)·e(alpha,-beta)·e(L,-gamma)·e(C,-delta) = 1.
///      Every signal must be < r, and ${bounded} (the circuit's range checks).
contract ${contract} {
    /// A public signal is >= r.
    error SignalNotCanonical();
    /// A public signal is beyond the bit width the circuit range-checks it to.
    error SignalOutOfRange();
    /// A proof point is the identity, off the curve, not in its subgroup, or a coordinate is >= p.
    error PointInvalid();

    /// SHA-256 of the verifying key (canonical JSON) this contract was generated from.
    bytes32 public constant VKEY_SHA256 = 0x${vkeyHash};

    uint256 internal constant R = ${hex(FIELD_MODULUS)};
    uint256 internal constant P = ${hex(BASE_MODULUS)};
${lines.join('\n')}

    /// @notice Verifies one proof against all ${PUBLIC_SIGNAL_NAMES.length === 7 ? 'seven' : PUBLIC_SIGNAL_NAMES.length} public signals.
    /// @param proof A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y (EIP-197 order for B).
    /// @return valid Whether the pairing check holds; malformed input reverts (PointInvalid, SignalNotCanonical, SignalOutOfRange).
    function verifyProof(uint256[8] calldata proof, uint256[${PUBLIC_SIGNAL_NAMES.length}] calldata publicSignals) external view returns (bool valid) {
        uint256 lx;
        uint256 ly;
        bool notCanonical;
        bool outOfRange;
        assembly ("memory-safe") {
            let signals := publicSignals
${canonicalChecks}
${bitChecks}
        }
        if (notCanonical) revert SignalNotCanonical();
        if (outOfRange) revert SignalOutOfRange();
        bool ok = true;
        assembly ("memory-safe") {
            let signals := publicSignals
            // m: [acc.x, acc.y, tmp.x, tmp.y, scalar]; ecMul writes tmp, ecAdd folds it into acc
            function mulAdd(m, x, y, k) -> r {
                mstore(add(m, 0x40), x)
                mstore(add(m, 0x60), y)
                mstore(add(m, 0x80), k)
                r := staticcall(gas(), 0x07, add(m, 0x40), 0x60, add(m, 0x40), 0x40) // ecMul first: Yul evaluates arguments right to left
                r := and(r, staticcall(gas(), 0x06, m, 0x80, m, 0x40))
            }
            let m := mload(0x40)
            mstore(m, IC_CONSTANT_X)
            mstore(add(m, 0x20), IC_CONSTANT_Y)
${msm}
            lx := mload(m)
            ly := mload(add(m, 0x20))
        }
        // ecMul/ecAdd on the key's own points cannot fail; a failure means the call ran out of gas
        require(ok);
        uint256 pi;
        assembly ("memory-safe") {
            pi := proof
        }
        if (_hasIdentity(pi)) revert PointInvalid();
        return _pairing(pi, lx, ly);
    }

    /// @dev The identity is a valid pairing input but never a valid proof point (A, B, C all != O).
    function _hasIdentity(uint256 pi) internal pure returns (bool identity) {
        assembly ("memory-safe") {
            let b := or(or(calldataload(add(pi, 0x40)), calldataload(add(pi, 0x60))), or(calldataload(add(pi, 0x80)), calldataload(add(pi, 0xa0))))
            identity := or(or(iszero(or(calldataload(pi), calldataload(add(pi, 0x20)))), iszero(b)), iszero(or(calldataload(add(pi, 0xc0)), calldataload(add(pi, 0xe0)))))
        }
    }

    /// @dev e(A,B)·e(alpha,-beta)·e(L,-gamma)·e(C,-delta) == 1, with A, B, C read from calldata at \`pi\`.
    ///      The precompile refuses points off the curve, outside G2's subgroup or with coordinates >= p.
    function _pairing(uint256 pi, uint256 lx, uint256 ly) internal view returns (bool) {
        bool success;
        bool holds;
        assembly ("memory-safe") {
            let q := mload(0x40)
            calldatacopy(q, pi, 0xc0)
            mstore(add(q, 0xc0), ALPHA_X)
            mstore(add(q, 0xe0), ALPHA_Y)
            mstore(add(q, 0x100), NEG_BETA_X1)
            mstore(add(q, 0x120), NEG_BETA_X0)
            mstore(add(q, 0x140), NEG_BETA_Y1)
            mstore(add(q, 0x160), NEG_BETA_Y0)
            mstore(add(q, 0x180), lx)
            mstore(add(q, 0x1a0), ly)
            mstore(add(q, 0x1c0), NEG_GAMMA_X1)
            mstore(add(q, 0x1e0), NEG_GAMMA_X0)
            mstore(add(q, 0x200), NEG_GAMMA_Y1)
            mstore(add(q, 0x220), NEG_GAMMA_Y0)
            calldatacopy(add(q, 0x240), add(pi, 0xc0), 0x40)
            mstore(add(q, 0x280), NEG_DELTA_X1)
            mstore(add(q, 0x2a0), NEG_DELTA_X0)
            mstore(add(q, 0x2c0), NEG_DELTA_Y1)
            mstore(add(q, 0x2e0), NEG_DELTA_Y0)
            success := staticcall(gas(), 0x08, q, 0x300, q, 0x20)
            holds := and(success, mload(q))
        }
        if (!success) revert PointInvalid();
        return holds;
    }
}
`;
  return { source, vkeyHash };
}

function g1(p: string[]): G1 {
  return { x: BigInt(p[0]!), y: BigInt(p[1]!) };
}

function g2(p: string[][]): G2 {
  return { x: [BigInt(p[0]![0]!), BigInt(p[0]![1]!)], y: [BigInt(p[1]![0]!), BigInt(p[1]![1]!)] };
}

function neg2(q: G2): G2 {
  const n = (v: bigint) => (v === 0n ? 0n : BASE_MODULUS - v);
  return { x: q.x, y: [n(q.y[0]), n(q.y[1])] };
}

function add(a: G1, b: G1): G1 {
  const s = bn254.G1.Point.fromAffine(a).add(bn254.G1.Point.fromAffine(b)).toAffine();
  return { x: s.x, y: s.y };
}

function hex(v: bigint): string {
  return `0x${v.toString(16).padStart(64, '0')}`;
}

function snake(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}
