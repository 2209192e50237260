/**
 * Accepts an Anon Aadhaar v2 proof as KYC evidence. `@anon-aadhaar/core`'s `verify()` checks only
 * the Groth16 proof and one pubkey hash; an issuer also needs the proof to be about *this* holder,
 * for *this* application and *recent*, so this adapter checks, in order (cheap checks first):
 *   shape → UIDAI key trusted → nullifierSeed = app id → signalHash = hash(subject) → QR age →
 *   Groth16 proof (offline, key rebuilt from Verifier.sol) → nullifier not seen before.
 * It keeps nothing from the proof but its digest and the nullifier-derived replay key; gender and
 * PIN code, if revealed, are ignored.
 */
import type { KycAttributes } from '../../credentials/schema.js';
import { VouchError } from '../../errors/index.js';
import { assertNotReplayed, assertSubject, nowSeconds } from '../lib/context.js';
import { decodeUtf8, evidenceBytes, sha256Hex } from '../lib/evidence-bytes.js';
import type { EvidenceContextBase, VerifiedEvidence } from '../types.js';
import { assertAnonAadhaarConfig, type AnonAadhaarConfig } from './config.js';
import { parseAnonAadhaarProof } from './parse-proof.js';
import { verifyAnonAadhaarProof } from './verify-proof.js';
import { anonAadhaarSignalHash } from './signal-hash.js';
import { indianStateSubdivision } from './states.js';

export interface AnonAadhaarContext extends EvidenceContextBase {
  config: AnonAadhaarConfig;
}

/** A proof is about 3 KB; anything far larger is not one. */
export const ANON_AADHAAR_MAX_BYTES = 64 * 1024;
/** ISO 3166-1 numeric for India. */
const INDIA = 356;
/** kyc-v1 level 1: identity established from a government-signed document. */
const KYC_LEVEL_IDENTITY_DOCUMENT = 1;
const DEFAULT_FUTURE_TOLERANCE_SECONDS = 300;

export async function verifyAnonAadhaarEvidence(
  raw: string | Uint8Array,
  ctx: AnonAadhaarContext,
): Promise<VerifiedEvidence> {
  assertSubject(ctx.subject);
  assertAnonAadhaarConfig(ctx.config);
  const { config } = ctx;
  const bytes = evidenceBytes(raw, ANON_AADHAAR_MAX_BYTES);
  const { proof, publicSignals, signals } = parseAnonAadhaarProof(decodeUtf8(bytes));

  if (signals.ageAbove18 > 1n)
    throw new VouchError('EVIDENCE_MALFORMED', 'ageAbove18 must be 0 or 1', { details: { path: 'ageAbove18' } });
  if (!config.trustedPubkeyHashes.includes(signals.pubkeyHash)) {
    throw new VouchError('ISSUER_KEY_UNTRUSTED', 'the Aadhaar QR was not signed by a configured UIDAI key');
  }
  if (signals.nullifierSeed !== config.nullifierSeed) {
    throw new VouchError('EVIDENCE_SEED_MISMATCH', "the proof's nullifier seed is not this issuer's app id");
  }
  if (signals.signalHash !== anonAadhaarSignalHash(ctx.subject)) {
    throw new VouchError('EVIDENCE_NOT_BOUND', 'the proof is not bound to this subject commitment (signalHash)');
  }
  const now = BigInt(nowSeconds(ctx.now));
  if (now - signals.timestamp > BigInt(config.maxAgeSeconds)) {
    throw new VouchError('EVIDENCE_STALE', 'the Aadhaar QR is older than the configured maximum age', {
      details: { maxAgeSeconds: config.maxAgeSeconds },
    });
  }
  if (signals.timestamp - now > BigInt(config.futureToleranceSeconds ?? DEFAULT_FUTURE_TOLERANCE_SECONDS)) {
    throw new VouchError('EVIDENCE_NOT_YET_VALID', 'the Aadhaar QR timestamp is in the future');
  }

  if (!(await verifyAnonAadhaarProof(proof, publicSignals))) {
    throw new VouchError('EVIDENCE_SIGNATURE_INVALID', 'the Anon Aadhaar proof does not verify');
  }

  // The nullifier is per (Aadhaar holder, app id): the same person proving twice to this issuer repeats it.
  const replayKey = `anon-aadhaar:${signals.nullifierSeed}:${signals.nullifier}`;
  await assertNotReplayed(ctx.seen, replayKey);

  const attributes: KycAttributes = {
    kycLevel: KYC_LEVEL_IDENTITY_DOCUMENT,
    jurisdiction: INDIA,
    investorClass: config.defaults?.investorClass ?? 'none',
    // 0 means "not revealed" as much as "under 18"; either way the credential must not claim adulthood.
    ageOver18: signals.ageAbove18 === 1n,
    tradeLimit: config.defaults?.tradeLimit ?? '0',
  };
  const subdivision = signals.state === 0n ? 0 : indianStateSubdivision(unpackState(signals.state));
  if (subdivision !== 0) attributes.subdivision = subdivision;

  return {
    attributes,
    evidence: { kind: 'anon-aadhaar', digest: sha256Hex(bytes), replayKey, subjectCommitment: ctx.subject.toString() },
  };
}

/** The circuit packs the state name little-endian (first character in the low byte). */
function unpackState(packed: bigint): string {
  let out = '';
  for (let v = packed; v > 0n; v >>= 8n) {
    const c = Number(v & 0xffn);
    if (c < 0x20 || c > 0x7e) return '';
    out += String.fromCharCode(c);
  }
  return out;
}
