/**
 * Accepts a KYC vendor's compact JWS attestation as evidence. The vendor is chosen by the token's
 * `iss` among the trusted ones; then jose verifies signature (allow-listed algorithms, key by `kid`
 * from the vendor's JWKS), `typ`, `iss`, `aud`, `exp`, `nbf` and `iat` age with clock tolerance.
 * The claims are then read strictly, `sub` must be the holder's subject commitment, and `jti` must
 * not have been used before. Messages never echo the token or its claims.
 */
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { VouchError, type VouchErrorCode } from '../../errors/index.js';
import { FIELD_MODULUS } from '../../zk/index.js';
import type { KycAttributes } from '../../credentials/schema.js';
import { assertNotReplayed, assertSubject, nowSeconds } from '../lib/context.js';
import { countryToNumeric } from '../lib/country.js';
import { parseDecimal } from '../lib/decimal.js';
import { decodeUtf8, evidenceBytes, sha256Hex } from '../lib/evidence-bytes.js';
import type { EvidenceContextBase, VerifiedEvidence } from '../types.js';
import { vendorClaimsSchema } from './claims.js';
import { VENDOR_ALGORITHMS, VENDOR_ATTESTATION_TYP, type VendorTrust } from './trust.js';

export interface VendorContext extends EvidenceContextBase {
  vendors: readonly VendorTrust[];
}

export const VENDOR_ATTESTATION_MAX_BYTES = 16 * 1024;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const DEFAULT_CLOCK_TOLERANCE_SECONDS = 60;
const DEFAULT_MAX_AGE_SECONDS = 3600;

const keySets = new WeakMap<object, JWTVerifyGetKey>();

export async function verifyVendorAttestation(raw: string | Uint8Array, ctx: VendorContext): Promise<VerifiedEvidence> {
  assertSubject(ctx.subject);
  if (!Array.isArray(ctx.vendors)) throw new TypeError('vendors must be an array of VendorTrust');
  const bytes = evidenceBytes(raw, VENDOR_ATTESTATION_MAX_BYTES);
  const token = decodeUtf8(bytes).trim();
  if (!COMPACT_JWS.test(token)) throw new VouchError('EVIDENCE_MALFORMED', 'vendor attestation is not a compact JWS');

  let kid: unknown;
  let iss: unknown;
  try {
    kid = decodeProtectedHeader(token).kid;
    iss = decodeJwt(token).iss;
  } catch (cause) {
    throw new VouchError('EVIDENCE_MALFORMED', 'vendor attestation header or payload cannot be decoded', { cause });
  }
  if (typeof kid !== 'string' || kid.length === 0) {
    throw new VouchError('EVIDENCE_MALFORMED', 'vendor attestation does not name its key (kid)');
  }
  const vendor = ctx.vendors.find((v) => v.issuer === iss);
  if (!vendor) throw new VouchError('ISSUER_KEY_UNTRUSTED', 'vendor attestation is from an issuer that is not trusted');
  const tolerance = vendor.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS;

  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, keySet(vendor), {
      algorithms: [...(vendor.algorithms ?? VENDOR_ALGORITHMS)],
      issuer: vendor.issuer,
      audience: vendor.audience,
      typ: vendor.typ ?? VENDOR_ATTESTATION_TYP,
      clockTolerance: tolerance,
      maxTokenAge: vendor.maxAgeSeconds ?? DEFAULT_MAX_AGE_SECONDS,
      requiredClaims: ['exp', 'iat', 'jti', 'sub'],
      ...(ctx.now ? { currentDate: ctx.now() } : {}),
    }));
  } catch (cause) {
    const code = joseFailure(cause);
    if (!code) throw cause;
    throw new VouchError(code, `vendor attestation refused: ${describe(cause)}`, { cause });
  }

  const parsed = vendorClaimsSchema.safeParse(payload);
  if (!parsed.success) {
    const claim = parsed.error.issues[0]?.path.join('.') ?? '';
    throw new VouchError('EVIDENCE_MALFORMED', 'vendor attestation claims are invalid', { details: { claim } });
  }
  const claims = parsed.data;
  const sub = parseDecimal(claims.sub, FIELD_MODULUS - 1n);
  if (sub === undefined) {
    throw new VouchError('EVIDENCE_MALFORMED', 'sub must be a subject commitment (decimal field element)', {
      details: { claim: 'sub' },
    });
  }
  if (sub !== ctx.subject)
    throw new VouchError('EVIDENCE_NOT_BOUND', 'vendor attestation is for another subject commitment');
  const tradeLimit = parseDecimal(claims.trade_limit);
  if (tradeLimit === undefined) {
    throw new VouchError('EVIDENCE_MALFORMED', 'trade_limit must be a decimal integer below 2^64', {
      details: { claim: 'trade_limit' },
    });
  }
  if (claims.sanctions_screened_at > nowSeconds(ctx.now) + tolerance) {
    throw new VouchError('EVIDENCE_MALFORMED', 'sanctions_screened_at is in the future', {
      details: { claim: 'sanctions_screened_at' },
    });
  }
  const attributes: KycAttributes = {
    kycLevel: claims.kyc_level,
    jurisdiction: countryToNumeric(claims.country, 'country'),
    investorClass: claims.investor_class,
    ageOver18: claims.age_over_18 ?? false,
    sanctionsScreenedAt: claims.sanctions_screened_at,
    tradeLimit: tradeLimit.toString(),
    ...(claims.birth_year === undefined ? {} : { birthYear: claims.birth_year }),
  };

  const replayKey = `vendor-jws:${encodeURIComponent(claims.iss)}:${encodeURIComponent(claims.jti)}`;
  await assertNotReplayed(ctx.seen, replayKey);
  return {
    attributes,
    evidence: { kind: 'vendor-jws', digest: sha256Hex(bytes), replayKey, subjectCommitment: ctx.subject.toString() },
  };
}

function keySet(vendor: VendorTrust): JWTVerifyGetKey {
  let set = keySets.get(vendor.jwks);
  if (!set) {
    set = createLocalJWKSet(vendor.jwks);
    keySets.set(vendor.jwks, set);
  }
  return set;
}

/** Maps a jose failure to the evidence code it means; undefined for anything that is not jose's. */
function joseFailure(err: unknown): VouchErrorCode | undefined {
  const e = err as { code?: unknown; claim?: unknown; reason?: unknown };
  switch (e?.code) {
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return 'ISSUER_KEY_UNTRUSTED';
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return 'EVIDENCE_SIGNATURE_INVALID';
    case 'ERR_JWT_EXPIRED':
      return 'EVIDENCE_STALE';
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
      if (e.reason !== 'check_failed') return 'EVIDENCE_MALFORMED';
      if (e.claim === 'nbf' || e.claim === 'iat') return 'EVIDENCE_NOT_YET_VALID';
      if (e.claim === 'aud') return 'EVIDENCE_NOT_BOUND';
      if (e.claim === 'iss') return 'ISSUER_KEY_UNTRUSTED';
      return 'EVIDENCE_MALFORMED';
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
    case 'ERR_JOSE_NOT_SUPPORTED':
      return 'EVIDENCE_MALFORMED';
    case 'ERR_JWKS_INVALID':
    case 'ERR_JWK_INVALID':
      return 'CONFIG_INVALID';
    default:
      return undefined;
  }
}

/** jose's messages name the failed check, never a claim value or key; keep just that. */
function describe(err: unknown): string {
  const e = err as { code?: unknown; claim?: unknown };
  return typeof e.claim === 'string' ? `${String(e.code)} (${e.claim})` : String(e.code);
}
