pragma circom 2.1.6;

// The policy statement of circuits/policy.circom as a template, so that circuit variants
// (circuits/policy-accountable.circom) prove exactly the same statement and only add to it.
// The statement, its range argument and the reason for each constraint are documented in
// circuits/policy.circom, whose main component instantiates this template unchanged.
//
// Invariants a variant relies on (and must not re-prove):
//   - issuerIndex < 2^6: the issuer-set path's Num2Bits(2 * issuerDepth), issuerDepth = 3;
//   - attrs[2] (the credential's index) < 2^20: the status bitmap's Num2Bits(20);
//   - tradeValue, now and attrs[2..15] < 2^64: the Num2Bits(64) range checks of step 0;
//   - rules < 2^16: the Num2Bits(16) of step 6b; bits 5..7 are not read here (variants' switches);
//   - policyHash is the commitment to the predicates and rules (a variant may wrap it);
//   - the output nullifier is Poseidon(holderSecret, scope); a variant's other nullifiers must use
//     scopes the verifier keeps apart from trade scopes.
//
// Moving the template out of circuits/policy.circom left the base circuit's R1CS and wasm byte for
// byte the same, so its zkey, vkey and every deployed verifier too. circom writes the source line
// of each constraint into the wasm's error messages, so the template must keep starting on line
// 32, where it started in circuits/policy.circom: add lines to this header only by taking others
// away, or the base wasm (and the committed manifest) changes.

include "circomlib/circuits/poseidon.circom";
include "circomlib/circuits/eddsaposeidon.circom";
include "circomlib/circuits/comparators.circom";
include "circomlib/circuits/bitify.circom";
include "./quad-merkle.circom";
include "./status.circom";
include "./predicates.circom";
include "./select.circom";

template VouchPolicy(nSlots, nPredicates, nPool, issuerDepth) {
    // ---- public ----
    signal input issuerSetRoot;
    signal input now;
    signal input policyHash;
    signal input tradeHash;
    signal input tradeValue;
    signal input scope;
    signal output nullifier;

    // ---- private: holder and credential ----
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

    // ---- private: the policy, committed to by policyHash ----
    signal input predHeader[nPredicates];
    signal input predLo[nPredicates];
    signal input predHi[nPredicates];
    signal input pool[nPool];
    signal input rules;                 // bits 0..3 cap attribute, bit 4 cap enabled, 8..15 encoding version

    // 0. every value a comparator or bound consumes is < 2^64, in the circuit, for any witness:
    //    the public inputs a verifier may take from the proof itself (session mode takes
    //    tradeValue from the proof) and the attribute slots, whatever the issuer's software did.
    component nowRange = Num2Bits(64);
    nowRange.in <== now;
    component valueRange = Num2Bits(64);
    valueRange.in <== tradeValue;
    component attrRange[nSlots - 2];
    for (var i = 2; i < nSlots; i++) {
        attrRange[i - 2] = Num2Bits(64);
        attrRange[i - 2].in <== attrs[i];
    }

    // 1. holder owns the credential; the schema is kyc-v1 ("kyc-v1" as a big-endian ASCII integer)
    component subject = Poseidon(1);
    subject.inputs[0] <== holderSecret;
    subject.out === attrs[0];
    attrs[1] === 0x6b79632d7631;

    // 2. the issuer signed exactly these slots
    component msg = Poseidon(nSlots);
    for (var i = 0; i < nSlots; i++) msg.inputs[i] <== attrs[i];
    component sig = EdDSAPoseidonVerifier();
    sig.enabled <== 1;
    sig.Ax <== issuerAx;
    sig.Ay <== issuerAy;
    sig.S <== sigS;
    sig.R8x <== sigR8x;
    sig.R8y <== sigR8y;
    sig.M <== msg.out;

    // 3. the issuer (with this status root) is in the verifier's trusted set
    component leaf = Poseidon(3);
    leaf.inputs[0] <== issuerAx;
    leaf.inputs[1] <== issuerAy;
    leaf.inputs[2] <== statusRoot;
    component ib = Num2Bits(2 * issuerDepth);
    ib.in <== issuerIndex;
    component issuers = QuadMerkleRoot(issuerDepth);
    issuers.leaf <== leaf.out;
    for (var i = 0; i < 2 * issuerDepth; i++) issuers.indexBits[i] <== ib.out[i];
    for (var l = 0; l < issuerDepth; l++) for (var j = 0; j < 4; j++) issuers.children[l][j] <== issuerPath[l][j];
    issuers.root === issuerSetRoot;

    // 4. not revoked under that status root
    component status = NotRevoked();
    status.index <== attrs[2];
    for (var i = 0; i < 8; i++) status.words[i] <== statusWords[i];
    for (var l = 0; l < 5; l++) for (var j = 0; j < 4; j++) status.children[l][j] <== statusPath[l][j];
    status.root === statusRoot;

    // 5. validity window
    component started = LessEqThan(64);
    started.in[0] <== attrs[3];
    started.in[1] <== now;
    started.out === 1;
    component notExpired = LessThan(64);
    notExpired.in[0] <== now;
    notExpired.in[1] <== attrs[4];
    notExpired.out === 1;

    // 6a. predicates
    component pred[nPredicates];
    for (var k = 0; k < nPredicates; k++) {
        pred[k] = Predicate(nSlots, nPool);
        pred[k].header <== predHeader[k];
        pred[k].lo <== predLo[k];
        pred[k].hi <== predHi[k];
        for (var i = 0; i < nSlots; i++) pred[k].attrs[i] <== attrs[i];
        for (var j = 0; j < nPool; j++) pred[k].pool[j] <== pool[j];
    }

    // 6b. trade rule: tradeValue <= attrs[capAttr] when enabled
    component rb = Num2Bits(16);
    rb.in <== rules;
    component capSlot = OneHot(nSlots);
    capSlot.inp <== rb.out[0] + 2 * rb.out[1] + 4 * rb.out[2] + 8 * rb.out[3];
    component cap = Pick(nSlots);
    for (var i = 0; i < nSlots; i++) {
        cap.sel[i] <== capSlot.out[i];
        cap.values[i] <== attrs[i];
    }
    component withinCap = LessEqThan(64);
    withinCap.in[0] <== tradeValue;
    withinCap.in[1] <== cap.out;
    rb.out[4] * (1 - withinCap.out) === 0;

    // 6c. the predicates are exactly the verifier's policy
    component poolLo = Poseidon(16);
    component poolHi = Poseidon(16);
    for (var j = 0; j < 16; j++) {
        poolLo.inputs[j] <== pool[j];
        poolHi.inputs[j] <== pool[16 + j];
    }
    component heads = Poseidon(16);
    for (var k = 0; k < nPredicates; k++) {
        heads.inputs[k] <== predHeader[k];
        heads.inputs[nPredicates + k] <== predLo[k];
    }
    component commit = Poseidon(4 + nPredicates);
    commit.inputs[0] <== poolLo.out;
    commit.inputs[1] <== poolHi.out;
    commit.inputs[2] <== heads.out;
    commit.inputs[3] <== rules;
    for (var k = 0; k < nPredicates; k++) commit.inputs[4 + k] <== predHi[k];
    commit.out === policyHash;

    // 7. one nullifier per (holder, scope), unlinkable across scopes
    component nf = Poseidon(2);
    nf.inputs[0] <== holderSecret;
    nf.inputs[1] <== scope;
    nullifier <== nf.out;

    // tradeHash must stay bound to the proof even though no other constraint reads it
    signal tradeHashSquared;
    tradeHashSquared <== tradeHash * tradeHash;
}
