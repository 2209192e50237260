pragma circom 2.1.6;

// Witness generators for a cheating prover. TEST ONLY: never include this from circuits/.
//
// test/circuit/support/attacker.ts builds the "attacker" variant of the policy circuit: the real
// sources with some components swapped for the templates below and every `===` assertion of our
// own sources commented out, so the attacker's witness calculator computes a full witness for any
// input instead of stopping at the first check. Each template keeps the signal names of the one it
// replaces, so its witness projects onto the real circuit's wires by name, and computes the honest
// hint unless the main input `attack` equals its `id`: then it writes what a prover who wants to
// cheat would write there, steered by `attackValue`.
//
// Nothing here constrains anything. The real R1CS is the judge; these only produce candidates.

// circomlib Num2Bits without its checks: the low n bits of `in` (the honest bits when in < 2^n, and
// the bits a prover would try for an out-of-range value).
template Num2BitsUnchecked(n) {
    signal input in;
    signal output out[n];
    for (var i = 0; i < n; i++) out[i] <-- (in >> i) & 1;
}

// Num2Bits whose bits, when attacked, are those of in + attackValue: a position, index or
// comparison result the prover chooses instead of the one derived from `in`.
template Num2BitsForgeable(n, id) {
    signal input in;
    signal input attack;
    signal input attackValue;
    signal output out[n];
    var v = attack == id ? in + attackValue : in;
    for (var i = 0; i < n; i++) out[i] <-- (v >> i) & 1;
}

// circomlib LessThan(n) whose decomposition can be forged (attackValue = -2^n claims in[0] < in[1]
// for a difference in [0, 2^n)).
template LessThanForgeable(n, id) {
    signal input in[2];
    signal input attack;
    signal input attackValue;
    signal output out;
    component n2b = Num2BitsForgeable(n + 1, id);
    n2b.attack <== attack;
    n2b.attackValue <== attackValue;
    n2b.in <== in[0] + (1 << n) - in[1];
    out <== 1 - n2b.out[n];
}

// circomlib LessEqThan(n) over LessThanForgeable.
template LessEqThanForgeable(n, id) {
    signal input in[2];
    signal input attack;
    signal input attackValue;
    signal output out;
    component lt = LessThanForgeable(n, id);
    lt.attack <== attack;
    lt.attackValue <== attackValue;
    lt.in[0] <== in[0];
    lt.in[1] <== in[1] + 1;
    lt.out ==> out;
}

// circuits/lib/select.circom OneHot(n) that, when attacked, selects position attackValue instead of
// `inp`: an operator, slot or word the prover picks rather than the one the header/index names.
template OneHotForgeable(n, id) {
    signal input inp;
    signal input attack;
    signal input attackValue;
    signal output out[n];
    for (var i = 0; i < n; i++) {
        out[i] <-- attack == id ? (attackValue == i ? 1 : 0) : (inp == i ? 1 : 0);
    }
}

// circomlib IsZero() whose inverse hint, when attacked, is 0: it then claims `in` is zero.
template IsZeroForgeable(id) {
    signal input in;
    signal input attack;
    signal input attackValue;
    signal output out;
    signal inv;
    inv <-- attack == id ? 0 : (in != 0 ? 1 / in : 0);
    out <== -in * inv + 1;
}
