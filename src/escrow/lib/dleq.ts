/**
 * Chaum–Pedersen proof of equality of discrete logs: given (G, X = x·G, H, Y = x·H), the prover
 * shows log_G X = log_H Y without revealing x. Non-interactive by Fiat–Shamir over a transcript
 * that carries a domain tag, the caller's context (committee, request, member) and all six points.
 *
 *   prove:  w random; A = w·G, B = w·H; c = H(domain, context, G, X, H, Y, A, B); z = w + c·x mod l
 *   verify: z·G == A + c·X and z·H == B + c·Y (and recompute c)
 *
 * The proof is (c, z) — compact (A and B are recomputed as z·G − c·X, z·H − c·Y). With H = G and
 * Y = X this is a Schnorr proof of knowledge of x (dealers' proof of possession of their constant
 * term, which stops a rogue-key dealer from cancelling the others' contributions).
 * Callers must have checked every point (curve, subgroup, not identity) before verifying.
 */
import { modL, mul, randomScalar, type Point } from './curve.js';
import { transcriptScalar, type TranscriptField } from './transcript.js';

export interface DleqProof {
  c: bigint;
  z: bigint;
}

export interface DleqStatement {
  g: Point;
  x: Point;
  h: Point;
  y: Point;
}

export function proveDleq(
  domain: string,
  context: readonly TranscriptField[],
  s: DleqStatement,
  secret: bigint,
): DleqProof {
  const w = randomScalar();
  const a = mul(s.g, w);
  const b = mul(s.h, w);
  const c = transcriptScalar(domain, [...context, s.g, s.x, s.h, s.y, a, b]);
  return { c, z: modL(w + c * secret) };
}

export function verifyDleq(
  domain: string,
  context: readonly TranscriptField[],
  s: DleqStatement,
  proof: DleqProof,
): boolean {
  const { c, z } = proof;
  if (typeof c !== 'bigint' || typeof z !== 'bigint' || c < 0n || z < 0n || c !== modL(c) || z !== modL(z))
    return false;
  const a = mul(s.g, z).subtract(mul(s.x, c));
  const b = mul(s.h, z).subtract(mul(s.y, c));
  return transcriptScalar(domain, [...context, s.g, s.x, s.h, s.y, a, b]) === c;
}
