/**
 * The escrow ciphertext format, shared by the circuit (which computes it), the prover and hook
 * (which carry and store it) and the committee (which decrypts it). Keep this file the single
 * place that fixes the encoding; it must never hold or log a secret.
 *
 *   curve       BabyJubJub (circomlib), generator G = Base8, prime subgroup order l
 *   identity    m = issuerIndex · 2^ESCROW_CREDENTIAL_INDEX_BITS + credentialIndex, M = m·G
 *   ciphertext  (C1, C2) = (r·G, M + r·PK), r fresh and uniform mod l, PK the committee key
 *   signals     [C1.x, C1.y, C2.x, C2.y], decimal field elements, in that order
 *
 * `m` names a credential (the issuer's position in the issuer set and the credential's index in
 * that issuer's status bitmap) and nothing else: enough for the issuer to find its KYC record under
 * its own retention rules. Two encryptions of one m share no component (fresh r), so they are
 * unlinkable under DDH.
 */
import { createHash } from 'node:crypto';
import { VouchError } from '../errors/index.js';
import { affine, pointFromAffine, type Point } from './lib/curve.js';

/** The credential index is a leaf of the issuer's 2^20-bit status bitmap (schema slot credentialIndex). */
export const ESCROW_CREDENTIAL_INDEX_BITS = 20;
/** The issuer's position in an issuer set: 64 issuers per set (the circuit's issuer tree depth 6). */
export const ESCROW_ISSUER_INDEX_BITS = 6;
/** m < 2^26: small enough to recover by baby-step giant-step (2^13 steps each way). */
export const ESCROW_IDENTITY_BITS = ESCROW_ISSUER_INDEX_BITS + ESCROW_CREDENTIAL_INDEX_BITS;
export const ESCROW_IDENTITY_BOUND = 1n << BigInt(ESCROW_IDENTITY_BITS);

export interface EscrowIdentity {
  issuerIndex: number;
  credentialIndex: number;
}

/** m for (issuerIndex, credentialIndex); RangeError when either is outside its bits (programmer misuse). */
export function encodeEscrowIdentity(id: EscrowIdentity): bigint {
  const { issuerIndex, credentialIndex } = id;
  if (!Number.isSafeInteger(issuerIndex) || issuerIndex < 0 || issuerIndex >= 2 ** ESCROW_ISSUER_INDEX_BITS) {
    throw new RangeError(`issuerIndex must be an integer in [0, 2^${ESCROW_ISSUER_INDEX_BITS})`);
  }
  if (
    !Number.isSafeInteger(credentialIndex) ||
    credentialIndex < 0 ||
    credentialIndex >= 2 ** ESCROW_CREDENTIAL_INDEX_BITS
  ) {
    throw new RangeError(`credentialIndex must be an integer in [0, 2^${ESCROW_CREDENTIAL_INDEX_BITS})`);
  }
  return (BigInt(issuerIndex) << BigInt(ESCROW_CREDENTIAL_INDEX_BITS)) + BigInt(credentialIndex);
}

/** The inverse of encodeEscrowIdentity; RangeError unless 0 <= m < ESCROW_IDENTITY_BOUND. */
export function decodeEscrowIdentity(m: bigint): EscrowIdentity {
  if (typeof m !== 'bigint' || m < 0n || m >= ESCROW_IDENTITY_BOUND)
    throw new RangeError('escrow identity out of range');
  const mask = (1n << BigInt(ESCROW_CREDENTIAL_INDEX_BITS)) - 1n;
  return { issuerIndex: Number(m >> BigInt(ESCROW_CREDENTIAL_INDEX_BITS)), credentialIndex: Number(m & mask) };
}

/** A point as JSON: affine coordinates as decimal strings (field elements, like public signals). */
export interface EscrowPointJson {
  x: string;
  y: string;
}

export interface EscrowCiphertextJson {
  c1: EscrowPointJson;
  c2: EscrowPointJson;
}

/** A parsed ciphertext: both points checked (on curve, prime subgroup, not the identity). */
export interface EscrowCiphertext {
  c1: Point;
  c2: Point;
}

const DECIMAL = /^(0|[1-9][0-9]{0,77})$/;

/** A point from untrusted JSON ({x, y} decimal strings), checked; ESCROW_POINT_INVALID or `code` for shape. */
export function parseEscrowPoint(
  json: unknown,
  what: string,
  code: 'ESCROW_CIPHERTEXT_MALFORMED' | 'ESCROW_COMMITTEE_INVALID' | 'INPUT_INVALID' = 'INPUT_INVALID',
): Point {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new VouchError(code, `${what} must be an object {x, y}`, { details: { field: what } });
  }
  const { x, y } = json as Record<string, unknown>;
  if (typeof x !== 'string' || typeof y !== 'string' || !DECIMAL.test(x) || !DECIMAL.test(y)) {
    throw new VouchError(code, `${what}.x and ${what}.y must be decimal strings`, { details: { field: what } });
  }
  return pointFromAffine(BigInt(x), BigInt(y), what);
}

export function escrowPointToJson(p: Point): EscrowPointJson {
  const { x, y } = affine(p);
  return { x: x.toString(), y: y.toString() };
}

/** Parses `{c1: {x, y}, c2: {x, y}}`; ESCROW_CIPHERTEXT_MALFORMED for shape, ESCROW_POINT_INVALID for points. */
export function parseEscrowCiphertext(json: unknown): EscrowCiphertext {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new VouchError('ESCROW_CIPHERTEXT_MALFORMED', 'escrow ciphertext must be an object {c1, c2}');
  }
  const o = json as Record<string, unknown>;
  return {
    c1: parseEscrowPoint(o.c1, 'c1', 'ESCROW_CIPHERTEXT_MALFORMED'),
    c2: parseEscrowPoint(o.c2, 'c2', 'ESCROW_CIPHERTEXT_MALFORMED'),
  };
}

export function escrowCiphertextToJson(ct: EscrowCiphertext): EscrowCiphertextJson {
  return { c1: escrowPointToJson(ct.c1), c2: escrowPointToJson(ct.c2) };
}

/** The four public signals [C1.x, C1.y, C2.x, C2.y] (decimal strings), in the circuit's order. */
export function escrowCiphertextSignals(ct: EscrowCiphertext): [string, string, string, string] {
  const j = escrowCiphertextToJson(ct);
  return [j.c1.x, j.c1.y, j.c2.x, j.c2.y];
}

/** The ciphertext from its four public signals, checked like parseEscrowCiphertext. */
export function escrowCiphertextFromSignals(signals: readonly string[]): EscrowCiphertext {
  if (!Array.isArray(signals) || signals.length !== 4) {
    throw new VouchError('ESCROW_CIPHERTEXT_MALFORMED', 'an escrow ciphertext is four public signals');
  }
  const [c1x, c1y, c2x, c2y] = signals;
  return parseEscrowCiphertext({ c1: { x: c1x, y: c1y }, c2: { x: c2x, y: c2y } });
}

/**
 * A stable reference to a ciphertext: SHA-256 over "vouch/escrow/ciphertext/v1" and the four
 * coordinates as 32-byte big-endian, hex. Unmasking requests and results name a ciphertext by it.
 */
export function escrowCiphertextDigest(ct: EscrowCiphertext): string {
  const h = createHash('sha256').update('vouch/escrow/ciphertext/v1');
  for (const s of escrowCiphertextSignals(ct)) h.update(Buffer.from(BigInt(s).toString(16).padStart(64, '0'), 'hex'));
  return h.digest('hex');
}

/**
 * The committee as the signed registry publishes it (`escrowCommittee`): the joint key PK (what
 * ciphertexts are encrypted to), the threshold k, each member's verification key PK_i = s_i·G (to
 * check decryption shares), and an epoch that grows with each new committee key.
 */
export interface EscrowCommitteeJson {
  /** SHA-256 (hex) of the committee's description (members' cards, threshold, epoch). */
  committeeId: string;
  epoch: number;
  threshold: number;
  publicKey: EscrowPointJson;
  members: { index: number; publicKey: EscrowPointJson }[];
}
