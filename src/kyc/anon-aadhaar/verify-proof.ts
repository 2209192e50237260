/**
 * The Groth16 check alone: the proof against the v2 key rebuilt from Verifier.sol, offline.
 * Public signals are decimal strings in circuit order (see ANON_AADHAAR_SIGNALS).
 * snarkjs loads on the first check, so importing the KYC adapters (as issuance does) costs nothing.
 */
import type { Groth16ProofJson } from './parse-proof.js';
import { anonAadhaarVerificationKey } from './verification-key.js';

export async function verifyAnonAadhaarProof(
  proof: Groth16ProofJson,
  publicSignals: readonly string[],
): Promise<boolean> {
  if (publicSignals.length !== anonAadhaarVerificationKey().nPublic) throw new RangeError('expected 9 public signals');
  const { groth16 } = await import('snarkjs');
  return groth16.verify(anonAadhaarVerificationKey(), [...publicSignals], proof);
}
