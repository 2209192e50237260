pragma circom 2.1.6;

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/bitify.circom";
include "./quad-merkle.circom";
include "./select.circom";

// Non-revocation of credential `index` under an issuer's status root.
//
// The status tree is a bitmap of 2^20 revocation bits (bit = 1 means revoked): 2^10 leaves, each
// leaf = Poseidon(8 words of 128 bits), in a 4-ary tree of depth 5. Index bits: [0..6] bit within
// the word, [7..9] word within the leaf, [10..19] leaf position.
//
// Why a bitmap and not a sparse Merkle tree of depth 20: one path of depth 5 plus one leaf hash
// (~2.2k constraints) replaces twenty Poseidon(2) levels (~4.9k), for the same 2^20 capacity.
// Revocation is a write to one bit; non-membership of the revoked set is "this bit is 0".
template NotRevoked() {
    signal input index;                 // credential index, < 2^20 (enforced by the Num2Bits)
    signal input words[8];              // the leaf's 8 words
    signal input children[5][4];        // 4-ary path from the leaf to the root
    signal output root;

    component idx = Num2Bits(20);
    idx.in <== index;

    // the leaf commits to all eight words
    component leafHash = Poseidon(8);
    for (var i = 0; i < 8; i++) leafHash.inputs[i] <== words[i];

    component path = QuadMerkleRoot(5);
    path.leaf <== leafHash.out;
    for (var i = 0; i < 10; i++) path.indexBits[i] <== idx.out[10 + i];
    for (var l = 0; l < 5; l++) for (var j = 0; j < 4; j++) path.children[l][j] <== children[l][j];
    root <== path.root;

    // pick the word (3 index bits -> one-hot via products of bits)
    component wordSel = OneHot(8);
    wordSel.inp <== idx.out[7] + 2 * idx.out[8] + 4 * idx.out[9];
    component word = Pick(8);
    for (var i = 0; i < 8; i++) {
        word.sel[i] <== wordSel.out[i];
        word.values[i] <== words[i];
    }

    // decompose it (this also proves the word is < 2^128, so the bit positions are canonical)
    component wbits = Num2Bits(128);
    wbits.in <== word.out;
    component bit = BitAt(7);
    for (var i = 0; i < 128; i++) bit.bits[i] <== wbits.out[i];
    for (var i = 0; i < 7; i++) bit.indexBits[i] <== idx.out[i];

    bit.out === 0;                      // not revoked
}
