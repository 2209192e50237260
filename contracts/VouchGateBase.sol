// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

// Errors and the scalar field R (BN254's) that the shared checks below need but that a gate's own
// contracts declare: the generated verifier (SignalNotCanonical, SignalOutOfRange, R; it is also
// published on its own) and VouchAccountableGate (TradeTimeSkew). A second declaration in a contract
// a gate inherits would not compile, so these are file-level, visible to this file only. Use the
// errors by selector only (return codes, _revert): a `revert` of one would list it twice in a gate's
// ABI, which the ABI tests refuse.
error SignalNotCanonical();
error SignalOutOfRange();
error TradeTimeSkew();
uint256 constant R = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001;

/// @title VouchGateBase: what VouchGate and VouchAccountableGate share
/// @notice The administration (roles, issuer-set roots with the off-chain registry's grace rule,
///         policy removal), the spent nullifiers, the EVM trade binding and the admission checks
///         both gates make before their circuit's own: enforced policy, trade binding, clock window,
///         current or recently replaced root.
/// @dev Abstract: a gate inherits it beside its generated verifier and supplies that key's root term
///      (_rootTerm) and whether it holds the trade's own time to the clock (_tradeTimeSkewed); the
///      verifier calls, proof layouts, policy settings, setPolicy and the checks after the key terms
///      stay the gate's. Proofs of both circuits start with the same five words (policyId,
///      issuerSetRoot, provedAt, nullifier, tradeHash), which the checks here read. Checks return the
///      selector of the error to revert with (0 when they pass), never revert themselves, so a batch
///      can name the item. Gas: the admission path is the gates' hot path, so it stays one call deep.
abstract contract VouchGateBase {
    error PolicyUnknown();
    error IssuerSetUnknown();
    error IssuerSetStale();
    error ClockSkew();
    error TradeInvalid();
    error TradeMismatch();
    error NullifierReplayed();
    error ProofInvalid();
    error ProofMalformed();
    error Unauthorized();

    event RootPosted(uint256 indexed root, uint256 replaced);
    event PolicyRemoved(uint256 indexed policyId);
    event UpdaterChanged(address updater);
    event AdminChanged(address admin);
    event Admitted(uint256 indexed nullifier, uint256 indexed policyId, uint256 tradeHash, uint256 issuerSetRoot, uint256 provedAt, uint256 tradeValue);

    /// "vouch.evm-trade.v1" as a big-endian integer: the EVM trade binding's domain tag.
    uint256 internal constant TRADE_TAG = 0x766f7563682e65766d2d74726164652e7631;
    /// Exclusive bound of size and price (× 10^18): 30 integer digits, as off-chain.
    uint256 internal constant DECIMAL_BOUND = 1e48;
    /// Largest trade time (JavaScript's safe integers, as off-chain).
    uint256 internal constant MAX_TIME = 2 ** 53 - 1;
    /// tradeValue = ceil(size × price × 10^2 / 10^36) = ceil(size × price / 10^34).
    uint256 internal constant VALUE_UNIT = 1e34;
    /// size × price above this gives tradeValue >= 2^64 (refused off-chain too).
    uint256 internal constant MAX_PRODUCT = (2 ** 64 - 1) * 1e34;

    uint256 internal constant TRADE_BYTES = 0xc0; // 6 words

    // the proof fields both circuits' structs start with (calldata, from the struct's start)
    uint256 internal constant P_ROOT = 0x20;
    uint256 internal constant P_NOW = 0x40;
    uint256 internal constant P_NULLIFIER = 0x60;
    uint256 internal constant P_TRADE_HASH = 0x80;

    address public admin;
    address public updater;
    /// The only caller of admit (a settlement contract), or anyone when zero. A venue contract
    /// should be the sole caller: otherwise anyone could replay its pending proof directly and spend
    /// the nullifier first.
    address public immutable venue;
    /// How long a replaced issuer-set root stays acceptable (off-chain default: 600 s).
    uint256 public immutable rootGraceSeconds;
    uint256 public currentRoot;

    /// root => keccak(root·IC_issuerSetRoot) with its low 64 bits replaced by replacedAt (0: current)
    mapping(uint256 => uint256) internal _roots;
    /// policyId => the gate's commitment to the policy's key term, its low bits the policy's settings
    mapping(uint256 => uint256) internal _policies;
    /// nullifier => 1 once spent
    mapping(uint256 => uint256) internal _spent;

    constructor(address admin_, address updater_, address venue_, uint256 rootGraceSeconds_) {
        admin = admin_;
        updater = updater_;
        venue = venue_;
        rootGraceSeconds = rootGraceSeconds_;
    }

    /// @dev root·IC_issuerSetRoot under the gate's verifying key.
    function _rootTerm(uint256 root) internal view virtual returns (uint256 x, uint256 y);

    /// @dev Whether the gate refuses the trade's own time (t + 0xa0) as outside the clock window of
    ///      the policy slot `pol` (TradeTimeSkew).
    function _tradeTimeSkewed(uint256 t, uint256 pol) internal view virtual returns (bool);

    // ---------------------------------------------------------------- administration

    /// @notice Makes `root` the current issuer-set root; the previous one stays valid for rootGraceSeconds.
    function postRoot(uint256 root) external {
        if (msg.sender != updater) revert Unauthorized();
        if (root >= R) _revert(SignalNotCanonical.selector);
        uint256 previous = currentRoot;
        if (previous == root && _roots[root] != 0) return;
        if (_roots[previous] != 0) _roots[previous] = (_roots[previous] >> 64 << 64) | block.timestamp;
        (uint256 x, uint256 y) = _rootTerm(root);
        _roots[root] = _commit(x, y) >> 64 << 64;
        currentRoot = root;
        emit RootPosted(root, previous);
    }

    function removePolicy(uint256 policyId) external {
        if (msg.sender != admin) revert Unauthorized();
        delete _policies[policyId];
        emit PolicyRemoved(policyId);
    }

    function setUpdater(address updater_) external {
        if (msg.sender != admin) revert Unauthorized();
        updater = updater_;
        emit UpdaterChanged(updater_);
    }

    function setAdmin(address admin_) external {
        if (msg.sender != admin) revert Unauthorized();
        admin = admin_;
        emit AdminChanged(admin_);
    }

    // ---------------------------------------------------------------- views

    /// @return status 0 unknown, 1 current, 2 recently replaced (still accepted), 3 stale
    function rootStatus(uint256 root) external view returns (uint8 status) {
        uint256 s = _roots[root];
        if (s == 0) return 0;
        uint256 replacedAt = uint64(s);
        if (replacedAt == 0) return 1;
        return block.timestamp - replacedAt < rootGraceSeconds ? 2 : 3;
    }

    function nullifierSpent(uint256 nullifier) external view returns (bool) {
        return _spent[nullifier] != 0;
    }

    // ---------------------------------------------------------------- admission checks

    /// @dev The checks both gates make first, cheapest first in the off-chain hook's order: the
    ///      proof's policy is enforced; the trade is valid and the one proved; the proof's time is below
    ///      2^64 and within the policy's clock window (the slot's low 32 bits); the trade's own time,
    ///      if the gate holds it to the clock (_tradeTimeSkewed); the issuer-set root was posted and is
    ///      current or replaced less than rootGraceSeconds ago; the proof's policy key term (at
    ///      p + policyTerm) is the one the policy's slot commits to above its low `settingsBits`, and
    ///      its root key term (at p + rootTerm; 0: not checked) the one the root's slot commits to.
    function _checkCommon(uint256 t, uint256 p, uint256 policyTerm, uint256 settingsBits, uint256 rootTerm)
        internal
        view
        returns (bytes4 code, uint256 pol, uint256 provedAt, uint256 tradeHash, uint256 tradeValue)
    {
        pol = _policies[_w(p)];
        if (pol == 0) return (PolicyUnknown.selector, 0, 0, 0, 0);
        (tradeHash, tradeValue) = _binding(t);
        if (tradeValue == 0) return (TradeInvalid.selector, 0, 0, 0, 0);
        if (_w(p + P_TRADE_HASH) != tradeHash) return (TradeMismatch.selector, 0, 0, 0, 0);
        provedAt = _w(p + P_NOW);
        if (provedAt >> 64 != 0) return (SignalOutOfRange.selector, 0, 0, 0, 0);
        unchecked {
            uint256 skew = provedAt > block.timestamp ? provedAt - block.timestamp : block.timestamp - provedAt;
            if (skew > uint32(pol)) return (ClockSkew.selector, 0, 0, 0, 0);
        }
        if (_tradeTimeSkewed(t, pol)) return (TradeTimeSkew.selector, 0, 0, 0, 0);
        uint256 rs = _roots[_w(p + P_ROOT)];
        if (rs == 0) return (IssuerSetUnknown.selector, 0, 0, 0, 0);
        uint256 replacedAt = uint64(rs);
        if (replacedAt != 0 && block.timestamp - replacedAt >= rootGraceSeconds) return (IssuerSetStale.selector, 0, 0, 0, 0);
        if (_commitAt(p + policyTerm) >> settingsBits != pol >> settingsBits) return (ProofMalformed.selector, 0, 0, 0, 0);
        if (rootTerm != 0 && _commitAt(p + rootTerm) >> 64 != rs >> 64) return (ProofMalformed.selector, 0, 0, 0, 0);
    }

    /// @dev tradeHash = keccak256(abi.encode(TAG, chainid, gate, market, side, size, price, nonce, time)) >> 8,
    ///      tradeValue = ceil(size × price / 10^34). See src/policy/EVM_TRADE_ENCODING.md. A valid trade's
    ///      value is at least 1 (size and price are), so (0, 0) says the trade is invalid (TradeInvalid).
    function _binding(uint256 t) internal view returns (uint256 tradeHash, uint256 tradeValue) {
        uint256 side = _w(t + 0x20);
        uint256 size = _w(t + 0x40);
        uint256 price = _w(t + 0x60);
        uint256 time = _w(t + 0xa0);
        if (side > 1 || size == 0 || size >= DECIMAL_BOUND || price == 0 || price >= DECIMAL_BOUND || time > MAX_TIME) {
            return (0, 0);
        }
        if (price > MAX_PRODUCT / size) return (0, 0);
        unchecked {
            tradeValue = (size * price + (VALUE_UNIT - 1)) / VALUE_UNIT;
        }
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, TRADE_TAG)
            mstore(add(m, 0x20), chainid())
            mstore(add(m, 0x40), address())
            calldatacopy(add(m, 0x60), t, 0xc0)
            tradeHash := shr(8, keccak256(m, 0x120))
        }
    }

    // ---------------------------------------------------------------- helpers

    function _distance(uint256 a, uint256 b) internal pure returns (uint256) {
        unchecked {
            return a > b ? a - b : b - a;
        }
    }

    function _revert(bytes4 code) internal pure {
        assembly ("memory-safe") {
            mstore(0, code)
            revert(0, 4)
        }
    }

    function _w(uint256 offset) internal pure returns (uint256 v) {
        assembly ("memory-safe") {
            v := calldataload(offset)
        }
    }

    function _commit(uint256 x, uint256 y) internal pure returns (uint256 c) {
        assembly ("memory-safe") {
            mstore(0, x)
            mstore(0x20, y)
            c := keccak256(0, 0x40)
        }
    }

    function _commitAt(uint256 offset) internal pure returns (uint256 c) {
        assembly ("memory-safe") {
            calldatacopy(0, offset, 0x40)
            c := keccak256(0, 0x40)
        }
    }

    function _mul(uint256 x, uint256 y, uint256 k) internal view returns (uint256 rx, uint256 ry) {
        bool ok;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, x)
            mstore(add(m, 0x20), y)
            mstore(add(m, 0x40), k)
            ok := staticcall(gas(), 0x07, m, 0x60, m, 0x40)
            rx := mload(m)
            ry := mload(add(m, 0x20))
        }
        require(ok);
    }

    function _add(uint256 x1, uint256 y1, uint256 x2, uint256 y2) internal view returns (uint256 rx, uint256 ry) {
        bool ok;
        assembly ("memory-safe") {
            let m := mload(0x40)
            mstore(m, x1)
            mstore(add(m, 0x20), y1)
            mstore(add(m, 0x40), x2)
            mstore(add(m, 0x60), y2)
            ok := staticcall(gas(), 0x06, m, 0x80, m, 0x40)
            rx := mload(m)
            ry := mload(add(m, 0x20))
        }
        require(ok);
    }
}
