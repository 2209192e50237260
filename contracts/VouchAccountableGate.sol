// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IVouchAccountableGate} from "./IVouchAccountableGate.sol";
import {VouchAccountableVerifier} from "./VouchAccountableVerifier.sol";
import {VouchGateBase} from "./VouchGateBase.sol";

/// @title VouchAccountableGate: the Vouch hook on-chain for accountable policies
/// @notice Admits a trade under a policy of the accountable circuit (identity escrow, private
///         cumulative limits) with every check VouchGate makes (policy, trade binding, clock,
///         issuer-set root, nullifier replay) plus: the proof's escrow key is the committee key the
///         updater posted from the registry (ESCROW_KEY_MISMATCH for any other, an older committee's
///         included), the proof's period scope is the gate's for the trade's period, and its old
///         running-total commitment is the one the gate holds for its period nullifier, swapped
///         atomically for the proof's new one (LIMIT_STATE_STALE otherwise: of two trades proved
///         from one commitment, the first mined wins and the other must prove again).
/// @dev A second contract, not an extension of VouchGate: the accountable circuit has its own
///      verifying key (17 public signals, another ceremony), so its verifier is another generated
///      contract whose constants cannot live beside VouchVerifier's; and keeping VouchGate as it is
///      keeps its bytecode, ABI, gas and every deployed instance unchanged for the policies that use
///      the base circuit. A venue deploys one gate per circuit its policies use, as the off-chain
///      hook picks the verifying key by the policy, never by the proof. The administration, the root
///      rule, the trade binding and the first checks are VouchGate's (VouchGateBase, which both
///      inherit), so one operator runs both the same way.
///      Every refusal reverts (no state change) with a custom error named after the hook's code.
///      Not here: admitBatch (trades under one cumulative limit share their period's commitment,
///      so a batch of them could admit at most one anyway) and per-venue-epoch scopes (as VouchGate).
contract VouchAccountableGate is VouchGateBase, VouchAccountableVerifier {
    error TradeTimeSkew();
    error EscrowCommitteeUnknown();
    error EscrowKeyMismatch();
    error LimitStateStale();
    /// The gate holds no period scope for the trade's period under this policy (the admin posts them ahead).
    error PeriodScopeUnknown();

    event PolicySet(uint256 indexed policyId, uint256 policyHash, uint32 maxClockSkew, bool escrow, uint8 limitPeriod);
    event EscrowCommitteePosted(uint64 indexed epoch, uint256 keyX, uint256 keyY);
    event PeriodScopeSet(uint256 indexed policyId, uint256 indexed period, uint256 periodScope);
    event EscrowRecorded(uint256 indexed nullifier, uint256 indexed epoch, uint256 c1x, uint256 c1y, uint256 c2x, uint256 c2y);
    event LimitMoved(uint256 indexed periodNullifier, uint256 periodScope, uint256 oldCommitment, uint256 newCommitment, uint256 tradeValue, uint256 tradeHash);

    /// Policy flags (bits 32.. of a policy slot): escrow required; the cumulative limit's period.
    uint256 internal constant FLAG_ESCROW = 1;
    uint8 internal constant LIMIT_NONE = 0;
    uint8 internal constant LIMIT_CALENDAR_MONTH = 1;
    uint8 internal constant LIMIT_CALENDAR_YEAR = 2;

    uint256 internal constant PROOF_BYTES = 0x3e0; // 31 words
    bytes4 internal constant ADMIT = IVouchAccountableGate.admit.selector;

    // AccountableProof field offsets after the five both proofs start with (VouchGateBase.P_*)
    uint256 internal constant P_CIPHERTEXT = 0xa0; // C1.x, C1.y, C2.x, C2.y
    uint256 internal constant P_PERIOD_NULLIFIER = 0x120;
    uint256 internal constant P_NEW = 0x140;
    uint256 internal constant P_OLD = 0x160;
    uint256 internal constant P_KEY = 0x180; // x, y
    uint256 internal constant P_PERIOD_SCOPE = 0x1c0;
    uint256 internal constant P_PI = 0x1e0;
    uint256 internal constant P_POLICY_TERM = 0x2e0;
    uint256 internal constant P_ROOT_TERM = 0x320;
    uint256 internal constant P_KEY_TERM = 0x360;
    uint256 internal constant P_SCOPE_TERM = 0x3a0;

    /// The current escrow committee's key (for views; admission reads only _escrow).
    uint256 public escrowKeyX;
    uint256 public escrowKeyY;

    // _policies[policyId] (VouchGateBase): keccak(IC_0 + policyHash·IC_policyHash) with its low 40 bits
    // replaced by limitPeriod << 35 | escrow << 32 | maxClockSkew

    /// periodNullifier => the commitment to its running total the next proof must move from (0: none yet)
    mapping(uint256 => uint256) internal _limits;
    /// keccak(policyId, period) => keccak(periodScope, periodScope·IC_periodScope)
    mapping(uint256 => uint256) internal _periodScopes;
    /// keccak(keyX, keyY, keyX·IC_keyX + keyY·IC_keyY) with its low 64 bits replaced by the epoch (0: no committee)
    uint256 internal _escrow;

    constructor(address admin_, address updater_, address venue_, uint256 rootGraceSeconds_)
        VouchGateBase(admin_, updater_, venue_, rootGraceSeconds_)
    {}

    // ---------------------------------------------------------------- administration

    /// @notice Makes (keyX, keyY) the escrow committee key every escrow proof must be encrypted to,
    ///         as the signed registry publishes it. The previous key is refused from now on (as
    ///         off-chain: no grace), and so is a committee no newer than the current one.
    function postEscrowCommittee(uint64 epoch, uint256 keyX, uint256 keyY) external {
        if (msg.sender != updater) revert Unauthorized();
        if (keyX >= R || keyY >= R) revert SignalNotCanonical();
        // x = 0 is the identity (0, 1) or off the curve: a ciphertext under it hides nothing
        if (keyX == 0) revert PointInvalid();
        if (epoch <= uint64(_escrow)) revert EscrowKeyMismatch();
        (uint256 x, uint256 y) = _mul(IC_ESCROW_KEY_X_X, IC_ESCROW_KEY_X_Y, keyX);
        (uint256 x2, uint256 y2) = _mul(IC_ESCROW_KEY_Y_X, IC_ESCROW_KEY_Y_Y, keyY);
        (x, y) = _add(x, y, x2, y2);
        _escrow = (_keyCommit(keyX, keyY, x, y) >> 64 << 64) | epoch;
        escrowKeyX = keyX;
        escrowKeyY = keyY;
        emit EscrowCommitteePosted(epoch, keyX, keyY);
    }

    /// @notice Enforces a policy version of the accountable circuit: proofs naming `policyId` must
    ///         carry `policyHash`; `escrow` and `limitPeriod` (0 none, 1 calendar month, 2 calendar
    ///         year) are the policy's features, which its policyHash commits to.
    function setPolicy(uint256 policyId, uint256 policyHash, uint32 maxClockSkew, bool escrow, uint8 limitPeriod) external {
        if (msg.sender != admin) revert Unauthorized();
        if (policyHash >= R) revert SignalNotCanonical();
        if (limitPeriod > LIMIT_CALENDAR_YEAR) revert ProofMalformed();
        (uint256 x, uint256 y) = _mul(IC_POLICY_HASH_X, IC_POLICY_HASH_Y, policyHash);
        (x, y) = _add(x, y, IC_CONSTANT_X, IC_CONSTANT_Y);
        uint256 flags = (uint256(limitPeriod) << 3) | (escrow ? FLAG_ESCROW : 0);
        _policies[policyId] = (_commit(x, y) >> 40 << 40) | (flags << 32) | maxClockSkew;
        emit PolicySet(policyId, policyHash, maxClockSkew, escrow, limitPeriod);
    }

    /// @notice The period scopes of consecutive periods from `firstPeriod` (year × 12 + month index,
    ///         or the year), each Poseidon(tag, H(policy id), H(this gate's venue), period) as
    ///         src/policy/period-scope.ts computes it. Posted ahead: a trade in a period without one is refused.
    function setPeriodScopes(uint256 policyId, uint256 firstPeriod, uint256[] calldata scopes) external {
        if (msg.sender != admin) revert Unauthorized();
        for (uint256 i = 0; i < scopes.length; i++) {
            uint256 s = scopes[i];
            if (s == 0 || s >= R) revert SignalNotCanonical();
            (uint256 x, uint256 y) = _mul(IC_PERIOD_SCOPE_X, IC_PERIOD_SCOPE_Y, s);
            _periodScopes[_periodKey(policyId, firstPeriod + i)] = _scopeCommit(s, x, y);
            emit PeriodScopeSet(policyId, firstPeriod + i, s);
        }
    }

    function _rootTerm(uint256 root) internal view override returns (uint256 x, uint256 y) {
        return _mul(IC_ISSUER_SET_ROOT_X, IC_ISSUER_SET_ROOT_Y, root);
    }

    /// @dev The trade's time picks its period (so its running total): held to the clock as off-chain.
    function _tradeTimeSkewed(uint256 t, uint256 pol) internal view override returns (bool) {
        uint256 time = _w(t + 0xa0);
        unchecked {
            return (time > block.timestamp ? time - block.timestamp : block.timestamp - time) > uint32(pol);
        }
    }

    // ---------------------------------------------------------------- views

    function policy(uint256 policyId)
        external
        view
        returns (bool enforced, uint32 maxClockSkew, bool escrow, uint8 limitPeriod)
    {
        uint256 s = _policies[policyId];
        return (s != 0, uint32(s), (s >> 32) & FLAG_ESCROW != 0, uint8((s >> 35) & 3));
    }

    /// @return The commitment the next proof under this period nullifier must move from (0: the period's first trade).
    function limitCommitment(uint256 periodNullifier) external view returns (uint256) {
        return _limits[periodNullifier];
    }

    function escrowEpoch() external view returns (uint64) {
        return uint64(_escrow);
    }

    function periodScopeSet(uint256 policyId, uint256 period) external view returns (bool) {
        return _periodScopes[_periodKey(policyId, period)] != 0;
    }

    /// @notice The period of unix time `time` under a limit period kind, as src/policy/period-scope.ts
    ///         limitPeriod: UTC year × 12 + month index (1), or the UTC year (2).
    function limitPeriodOf(uint256 time, uint8 kind) public pure returns (uint256) {
        // days → civil date (H. Hinnant's days_from_civil inverse; exact for every time >= 1970)
        uint256 z = time / 86400 + 719468;
        uint256 era = z / 146097;
        uint256 doe = z - era * 146097;
        uint256 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        uint256 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        uint256 mp = (5 * doy + 2) / 153;
        uint256 month = mp < 10 ? mp + 2 : mp - 10; // 0-based, as getUTCMonth
        uint256 year = yoe + era * 400 + (month < 2 ? 1 : 0);
        return kind == LIMIT_CALENDAR_MONTH ? year * 12 + month : year;
    }

    // ---------------------------------------------------------------- admission

    fallback() external {
        if (venue != address(0) && msg.sender != venue) revert Unauthorized();
        if (msg.sig != ADMIT || msg.data.length != 4 + TRADE_BYTES + PROOF_BYTES) revert ProofMalformed();
        uint256 th = _admit(4, 4 + TRADE_BYTES);
        assembly ("memory-safe") {
            mstore(0, th)
            return(0, 0x20)
        }
    }

    /// @dev Everything but the pairing, cheapest first, in the off-chain hook's order: the shared
    ///      checks (VouchGateBase._checkCommon, key terms included), then the escrow key, the period
    ///      scope and the state the hook checks before Groth16 (each returns the selector of its
    ///      error, 0 when it passes).
    function _admit(uint256 t, uint256 p) internal returns (uint256 tradeHash) {
        (bytes4 code, uint256 pol, , uint256 th, uint256 tradeValue) = _checkCommon(t, p, P_POLICY_TERM, 40, P_ROOT_TERM);
        if (code == 0) code = _escrowCheck(p, pol);
        if (code == 0) code = _periodCheck(t, p, pol);
        if (code == 0) code = _stateCheck(p, pol);
        if (code != 0) _revert(code);
        tradeHash = th;
        (uint256 lx, uint256 ly) = _publicCombination(p, tradeHash, tradeValue);
        if (!_pairing(p + P_PI, lx, ly)) revert ProofInvalid();
        _record(p, pol, tradeHash, tradeValue);
    }

    /// @dev The escrow key is the venue's input: the posted committee key for an escrow policy, the
    ///      identity (0, 1) otherwise. Its IC term comes from calldata, checked against the gate's
    ///      commitment; on a mismatch the term is recomputed (failure path only) to tell a wrong key
    ///      (EscrowKeyMismatch, the hook's code) from a wrong term (ProofMalformed).
    function _escrowCheck(uint256 p, uint256 pol) internal view returns (bytes4) {
        uint256 kx = _w(p + P_KEY);
        uint256 ky = _w(p + P_KEY + 0x20);
        uint256 tx = _w(p + P_KEY_TERM);
        uint256 ty = _w(p + P_KEY_TERM + 0x20);
        if ((pol >> 32) & FLAG_ESCROW == 0) {
            if (kx != 0 || ky != 1) return EscrowKeyMismatch.selector;
            if (tx != IC_ESCROW_KEY_Y_X || ty != IC_ESCROW_KEY_Y_Y) return ProofMalformed.selector;
            return 0;
        }
        uint256 e = _escrow;
        if (e == 0) return EscrowCommitteeUnknown.selector;
        if (_keyCommit(kx, ky, tx, ty) >> 64 == e >> 64) return 0;
        if (kx >= R || ky >= R) return SignalNotCanonical.selector;
        (uint256 x, uint256 y) = _mul(IC_ESCROW_KEY_X_X, IC_ESCROW_KEY_X_Y, kx);
        (uint256 x2, uint256 y2) = _mul(IC_ESCROW_KEY_Y_X, IC_ESCROW_KEY_Y_Y, ky);
        (x, y) = _add(x, y, x2, y2);
        return x == tx && y == ty ? EscrowKeyMismatch.selector : ProofMalformed.selector;
    }

    /// @dev The period scope is the venue's input: the one posted for the trade's period under a
    ///      limit policy (TradeMismatch for another, as off-chain), 0 with old commitment 0 otherwise.
    function _periodCheck(uint256 t, uint256 p, uint256 pol) internal view returns (bytes4) {
        uint256 kind = (pol >> 35) & 3;
        uint256 s = _w(p + P_PERIOD_SCOPE);
        uint256 tx = _w(p + P_SCOPE_TERM);
        uint256 ty = _w(p + P_SCOPE_TERM + 0x20);
        if (kind == LIMIT_NONE) {
            if (s != 0 || _w(p + P_OLD) != 0) return TradeMismatch.selector;
            if (tx != 0 || ty != 0) return ProofMalformed.selector;
            return 0;
        }
        uint256 stored = _periodScopes[_periodKey(_w(p), limitPeriodOf(_w(t + 0xa0), uint8(kind)))];
        if (stored == 0) return PeriodScopeUnknown.selector;
        if (_scopeCommit(s, tx, ty) == stored) return 0;
        if (s >= R) return SignalNotCanonical.selector;
        (uint256 x, uint256 y) = _mul(IC_PERIOD_SCOPE_X, IC_PERIOD_SCOPE_Y, s);
        return x == tx && y == ty ? TradeMismatch.selector : ProofMalformed.selector;
    }

    /// @dev The proof's own outputs below r (a value ≥ r would verify as its residue: a period
    ///      nullifier + r would open a fresh running total), then the state checks the hook makes
    ///      before Groth16: nullifier unspent, old commitment the one held.
    function _stateCheck(uint256 p, uint256 pol) internal view returns (bytes4) {
        uint256 nullifier = _w(p + P_NULLIFIER);
        bool big = nullifier >= R;
        for (uint256 o = P_CIPHERTEXT; o <= P_NEW; o += 0x20) {
            if (_w(p + o) >= R) big = true;
        }
        if (big) return SignalNotCanonical.selector;
        if (_spent[nullifier] != 0) return NullifierReplayed.selector;
        if ((pol >> 35) & 3 != LIMIT_NONE && _limits[_w(p + P_PERIOD_NULLIFIER)] != _w(p + P_OLD)) {
            return LimitStateStale.selector;
        }
        if (_hasIdentity(p + P_PI)) return PointInvalid.selector;
        return 0;
    }

    /// @dev Spends the nullifier, swaps the period's commitment, and emits what the venue and the
    ///      holder's wallet keep.
    function _record(uint256 p, uint256 pol, uint256 tradeHash, uint256 tradeValue) internal {
        uint256 nullifier = _w(p + P_NULLIFIER);
        _spent[nullifier] = 1;
        if ((pol >> 35) & 3 != LIMIT_NONE) {
            _limits[_w(p + P_PERIOD_NULLIFIER)] = _w(p + P_NEW);
            emit LimitMoved(_w(p + P_PERIOD_NULLIFIER), _w(p + P_PERIOD_SCOPE), _w(p + P_OLD), _w(p + P_NEW), tradeValue, tradeHash);
        }
        if ((pol >> 32) & FLAG_ESCROW != 0) {
            uint256 c = p + P_CIPHERTEXT;
            emit EscrowRecorded(nullifier, uint64(_escrow), _w(c), _w(c + 0x20), _w(c + 0x40), _w(c + 0x60));
        }
        emit Admitted(nullifier, _w(p), tradeHash, _w(p + P_ROOT), _w(p + P_NOW), tradeValue);
    }

    /// @dev L = (IC_0 + policyHash·IC_p) + root·IC_r + key·IC_key + periodScope·IC_ps (the four
    ///      checked terms, from calldata) + Σ signal·IC over the proof's outputs, now, tradeHash (scope
    ///      = tradeHash: IC_TRADE_SCOPE) and tradeValue. Zero signals (features off, a period's first
    ///      trade) skip their multiplication.
    function _publicCombination(uint256 p, uint256 tradeHash, uint256 tradeValue)
        internal
        view
        returns (uint256 lx, uint256 ly)
    {
        bool ok;
        assembly ("memory-safe") {
            function mulAdd(m, x, y, k) -> r {
                r := 1
                if k {
                    mstore(add(m, 0x40), x)
                    mstore(add(m, 0x60), y)
                    mstore(add(m, 0x80), k)
                    r := staticcall(gas(), 0x07, add(m, 0x40), 0x60, add(m, 0x40), 0x40)
                    r := and(r, staticcall(gas(), 0x06, m, 0x80, m, 0x40))
                }
            }
            function addAt(m, c) -> r {
                calldatacopy(add(m, 0x40), c, 0x40)
                r := staticcall(gas(), 0x06, m, 0x80, m, 0x40)
            }
            let m := mload(0x40)
            calldatacopy(m, add(p, P_POLICY_TERM), 0x40)
            ok := addAt(m, add(p, P_ROOT_TERM))
            ok := and(ok, addAt(m, add(p, P_KEY_TERM)))
            ok := and(ok, addAt(m, add(p, P_SCOPE_TERM)))
            ok := and(ok, mulAdd(m, IC_NULLIFIER_X, IC_NULLIFIER_Y, calldataload(add(p, P_NULLIFIER))))
            let c := add(p, P_CIPHERTEXT)
            ok := and(ok, mulAdd(m, IC_ESCROW_C1X_X, IC_ESCROW_C1X_Y, calldataload(c)))
            ok := and(ok, mulAdd(m, IC_ESCROW_C1Y_X, IC_ESCROW_C1Y_Y, calldataload(add(c, 0x20))))
            ok := and(ok, mulAdd(m, IC_ESCROW_C2X_X, IC_ESCROW_C2X_Y, calldataload(add(c, 0x40))))
            ok := and(ok, mulAdd(m, IC_ESCROW_C2Y_X, IC_ESCROW_C2Y_Y, calldataload(add(c, 0x60))))
            ok := and(ok, mulAdd(m, IC_PERIOD_NULLIFIER_X, IC_PERIOD_NULLIFIER_Y, calldataload(add(p, P_PERIOD_NULLIFIER))))
            ok := and(ok, mulAdd(m, IC_NEW_COMMITMENT_X, IC_NEW_COMMITMENT_Y, calldataload(add(p, P_NEW))))
            ok := and(ok, mulAdd(m, IC_OLD_COMMITMENT_X, IC_OLD_COMMITMENT_Y, calldataload(add(p, P_OLD))))
            ok := and(ok, mulAdd(m, IC_NOW_X, IC_NOW_Y, calldataload(add(p, P_NOW))))
            ok := and(ok, mulAdd(m, IC_TRADE_SCOPE_X, IC_TRADE_SCOPE_Y, tradeHash))
            ok := and(ok, mulAdd(m, IC_TRADE_VALUE_X, IC_TRADE_VALUE_Y, tradeValue))
            lx := mload(m)
            ly := mload(add(m, 0x20))
        }
        // a key term that is not a curve point fails ecAdd
        if (!ok) revert ProofMalformed();
    }

    // ---------------------------------------------------------------- helpers

    function _periodKey(uint256 policyId, uint256 period) internal pure returns (uint256 k) {
        assembly ("memory-safe") {
            mstore(0, policyId)
            mstore(0x20, period)
            k := keccak256(0, 0x40)
        }
    }

    function _scopeCommit(uint256 s, uint256 x, uint256 y) internal pure returns (uint256 c) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, s)
            mstore(add(m, 0x20), x)
            mstore(add(m, 0x40), y)
            c := keccak256(m, 0x60)
        }
    }

    function _keyCommit(uint256 kx, uint256 ky, uint256 x, uint256 y) internal pure returns (uint256 c) {
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, kx)
            mstore(add(m, 0x20), ky)
            mstore(add(m, 0x40), x)
            mstore(add(m, 0x60), y)
            c := keccak256(m, 0x80)
        }
    }
}
