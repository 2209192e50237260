// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

/// @title IVouchGate: what an integration (settlement contract, DEX hook, vault) calls
/// @notice Errors are custom errors named after the off-chain hook's stable codes:
///         ProofInvalid = PROOF_INVALID, NullifierReplayed = NULLIFIER_REPLAYED, and so on.
interface IVouchGate {
    /// @notice A trade as the gate binds it (specification: src/policy/EVM_TRADE_ENCODING.md).
    struct Trade {
        bytes32 market; // keccak256 of the market's UTF-8 name, e.g. keccak256("BTC-EUR")
        uint8 side; // 0 buy, 1 sell
        uint256 size; // base units × 10^18, 0 < size < 10^48
        uint256 price; // quote per unit × 10^18, 0 < price < 10^48
        bytes32 nonce; // chosen by the trader; makes the trade unique
        uint64 time; // unix seconds, <= 2^53 - 1
    }

    /// @notice A Groth16 policy proof with the public signals the gate cannot derive itself.
    struct Proof {
        uint256 policyId; // Poseidon(tag, H(id), H(version), policyHash): the policy version proved
        uint256 issuerSetRoot;
        uint256 provedAt; // the proof's `now` signal, unix seconds
        uint256 nullifier;
        uint256 tradeHash; // the proof's tradeHash signal; the gate recomputes it from the trade
        uint256[8] pi; // A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y
        uint256[4] keyTerms; // IC_0 + policyHash·IC_policyHash, issuerSetRoot·IC_issuerSetRoot (checked against the gate's commitments)
    }

    event Admitted(uint256 indexed nullifier, uint256 indexed policyId, uint256 tradeHash, uint256 issuerSetRoot, uint256 provedAt, uint256 tradeValue);

    /// @notice Admits one trade: reverts with the reason, or records the nullifier and emits Admitted.
    /// @return tradeHash The trade binding the proof was checked against.
    function admit(Trade calldata trade, Proof calldata proof) external returns (uint256 tradeHash);

    /// @notice Admits every trade or none: one multi-pairing for the whole batch.
    ///         A per-item refusal reverts BatchItemRejected(index, reason selector).
    function admitBatch(Trade[] calldata trades, Proof[] calldata proofs) external;
}
