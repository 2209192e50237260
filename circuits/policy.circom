pragma circom 2.1.6;

// Vouch policy proof (schema kyc-v1).
//
// Statement, for public (issuerSetRoot, now, policyHash, tradeHash, tradeValue, scope) and output
// nullifier: the prover knows a holder secret and a credential such that
//   1. Poseidon(holderSecret) is the credential's subject (slot 0), and slot 1 is the kyc-v1 id;
//   2. the 16 attribute slots carry an EdDSA-Poseidon (BabyJubJub) signature by issuer key A;
//   3. Poseidon(Ax, Ay, statusRoot) is a leaf of the 4-ary issuer-set tree with root issuerSetRoot
//      (64 issuers; which one is never revealed);
//   4. the credential's revocation bit (index = slot 2) is 0 in the bitmap under statusRoot;
//   5. issuedAt <= now < expiresAt (slots 3 and 4);
//   6. each of 8 predicates holds on the attributes, and tradeValue <= the policy's cap attribute
//      when the policy sets one; the predicates are private, committed to by policyHash;
//   7. nullifier = Poseidon(holderSecret, scope).
// Range: `now`, `tradeValue` and attribute slots 2..15 are proven < 2^64 here (Num2Bits(64)), so no
// comparator below ever sees a value that wraps modulo r, whoever chose it. Policy constants
// (predicate bounds, pool) are bound by policyHash to the verifier's validated document.
// tradeHash binds the proof to one trade (or session key); it enters no other constraint.
//
// The witness layout is mirrored by src/zk/witness.ts; change both together.

include "./lib/policy-core.circom";

component main { public [issuerSetRoot, now, policyHash, tradeHash, tradeValue, scope] } = VouchPolicy(16, 8, 32, 3);
