// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IVouchGate} from "./IVouchGate.sol";

/// @title IVouchAccountableGate: what an integration calls to admit trades under accountable policies
/// @notice The gate for the accountable circuit (circuits/policy-accountable.circom): identity escrow
///         and private cumulative limits. Errors are custom errors named after the off-chain hook's
///         codes, as IVouchGate's: EscrowKeyMismatch = ESCROW_KEY_MISMATCH,
///         LimitStateStale = LIMIT_STATE_STALE, and so on.
interface IVouchAccountableGate {
    /// @notice An accountable policy proof with the public signals the gate cannot derive itself.
    struct AccountableProof {
        uint256 policyId; // Poseidon(tag, H(id), H(version), policyHash): the policy version proved
        uint256 issuerSetRoot;
        uint256 provedAt; // the proof's `now` signal, unix seconds
        uint256 nullifier;
        uint256 tradeHash; // the proof's tradeHash signal; the gate recomputes it from the trade
        uint256[4] escrowCiphertext; // C1.x, C1.y, C2.x, C2.y (the identity (0, 1) twice without escrow)
        uint256 periodNullifier; // 0 without a cumulative limit
        uint256 newCommitment; // the running total's commitment after this trade (0 without a limit)
        uint256 oldCommitment; // the commitment it moves from: must be the one the gate holds
        uint256[2] escrowKey; // the committee key the ciphertext is under ((0, 1) without escrow)
        uint256 periodScope; // the gate's period scope for the trade's period (0 without a limit)
        uint256[8] pi; // A.x, A.y, B.x.c1, B.x.c0, B.y.c1, B.y.c0, C.x, C.y
        // IC_0 + policyHash·IC_policyHash, issuerSetRoot·IC_root, escrowKey·(IC_keyX, IC_keyY),
        // periodScope·IC_periodScope: each checked against the gate's commitment to it
        uint256[8] keyTerms;
    }

    event Admitted(uint256 indexed nullifier, uint256 indexed policyId, uint256 tradeHash, uint256 issuerSetRoot, uint256 provedAt, uint256 tradeValue);
    /// The escrowed identity of an admitted trade, under the committee key of `epoch`.
    event EscrowRecorded(uint256 indexed nullifier, uint256 indexed epoch, uint256 c1x, uint256 c1y, uint256 c2x, uint256 c2y);
    /// A period's running total moved (what the holder's wallet follows, as the off-chain receipt's `limit`).
    event LimitMoved(uint256 indexed periodNullifier, uint256 periodScope, uint256 oldCommitment, uint256 newCommitment, uint256 tradeValue, uint256 tradeHash);

    /// @notice Admits one trade: reverts with the reason, or spends the nullifier, swaps the period's
    ///         running-total commitment and emits Admitted (with EscrowRecorded and LimitMoved as the policy asks).
    /// @return tradeHash The trade binding the proof was checked against.
    function admit(IVouchGate.Trade calldata trade, AccountableProof calldata proof) external returns (uint256 tradeHash);
}
