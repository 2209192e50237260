// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IVouchGate} from "./IVouchGate.sol";
import {VouchGateBase} from "./VouchGateBase.sol";
import {VouchVerifier} from "./VouchVerifier.sol";

/// @title VouchGate: the Vouch compliance hook, on-chain
/// @notice Admits a trade when a Groth16 policy proof shows that some holder of a trusted, unrevoked
///         credential satisfies an enforced policy for exactly this trade, on this chain and gate.
///         It holds the accepted issuer-set roots (posted by the updater, with the off-chain
///         registry's grace rule), the enforced policies and the spent nullifiers.
/// @dev Never admits without: a known policy, a trade binding recomputed here from the trade's own
///      fields, a clock window against block.timestamp, a current or recently replaced root, an
///      unspent canonical nullifier and a verifying proof. Every refusal reverts (no state change)
///      with a custom error named after the off-chain hook's code.
///      `admit` and `admitBatch` are dispatched by the fallback so that calldata of the wrong length
///      reverts ProofMalformed() instead of Solidity's empty decoder revert; IVouchGate is their ABI.
contract VouchGate is VouchGateBase, VouchVerifier {
    /// A batch item was refused; `reason` is the selector of the error admit() would give.
    error BatchItemRejected(uint256 index, bytes4 reason);

    event PolicySet(uint256 indexed policyId, uint256 policyHash, uint32 maxClockSkew);

    /// Largest batch: the multi-pairing input lives in memory.
    uint256 internal constant MAX_BATCH = 256;

    uint256 internal constant PROOF_BYTES = 0x220; // 17 words
    bytes4 internal constant ADMIT = IVouchGate.admit.selector;
    bytes4 internal constant ADMIT_BATCH = IVouchGate.admitBatch.selector;

    // _policies[policyId] (VouchGateBase): keccak(IC_0 + policyHash·IC_policyHash) with its low 32 bits
    // replaced by maxClockSkew

    constructor(address admin_, address updater_, address venue_, uint256 rootGraceSeconds_)
        VouchGateBase(admin_, updater_, venue_, rootGraceSeconds_)
    {}

    // ---------------------------------------------------------------- administration

    /// @notice Enforces a policy version: proofs naming `policyId` must carry `policyHash`.
    function setPolicy(uint256 policyId, uint256 policyHash, uint32 maxClockSkew) external {
        if (msg.sender != admin) revert Unauthorized();
        if (policyHash >= R) revert SignalNotCanonical();
        (uint256 x, uint256 y) = _mul(IC_POLICY_HASH_X, IC_POLICY_HASH_Y, policyHash);
        (x, y) = _add(x, y, IC_CONSTANT_X, IC_CONSTANT_Y);
        _policies[policyId] = (_commit(x, y) >> 32 << 32) | maxClockSkew;
        emit PolicySet(policyId, policyHash, maxClockSkew);
    }

    function _rootTerm(uint256 root) internal view override returns (uint256 x, uint256 y) {
        return _mul(IC_ISSUER_SET_ROOT_X, IC_ISSUER_SET_ROOT_Y, root);
    }

    /// @dev The base circuit's gate does not hold the trade's own time to the clock.
    function _tradeTimeSkewed(uint256, uint256) internal pure override returns (bool) {
        return false;
    }

    // ---------------------------------------------------------------- views

    /// @return enforced whether the policy is enforced; maxClockSkew its clock window in seconds
    function policy(uint256 policyId) external view returns (bool enforced, uint32 maxClockSkew) {
        uint256 s = _policies[policyId];
        return (s != 0, uint32(s));
    }

    // ---------------------------------------------------------------- admission

    fallback() external {
        if (venue != address(0) && msg.sender != venue) revert Unauthorized();
        if (msg.sig == ADMIT) {
            if (msg.data.length != 4 + TRADE_BYTES + PROOF_BYTES) revert ProofMalformed();
            uint256 th = _admitOne(4, 4 + TRADE_BYTES);
            assembly ("memory-safe") {
                mstore(0, th)
                return(0, 0x20)
            }
        }
        if (msg.sig == ADMIT_BATCH) {
            _admitBatch();
            assembly ("memory-safe") {
                return(0, 0)
            }
        }
        revert ProofMalformed();
    }

    /// @dev Every check but the pairing, cheapest first in the off-chain hook's order (the shared ones,
    ///      then _checkNullifier; admitBatch makes the same, naming the item), then the proof.
    function _admitOne(uint256 t, uint256 p) internal returns (uint256 tradeHash) {
        bytes4 code;
        uint256 provedAt;
        uint256 tradeValue;
        (code, , provedAt, tradeHash, tradeValue) = _checkCommon(t, p, 0x1a0, 32, 0x1e0);
        if (code != 0) _revert(code);
        uint256 nullifier = _w(p + P_NULLIFIER);
        code = _checkNullifier(p, nullifier);
        if (code != 0) _revert(code);
        (uint256 lx, uint256 ly) = _publicCombination(p + 0x1a0, nullifier, provedAt, tradeHash, tradeValue);
        if (!_pairing(p + 0xa0, lx, ly)) revert ProofInvalid();
        _spent[nullifier] = 1;
        emit Admitted(nullifier, _w(p), tradeHash, _w(p + P_ROOT), provedAt, tradeValue);
    }

    /// @dev After the shared checks (VouchGateBase._checkCommon): the nullifier is below r and
    ///      unspent, and no proof point is the identity. Returns the selector of the error to revert
    ///      with (0 when all pass) so a batch can name the item.
    function _checkNullifier(uint256 p, uint256 nullifier) internal view returns (bytes4) {
        if (nullifier >= R) return SignalNotCanonical.selector;
        if (_spent[nullifier] != 0) return NullifierReplayed.selector;
        if (_hasIdentity(p + 0xa0)) return PointInvalid.selector;
        return 0;
    }

    /// @dev L = (IC_0 + policyHash·IC_p) + root·IC_r + nullifier·IC_n + now·IC_now + tradeHash·(IC_t + IC_scope) + value·IC_v;
    ///      the first two terms come from calldata (checked against the stored commitments).
    function _publicCombination(uint256 keyTerms, uint256 nullifier, uint256 provedAt, uint256 tradeHash, uint256 tradeValue)
        internal
        view
        returns (uint256 lx, uint256 ly)
    {
        bool ok;
        assembly ("memory-safe") {
            function mulAdd(m, x, y, k) -> r {
                mstore(add(m, 0x40), x)
                mstore(add(m, 0x60), y)
                mstore(add(m, 0x80), k)
                r := staticcall(gas(), 0x07, add(m, 0x40), 0x60, add(m, 0x40), 0x40) // ecMul first: Yul evaluates arguments right to left
                r := and(r, staticcall(gas(), 0x06, m, 0x80, m, 0x40))
            }
            let m := mload(0x40)
            calldatacopy(m, keyTerms, 0x80)
            ok := staticcall(gas(), 0x06, m, 0x80, m, 0x40)
            ok := and(ok, mulAdd(m, IC_NULLIFIER_X, IC_NULLIFIER_Y, nullifier))
            ok := and(ok, mulAdd(m, IC_NOW_X, IC_NOW_Y, provedAt))
            ok := and(ok, mulAdd(m, IC_TRADE_SCOPE_X, IC_TRADE_SCOPE_Y, tradeHash))
            ok := and(ok, mulAdd(m, IC_TRADE_VALUE_X, IC_TRADE_VALUE_Y, tradeValue))
            lx := mload(m)
            ly := mload(add(m, 0x20))
        }
        if (!ok) revert ProofMalformed();
    }

    // ---------------------------------------------------------------- batch

    /// @dev Random linear combination with r_i = keccak(seed, i) >> 128, seed = keccak(calldata, chainid, gate):
    ///      prod e(r_i A_i, B_i) · e((Σr_i) alpha, -beta) · e(Σ r_i L_i, -gamma) · e(Σ r_i C_i, -delta) = 1,
    ///      Σ r_i L_i folded per signal: (Σ r_i x_ij) IC_j, policy terms grouped by consecutive runs.
    function _admitBatch() internal {
        uint256 n = _w(0x44);
        if (
            msg.data.length < 0x84 || _w(4) != 0x40 || n == 0 || n > MAX_BATCH || _w(0x24) != 0x60 + n * TRADE_BYTES
                || _w(0x64 + n * TRADE_BYTES) != n || msg.data.length != 0x84 + n * (TRADE_BYTES + PROOF_BYTES)
        ) revert ProofMalformed();
        uint256 trades = 0x64;
        uint256 proofs = 0x84 + n * TRADE_BYTES;

        // memory: [pairs: (n + 3) × 0xc0][accumulators]
        uint256 pairs;
        assembly ("memory-safe") {
            pairs := mload(0x40)
            mstore(0x40, add(pairs, mul(add(n, 3), 0xc0)))
        }
        uint256 seed;
        assembly ("memory-safe") {
            let m := mload(0x40)
            calldatacopy(m, 0, calldatasize())
            mstore(add(m, calldatasize()), chainid())
            mstore(add(add(m, calldatasize()), 0x20), address())
            seed := keccak256(m, add(calldatasize(), 0x40))
        }
        Acc memory a;
        for (uint256 i = 0; i < n; i++) {
            _batchItem(a, i, trades + i * TRADE_BYTES, proofs + i * PROOF_BYTES, pairs + i * 0xc0, seed);
        }
        _flushPolicy(a);
        if (!_batchPairing(a, pairs, n)) revert ProofInvalid();
    }

    struct Acc {
        uint256 sumR;
        uint256 sNullifier;
        uint256 sNow;
        uint256 sTrade;
        uint256 sValue;
        uint256 sRoot;
        // Σ r_i C_i and Σ r_i (policy term)_i, as points
        uint256 cx;
        uint256 cy;
        uint256 lx;
        uint256 ly;
        // the current run of equal policy terms
        uint256 px;
        uint256 py;
        uint256 pr;
    }

    function _batchItem(Acc memory a, uint256 i, uint256 t, uint256 p, uint256 pair, uint256 seed) internal {
        uint256 r = _batchScalars(a, i, t, p, seed);
        // policy term: consecutive items with the same term share one scalar multiplication
        uint256 px = _w(p + 0x1a0);
        uint256 py = _w(p + 0x1c0);
        if (a.pr != 0 && (px != a.px || py != a.py)) _flushPolicy(a);
        if (a.pr == 0) (a.px, a.py) = (px, py);
        a.pr = addmod(a.pr, r, R);
        if (!_batchPoints(a, p, pair, r)) revert BatchItemRejected(i, PointInvalid.selector);
    }

    /// @dev Checks item i, spends its nullifier, draws r_i and folds r_i·(its signals) into the sums.
    function _batchScalars(Acc memory a, uint256 i, uint256 t, uint256 p, uint256 seed) internal returns (uint256 r) {
        (bytes4 code, , uint256 provedAt, uint256 tradeHash, uint256 tradeValue) = _checkCommon(t, p, 0x1a0, 32, 0);
        if (code != 0) revert BatchItemRejected(i, code);
        uint256 nullifier = _w(p + P_NULLIFIER);
        code = _checkNullifier(p, nullifier);
        if (code != 0) revert BatchItemRejected(i, code);
        _spent[nullifier] = 1;
        assembly ("memory-safe") {
            mstore(0, seed)
            mstore(0x20, i)
            r := shr(128, keccak256(0, 0x40))
        }
        if (r == 0) r = 1;
        a.sumR = addmod(a.sumR, r, R);
        a.sNullifier = addmod(a.sNullifier, mulmod(r, nullifier, R), R);
        a.sNow = addmod(a.sNow, mulmod(r, provedAt, R), R);
        a.sTrade = addmod(a.sTrade, mulmod(r, tradeHash, R), R);
        a.sValue = addmod(a.sValue, mulmod(r, tradeValue, R), R);
        a.sRoot = addmod(a.sRoot, mulmod(r, _w(p + 0x20), R), R);
        emit Admitted(nullifier, _w(p), tradeHash, _w(p + P_ROOT), provedAt, tradeValue);
    }

    /// @dev Writes pair i = (r·A_i, B_i) and adds r·C_i to Σ r·C; false if A_i or C_i is not a curve point.
    function _batchPoints(Acc memory a, uint256 p, uint256 pair, uint256 r) internal view returns (bool ok) {
        assembly ("memory-safe") {
            calldatacopy(pair, add(p, 0xa0), 0x40)
            mstore(add(pair, 0x40), r)
            ok := staticcall(gas(), 0x07, pair, 0x60, pair, 0x40)
            calldatacopy(add(pair, 0x40), add(p, 0xe0), 0x80)
            let m := mload(0x40)
            calldatacopy(add(m, 0x40), add(p, 0x160), 0x40)
            mstore(add(m, 0x80), r)
            ok := and(ok, staticcall(gas(), 0x07, add(m, 0x40), 0x60, add(m, 0x40), 0x40))
            mstore(m, mload(add(a, 0xc0)))
            mstore(add(m, 0x20), mload(add(a, 0xe0)))
            ok := and(ok, staticcall(gas(), 0x06, m, 0x80, m, 0x40))
            mstore(add(a, 0xc0), mload(m))
            mstore(add(a, 0xe0), mload(add(m, 0x20)))
        }
    }

    function _flushPolicy(Acc memory a) internal view {
        if (a.pr == 0) return;
        (uint256 x, uint256 y) = _mul(a.px, a.py, a.pr);
        (a.lx, a.ly) = _add(a.lx, a.ly, x, y);
        a.pr = 0;
    }

    function _batchPairing(Acc memory a, uint256 pairs, uint256 n) internal view returns (bool) {
        (uint256 lx, uint256 ly) = (a.lx, a.ly);
        (uint256 x, uint256 y) = _mul(IC_NULLIFIER_X, IC_NULLIFIER_Y, a.sNullifier);
        (lx, ly) = _add(lx, ly, x, y);
        (x, y) = _mul(IC_NOW_X, IC_NOW_Y, a.sNow);
        (lx, ly) = _add(lx, ly, x, y);
        (x, y) = _mul(IC_TRADE_SCOPE_X, IC_TRADE_SCOPE_Y, a.sTrade);
        (lx, ly) = _add(lx, ly, x, y);
        (x, y) = _mul(IC_TRADE_VALUE_X, IC_TRADE_VALUE_Y, a.sValue);
        (lx, ly) = _add(lx, ly, x, y);
        (x, y) = _mul(IC_ISSUER_SET_ROOT_X, IC_ISSUER_SET_ROOT_Y, a.sRoot);
        (lx, ly) = _add(lx, ly, x, y);
        (uint256 ax, uint256 ay) = _mul(ALPHA_X, ALPHA_Y, a.sumR);
        (uint256 cx, uint256 cy) = (a.cx, a.cy);
        bool success;
        bool holds;
        assembly ("memory-safe") {
            let q := add(pairs, mul(n, 0xc0))
            mstore(q, ax)
            mstore(add(q, 0x20), ay)
            mstore(add(q, 0x40), NEG_BETA_X1)
            mstore(add(q, 0x60), NEG_BETA_X0)
            mstore(add(q, 0x80), NEG_BETA_Y1)
            mstore(add(q, 0xa0), NEG_BETA_Y0)
            mstore(add(q, 0xc0), lx)
            mstore(add(q, 0xe0), ly)
            mstore(add(q, 0x100), NEG_GAMMA_X1)
            mstore(add(q, 0x120), NEG_GAMMA_X0)
            mstore(add(q, 0x140), NEG_GAMMA_Y1)
            mstore(add(q, 0x160), NEG_GAMMA_Y0)
            mstore(add(q, 0x180), cx)
            mstore(add(q, 0x1a0), cy)
            mstore(add(q, 0x1c0), NEG_DELTA_X1)
            mstore(add(q, 0x1e0), NEG_DELTA_X0)
            mstore(add(q, 0x200), NEG_DELTA_Y1)
            mstore(add(q, 0x220), NEG_DELTA_Y0)
            success := staticcall(gas(), 0x08, pairs, mul(add(n, 3), 0xc0), 0, 0x20)
            holds := and(success, mload(0))
        }
        // a B_i off the twist or outside G2's subgroup: the precompile cannot say which one
        if (!success) revert PointInvalid();
        return holds;
    }
}
