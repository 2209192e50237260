pragma circom 2.0.0;

// Test-only (test/zk/poseidon.test.ts): circomlib's Poseidon(n) for every width the hash takes,
// n = 1..16, each over the first n inputs, so one witness holds the circuit's hash of each width.
include "circomlib/circuits/poseidon.circom";

template PoseidonWidths() {
    signal input in[16];
    signal output out[16];
    component h[16];
    for (var n = 1; n <= 16; n++) {
        h[n - 1] = Poseidon(n);
        for (var i = 0; i < n; i++) h[n - 1].inputs[i] <== in[i];
        out[n - 1] <== h[n - 1].out;
    }
}

component main = PoseidonWidths();
