// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.28;

import {IVouchGate} from "../IVouchGate.sol";

/// @title PrivateVenueSettlement: an example order-settlement contract for a private venue
/// @notice The venue's matching engine runs off-chain; fills settle here. A fill settles only if
///         the trader's Vouch proof for exactly this trade is admitted by the gate in the same
///         transaction, so the settlement ledger holds only compliant trades and no personal data.
/// @dev Deploy the gate with `venue` = this contract's address, so nobody can spend a pending
///      proof's nullifier by calling the gate directly.
contract PrivateVenueSettlement {
    error NotOperator();

    event Settled(bytes32 indexed market, address indexed counterparty, uint8 side, uint256 size, uint256 price, uint256 tradeHash);

    IVouchGate public immutable gate;
    address public immutable operator;
    /// base-asset position per market and counterparty (size × 10^18, signed)
    mapping(bytes32 => mapping(address => int256)) public position;

    constructor(IVouchGate gate_, address operator_) {
        gate = gate_;
        operator = operator_;
    }

    /// @notice Settles one fill against `counterparty` after the gate admits the trader's proof.
    function settle(IVouchGate.Trade calldata trade, IVouchGate.Proof calldata proof, address counterparty) external {
        if (msg.sender != operator) revert NotOperator();
        uint256 tradeHash = gate.admit(trade, proof); // reverts with the gate's reason
        int256 signed = trade.side == 0 ? -int256(trade.size) : int256(trade.size);
        position[trade.market][counterparty] += signed;
        emit Settled(trade.market, counterparty, trade.side, trade.size, trade.price, tradeHash);
    }

    /// @notice Settles a batch of fills: one multi-pairing for all proofs; all settle or none.
    function settleBatch(IVouchGate.Trade[] calldata trades, IVouchGate.Proof[] calldata proofs, address counterparty) external {
        if (msg.sender != operator) revert NotOperator();
        gate.admitBatch(trades, proofs);
        for (uint256 i = 0; i < trades.length; i++) {
            IVouchGate.Trade calldata t = trades[i];
            position[t.market][counterparty] += t.side == 0 ? -int256(t.size) : int256(t.size);
            emit Settled(t.market, counterparty, t.side, t.size, t.price, 0);
        }
    }
}
