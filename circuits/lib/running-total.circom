pragma circom 2.1.6;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "./select.circom";

// Private cumulative limit: the holder's running total for a period, hidden in a commitment the
// venue keeps per period nullifier and swaps for the one this proof outputs.
//
//   periodNullifier = Poseidon(holderSecret, periodScope)   one per (holder, period), unlinkable
//                                                            across periods and to trade nullifiers
//                                                            (the verifier domain-separates scopes)
//   commitment      = Poseidon(total, salt)
//   newTotal        = oldTotal + tradeValue <= cap
//
// The first trade of a period has no commitment yet: oldCommitment = 0 is the agreed "empty" state
// and opens only to oldTotal = 0. It cannot be forged into a reset: Poseidon(total, salt) = 0 has
// no known preimage, and the venue accepts 0 only for a period nullifier it holds no state for
// (any later trade must name the commitment the venue holds, compare-and-swapped atomically).
//
// Ranges: tradeValue and the attribute slots are < 2^64 (the policy statement's Num2Bits); oldTotal
// and newTotal are range-checked here, so the sum cannot wrap and LessEqThan(64) is sound.
//
// cap: limitCap = amount | slot << 64 (slot < 16). slot 0: the fixed amount; slot s > 0: the
// credential's attribute s (e.g. tradeLimit). limitCap is bound by the public policyHash.
// When `enabled` is 0 the outputs are 0 and the cap is not enforced.
template RunningTotal(nSlots) {
    signal input enabled;               // boolean, from a bit of the policy's rules
    signal input holderSecret;
    signal input periodScope;           // public, chosen by the verifier for (policy, period)
    signal input tradeValue;            // < 2^64 (caller)
    signal input attrs[nSlots];         // slots 1.. < 2^64 (caller)
    signal input limitCap;              // amount | slot << 64
    signal input oldCommitment;         // public: the commitment the venue holds (0: first trade)
    signal input oldTotal;
    signal input oldSalt;
    signal input newSalt;
    signal output periodNullifier;
    signal output newCommitment;

    // the cap
    component capBits = Num2Bits(68);
    capBits.in <== limitCap;
    var amount = 0;
    for (var i = 0; i < 64; i++) amount += capBits.out[i] * (1 << i);
    component capSlot = OneHot(nSlots);
    capSlot.inp <== capBits.out[64] + 2 * capBits.out[65] + 4 * capBits.out[66] + 8 * capBits.out[67];
    component cap = Pick(nSlots);
    cap.sel[0] <== capSlot.out[0];
    cap.values[0] <== amount;           // slot 0 is the subject commitment, never a cap: it means "fixed"
    for (var i = 1; i < nSlots; i++) {
        cap.sel[i] <== capSlot.out[i];
        cap.values[i] <== attrs[i];
    }

    // totals stay below 2^64: a total that would overflow is unprovable, not wrapped
    component oldRange = Num2Bits(64);
    oldRange.in <== oldTotal;
    signal newTotal;
    newTotal <== oldTotal + tradeValue;
    component newRange = Num2Bits(64);
    newRange.in <== newTotal;

    // the old commitment opens to oldTotal, or is the empty state and oldTotal is 0
    component first = IsZero();
    first.in <== oldCommitment;
    component oldOpen = Poseidon(2);
    oldOpen.inputs[0] <== oldTotal;
    oldOpen.inputs[1] <== oldSalt;
    (1 - first.out) * (oldOpen.out - oldCommitment) === 0;
    first.out * oldTotal === 0;

    // within the cap
    component within = LessEqThan(64);
    within.in[0] <== newTotal;
    within.in[1] <== cap.out;
    enabled * (1 - within.out) === 0;

    component nf = Poseidon(2);
    nf.inputs[0] <== holderSecret;
    nf.inputs[1] <== periodScope;
    periodNullifier <== enabled * nf.out;

    component newOpen = Poseidon(2);
    newOpen.inputs[0] <== newTotal;
    newOpen.inputs[1] <== newSalt;
    newCommitment <== enabled * newOpen.out;
}
