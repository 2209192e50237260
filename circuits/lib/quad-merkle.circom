pragma circom 2.1.6;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";

// Membership of `leaf` at position `index` in a 4-ary Poseidon Merkle tree of the given depth.
//
// Why 4-ary: Poseidon(4) costs ~300 constraints against ~243 for Poseidon(2), but halves the depth,
// so a 4-ary path costs ~60% of a binary one for the same capacity.
//
// The prover supplies all four children of every level (its own node included). The circuit
// checks that the child at the position named by the two index bits equals the node computed so
// far, then hashes the four children. Soundness: the node's position is fixed by the index bits,
// and every other child only feeds Poseidon, so changing one changes the root.
template QuadMerkleRoot(depth) {
    signal input leaf;
    signal input indexBits[2 * depth];   // little-endian, 2 bits per level, leaf level first
    signal input children[depth][4];
    signal output root;

    signal node[depth + 1];
    signal both[depth];                  // b0 * b1, shared by the one-hot selectors
    signal picked[depth][4];
    component hash[depth];

    node[0] <== leaf;
    for (var l = 0; l < depth; l++) {
        var b0 = indexBits[2 * l];
        var b1 = indexBits[2 * l + 1];
        both[l] <== b0 * b1;
        // one-hot position selectors, linear in (b0, b1, b0*b1)
        var e[4];
        e[0] = 1 - b0 - b1 + both[l];
        e[1] = b0 - both[l];
        e[2] = b1 - both[l];
        e[3] = both[l];
        var sum = 0;
        for (var j = 0; j < 4; j++) {
            picked[l][j] <== e[j] * children[l][j];
            sum += picked[l][j];
        }
        // the child at our position is the node we carried up
        sum === node[l];

        hash[l] = Poseidon(4);
        for (var j = 0; j < 4; j++) hash[l].inputs[j] <== children[l][j];
        node[l + 1] <== hash[l].out;
    }
    root <== node[depth];
}
