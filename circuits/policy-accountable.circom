pragma circom 2.1.6;

// Vouch accountable policy proof (schema kyc-v1): the policy statement of circuits/policy.circom,
// unchanged (the same VouchPolicy template), plus two features a policy may switch on:
//
//   escrow (rules bit 5): outputs an ElGamal ciphertext (C1, C2) on BabyJubJub of the credential's
//     escrow identity m = issuerIndex * 2^20 + credentialIndex under the public committee key
//     escrowKey (lib/escrow.circom; format in src/escrow/format.ts). m comes from the same signals
//     that prove issuer-set membership and non-revocation, so it cannot be chosen freely.
//   cumulative limit (rules bit 6): outputs periodNullifier = Poseidon(holderSecret, periodScope)
//     and newCommitment = Poseidon(oldTotal + tradeValue, newSalt), proving that oldCommitment
//     opens to oldTotal (or is the empty state 0 with oldTotal = 0) and oldTotal + tradeValue <= cap
//     (lib/running-total.circom).
//
// policyHash here is Poseidon(predicatesHash, limitCap): predicatesHash is the base commitment to
// the predicates and rules (which carry the two feature bits), limitCap the cap (a fixed amount or
// an attribute slot). So the features a proof used, and its cap, are exactly the policy's.
//
// Why a variant and not switches in one circuit: escrow and the running total cost ~6k constraints
// that most proofs (policies without them) would pay for nothing, and they would push the one
// circuit past 2^14, doubling the ptau and the proving key of every proof. The base circuit keeps
// its size, key and every deployed verifier; this circuit (< 2^15) is used only by policies that
// ask for a feature, and the verifier picks the key by the policy, never by the proof. Inside the
// variant the two features are switches (rules bits) because they share the ptau size and a
// variant per combination would multiply ceremonies and keys for ~1k constraints.
//
// Public signals (snarkjs order: outputs, then inputs as declared):
//   nullifier, escrowC1[2], escrowC2[2], periodNullifier, newCommitment,
//   issuerSetRoot, now, policyHash, tradeHash, tradeValue, scope, escrowKey[2], periodScope, oldCommitment
// Disabled features output the identity (0, 1) for the ciphertext and 0 for the limit signals; the
// verifier then supplies escrowKey = (0, 1), periodScope = 0 and oldCommitment = 0.

include "./lib/policy-core.circom";
include "./lib/escrow.circom";
include "./lib/running-total.circom";

template VouchAccountablePolicy(nSlots, nPredicates, nPool, issuerDepth) {
    // ---- public: the base statement ----
    signal input issuerSetRoot;
    signal input now;
    signal input policyHash;
    signal input tradeHash;
    signal input tradeValue;
    signal input scope;
    // ---- public: escrow and the running total ----
    signal input escrowKey[2];
    signal input periodScope;
    signal input oldCommitment;

    signal output nullifier;
    signal output escrowC1[2];
    signal output escrowC2[2];
    signal output periodNullifier;
    signal output newCommitment;

    // ---- private: as in the base ----
    signal input holderSecret;
    signal input attrs[nSlots];
    signal input sigR8x;
    signal input sigR8y;
    signal input sigS;
    signal input issuerAx;
    signal input issuerAy;
    signal input statusRoot;
    signal input issuerIndex;
    signal input issuerPath[issuerDepth][4];
    signal input statusWords[8];
    signal input statusPath[5][4];
    signal input predHeader[nPredicates];
    signal input predLo[nPredicates];
    signal input predHi[nPredicates];
    signal input pool[nPool];
    signal input rules;
    // ---- private: this variant ----
    signal input predicatesHash;        // the base policy commitment
    signal input limitCap;
    signal input escrowRandomness;
    signal input oldTotal;
    signal input oldSalt;
    signal input newSalt;

    component core = VouchPolicy(nSlots, nPredicates, nPool, issuerDepth);
    core.issuerSetRoot <== issuerSetRoot;
    core.now <== now;
    core.policyHash <== predicatesHash;
    core.tradeHash <== tradeHash;
    core.tradeValue <== tradeValue;
    core.scope <== scope;
    core.holderSecret <== holderSecret;
    for (var i = 0; i < nSlots; i++) core.attrs[i] <== attrs[i];
    core.sigR8x <== sigR8x;
    core.sigR8y <== sigR8y;
    core.sigS <== sigS;
    core.issuerAx <== issuerAx;
    core.issuerAy <== issuerAy;
    core.statusRoot <== statusRoot;
    core.issuerIndex <== issuerIndex;
    for (var l = 0; l < issuerDepth; l++) for (var j = 0; j < 4; j++) core.issuerPath[l][j] <== issuerPath[l][j];
    for (var i = 0; i < 8; i++) core.statusWords[i] <== statusWords[i];
    for (var l = 0; l < 5; l++) for (var j = 0; j < 4; j++) core.statusPath[l][j] <== statusPath[l][j];
    for (var k = 0; k < nPredicates; k++) {
        core.predHeader[k] <== predHeader[k];
        core.predLo[k] <== predLo[k];
        core.predHi[k] <== predHi[k];
    }
    for (var j = 0; j < nPool; j++) core.pool[j] <== pool[j];
    core.rules <== rules;
    nullifier <== core.nullifier;

    // the public policy hash commits to the predicates (with the feature bits) and to the cap
    component ph = Poseidon(2);
    ph.inputs[0] <== predicatesHash;
    ph.inputs[1] <== limitCap;
    ph.out === policyHash;

    // the feature switches: rules < 2^16 is already proven by the core; this reads its bits
    component rb = Num2Bits(16);
    rb.in <== rules;

    // escrow of m = issuerIndex * 2^20 + credential index: issuerIndex < 2^6 is the issuer-set
    // path's Num2Bits(6), attrs[2] < 2^20 the status bitmap's Num2Bits(20), both in the core
    component escrow = EscrowCiphertext();
    escrow.enabled <== rb.out[5];
    escrow.m <== issuerIndex * 1048576 + attrs[2];
    escrow.r <== escrowRandomness;
    escrow.pk[0] <== escrowKey[0];
    escrow.pk[1] <== escrowKey[1];
    escrowC1[0] <== escrow.c1[0];
    escrowC1[1] <== escrow.c1[1];
    escrowC2[0] <== escrow.c2[0];
    escrowC2[1] <== escrow.c2[1];

    component limit = RunningTotal(nSlots);
    limit.enabled <== rb.out[6];
    limit.holderSecret <== holderSecret;
    limit.periodScope <== periodScope;
    limit.tradeValue <== tradeValue;
    for (var i = 0; i < nSlots; i++) limit.attrs[i] <== attrs[i];
    limit.limitCap <== limitCap;
    limit.oldCommitment <== oldCommitment;
    limit.oldTotal <== oldTotal;
    limit.oldSalt <== oldSalt;
    limit.newSalt <== newSalt;
    periodNullifier <== limit.periodNullifier;
    newCommitment <== limit.newCommitment;
}

component main { public [issuerSetRoot, now, policyHash, tradeHash, tradeValue, scope, escrowKey, periodScope, oldCommitment] } = VouchAccountablePolicy(16, 8, 32, 3);
