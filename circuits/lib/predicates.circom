pragma circom 2.1.6;

include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/bitify.circom";
include "./select.circom";

// Range assumption for every comparison below: attribute values, policy constants, `now` and
// `tradeValue` are < 2^64. The main template (policy.circom) range-checks `now`, `tradeValue` and
// the attribute slots 2..15 with Num2Bits(64), for any witness; policy constants and the pool are
// bound by `policyHash` to the verifier's own document, whose validator refuses values >= 2^64.
//
// Operator codes (the policy compiler in src/policy uses the same table):
//   0 none (slot unused, always true)   1 eq   2 ne   3 lt   4 lte   5 gt   6 gte
//   7 between (lo <= x <= hi)   8 notbetween   9 in (x in set)   10 nin (x not in set)
// Comparisons use `lo` as the bound; between/notbetween use [lo, hi]; in/nin use the pool entries
// selected by the 32-bit `mask`.

// Header of one predicate, packed in one field element so the policy commitment stays small:
//   bits 0..3 operator, bits 4..7 attribute slot, bits 8..39 set mask over the value pool.
template Predicate(nSlots, nPool) {
    signal input header;
    signal input lo;
    signal input hi;
    signal input attrs[nSlots];
    signal input pool[nPool];

    component hb = Num2Bits(8 + nPool);   // also proves header < 2^(8+nPool): one encoding only
    hb.in <== header;

    // operator one-hot (16 codes, 11 used: codes 11..15 select a result of 0 and are unsatisfiable)
    component op = OneHot(16);
    op.inp <== hb.out[0] + 2 * hb.out[1] + 4 * hb.out[2] + 8 * hb.out[3];

    // the attribute this predicate talks about
    component slot = OneHot(nSlots);
    slot.inp <== hb.out[4] + 2 * hb.out[5] + 4 * hb.out[6] + 8 * hb.out[7];
    component x = Pick(nSlots);
    for (var i = 0; i < nSlots; i++) {
        x.sel[i] <== slot.out[i];
        x.values[i] <== attrs[i];
    }

    // set membership: prod over selected pool entries of (x - v); zero iff x is in the set.
    // Unselected entries contribute a factor 1.
    signal term[nPool];
    signal prod[nPool];
    for (var j = 0; j < nPool; j++) {
        term[j] <== 1 + hb.out[8 + j] * (x.out - pool[j] - 1);
    }
    prod[0] <== term[0];
    for (var j = 1; j < nPool; j++) prod[j] <== prod[j - 1] * term[j];
    component inSet = IsZero();
    inSet.in <== prod[nPool - 1];

    component ltLo = LessThan(64);
    ltLo.in[0] <== x.out;
    ltLo.in[1] <== lo;
    component gtHi = LessThan(64);
    gtHi.in[0] <== hi;
    gtHi.in[1] <== x.out;
    component eqLo = IsEqual();
    eqLo.in[0] <== x.out;
    eqLo.in[1] <== lo;

    signal inside;                         // lo <= x <= hi
    inside <== (1 - ltLo.out) * (1 - gtHi.out);

    // result of each operator, linear in the comparison outcomes
    var r[16];
    r[0] = 1;
    r[1] = eqLo.out;
    r[2] = 1 - eqLo.out;
    r[3] = ltLo.out;
    r[4] = ltLo.out + eqLo.out;            // exclusive events
    r[5] = 1 - ltLo.out - eqLo.out;
    r[6] = 1 - ltLo.out;
    r[7] = inside;
    r[8] = 1 - inside;
    r[9] = inSet.out;
    r[10] = 1 - inSet.out;
    for (var k = 11; k < 16; k++) r[k] = 0;

    signal chosen[16];
    var holds = 0;
    for (var k = 0; k < 16; k++) {
        chosen[k] <== op.out[k] * r[k];
        holds += chosen[k];
    }
    holds === 1;
}
