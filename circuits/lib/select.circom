pragma circom 2.1.6;

// One-hot decoder for a value already known (by a Num2Bits) to be < n.
// out[i] = 1 iff inp == i. The sum check makes an out-of-range input unsatisfiable.
template OneHot(n) {
    signal input inp;
    signal output out[n];
    var sum = 0;
    for (var i = 0; i < n; i++) {
        out[i] <-- (inp == i) ? 1 : 0;
        out[i] * (inp - i) === 0;   // out[i] may be non-zero only at i == inp
        sum += out[i];
    }
    sum === 1;                      // ... and is exactly 1 there (this also forces booleans:
                                    // all other entries are 0, so the remaining one equals 1)
}

// Inner product of a one-hot selector with a vector: picks values[index].
template Pick(n) {
    signal input sel[n];
    signal input values[n];
    signal output out;
    signal term[n];
    var sum = 0;
    for (var i = 0; i < n; i++) {
        term[i] <== sel[i] * values[i];
        sum += term[i];
    }
    out <== sum;
}

// Binary multiplexer tree: out = bits[index], index given as little-endian bits (k = log2 n).
// One constraint per internal node (n - 1 in total), cheaper than decoder + inner product.
template BitAt(k) {
    var n = 1 << k;
    signal input bits[n];
    signal input indexBits[k];
    signal output out;

    signal level[k + 1][n];
    for (var i = 0; i < n; i++) level[0][i] <== bits[i];
    for (var l = 0; l < k; l++) {
        var width = n >> (l + 1);
        for (var i = 0; i < width; i++) {
            // low bit of the remaining index picks between the pair (2i, 2i+1)
            level[l + 1][i] <== level[l][2 * i] + indexBits[l] * (level[l][2 * i + 1] - level[l][2 * i]);
        }
        for (var i = width; i < n; i++) level[l + 1][i] <== 0;
    }
    out <== level[k][0];
}
