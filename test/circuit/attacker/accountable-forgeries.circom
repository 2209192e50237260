pragma circom 2.1.6;

// Witness generators for a cheating prover of the accountable variant. TEST ONLY, like
// forgeries.circom (see there): same signal names as the template replaced, no constraints.

// circomlib BabyCheck without its assertion: a witness exists for a point off the curve.
template BabyCheckUnchecked() {
    signal input x;
    signal input y;
    signal x2;
    signal y2;
    x2 <-- x * x;
    y2 <-- y * y;
}
