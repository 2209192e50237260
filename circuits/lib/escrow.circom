pragma circom 2.1.6;

include "circomlib/circuits/babyjub.circom";
include "circomlib/circuits/bitify.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/escalarmulfix.circom";
include "circomlib/circuits/escalarmulany.circom";

// Identity escrow: exponential ElGamal on BabyJubJub of the escrow identity m under the escrow
// committee's public key PK.
//
// Ciphertext format (shared with src/escrow/format.ts; change both together):
//   G        = circomlib's Base8 (generator of the prime-order subgroup, order l)
//   m        = issuerIndex * 2^20 + credentialIndex   (issuerIndex < 2^6, credentialIndex < 2^20:
//              the issuer-set tree holds 64 issuers and the status bitmap 2^20 credentials)
//   M        = m·G
//   (C1, C2) = (r·G, M + r·PK), r a 251-bit scalar the prover draws fresh for every proof.
// The committee recovers M = C2 - sk·C1 and m by a small discrete log (m < 2^26).
//
// m is an input here, but the caller wires it from signals the policy statement already range-checks
// and binds to the credential (the issuer-set path index and the credential's status index), so a
// prover cannot choose it. PK is a public input: the verifier checks it is its registry's committee
// key, which is where subgroup membership is checked (an in-circuit l·PK = 0 would cost another
// ~2.5k constraints for a value the verifier already fixes). The checks here only make sure no
// witness can turn the ciphertext into a plaintext.
//
// When `enabled` is 0 (the policy does not ask for escrow) the outputs are forced to the identity
// (0, 1), so a proof without escrow carries nothing derived from m.
template EscrowCiphertext() {
    signal input enabled;               // boolean, from a bit of the policy's rules (policyHash-bound)
    signal input m;                     // < 2^26 by construction (see above); re-checked by mBits
    signal input r;                     // the prover's fresh randomness
    signal input pk[2];                 // the committee key (public)
    signal output c1[2];
    signal output c2[2];

    var BASE8[2] = [
        5299619240641551281634865583518297030282874472190772894086521144482721001553,
        16950150798460657717958625567821834550301663161624707787222815936182638968203
    ];

    // PK is a curve point, and not one of the two points with x = 0: the identity (0, 1), under
    // which C2 = M is the plaintext, and the 2-torsion point (0, -1), under which C2 = ±M.
    component onCurve = BabyCheck();
    onCurve.x <== pk[0];
    onCurve.y <== pk[1];
    component pkIsZero = IsZero();
    pkIsZero.in <== pk[0];
    enabled * pkIsZero.out === 0;

    // 251 bits: 2^251 < p, so the decomposition is unique; r below or above l both work as scalars
    component rBits = Num2Bits(251);
    rBits.in <== r;
    component mBits = Num2Bits(26);
    mBits.in <== m;

    component rG = EscalarMulFix(251, BASE8);
    for (var i = 0; i < 251; i++) rG.e[i] <== rBits.out[i];
    component mG = EscalarMulFix(26, BASE8);
    for (var i = 0; i < 26; i++) mG.e[i] <== mBits.out[i];
    component rPK = EscalarMulAny(251);
    for (var i = 0; i < 251; i++) rPK.e[i] <== rBits.out[i];
    rPK.p[0] <== pk[0];
    rPK.p[1] <== pk[1];

    // r = 0 (mod l) would make C1 the identity and C2 = M in the clear: a broken wallet must not
    // be able to publish its holder's identity
    component c1IsZero = IsZero();
    c1IsZero.in <== rG.out[0];
    enabled * c1IsZero.out === 0;

    component sum = BabyAdd();
    sum.x1 <== mG.out[0];
    sum.y1 <== mG.out[1];
    sum.x2 <== rPK.out[0];
    sum.y2 <== rPK.out[1];

    // disabled: (0, 1) = the identity, independent of m
    c1[0] <== enabled * rG.out[0];
    c1[1] <== enabled * (rG.out[1] - 1) + 1;
    c2[0] <== enabled * sum.xout;
    c2[1] <== enabled * (sum.yout - 1) + 1;
}
