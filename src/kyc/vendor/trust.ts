/**
 * Which KYC vendors an issuer trusts and how strictly their attestations are read. A vendor is
 * its `iss`, its public keys (a JWKS file it publishes) and the audience it mints tokens for.
 *
 *   VOUCH_KYC_VENDOR_JWKS       path to the vendor's JWKS file (public keys only)
 *   VOUCH_KYC_VENDOR_ISSUER     the vendor's `iss`
 *   VOUCH_KYC_VENDOR_AUDIENCE   the `aud` the vendor uses for this Vouch issuer
 */
import { readFileSync } from 'node:fs';
import type { JSONWebKeySet } from 'jose';
import { VouchError } from '../../errors/index.js';

export type VendorAlgorithm = 'EdDSA' | 'ES256';
export const VENDOR_ALGORITHMS: readonly VendorAlgorithm[] = ['EdDSA', 'ES256'];

export interface VendorTrust {
  issuer: string;
  jwks: JSONWebKeySet;
  audience: string;
  /** Subset of VENDOR_ALGORITHMS (default: both). */
  algorithms?: readonly VendorAlgorithm[];
  /** Allowed clock skew for exp/nbf/iat, seconds (default 60). */
  clockToleranceSeconds?: number;
  /** Oldest `iat` accepted, seconds before now (default 3600): attestations are minted for one issuance. */
  maxAgeSeconds?: number;
  /** Required JWS `typ` header (default VENDOR_ATTESTATION_TYP), so no other JWT of the vendor's can pass as one. */
  typ?: string;
}

export const VENDOR_ATTESTATION_TYP = 'kyc-attestation+jwt';

/** Members only a private or symmetric JWK has. */
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'];

/** Validates a vendor JWKS: Ed25519 or P-256 public keys, each with a unique `kid`. */
export function parseVendorJwks(text: string): JSONWebKeySet {
  let jwks: unknown;
  try {
    jwks = JSON.parse(text);
  } catch (cause) {
    throw new VouchError('CONFIG_INVALID', 'vendor JWKS is not valid JSON', { cause });
  }
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) throw new VouchError('CONFIG_INVALID', 'vendor JWKS has no keys');
  const kids = new Set<string>();
  keys.forEach((key: unknown, index) => {
    const k = key as Record<string, unknown> | null;
    const fail = (why: string): never => {
      throw new VouchError('CONFIG_INVALID', `vendor JWKS key ${index} ${why}`, { details: { index } });
    };
    if (typeof k !== 'object' || k === null) return fail('is not an object');
    if (PRIVATE_MEMBERS.some((m) => m in k)) fail('holds private key material');
    const okp = k.kty === 'OKP' && k.crv === 'Ed25519';
    const ec = k.kty === 'EC' && k.crv === 'P-256';
    if (!okp && !ec) fail('is neither Ed25519 nor P-256');
    if (typeof k.kid !== 'string' || k.kid.length === 0) fail('has no kid');
    if (kids.has(k.kid as string)) fail('repeats a kid');
    kids.add(k.kid as string);
  });
  return jwks as JSONWebKeySet;
}

export function readVendorJwks(path: string): JSONWebKeySet {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (cause) {
    throw new VouchError('CONFIG_INVALID', 'vendor JWKS file cannot be read', { cause, details: { path } });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes); // a trust anchor is never silently altered
  } catch (cause) {
    throw new VouchError('CONFIG_INVALID', 'vendor JWKS file is not valid UTF-8', { cause, details: { path } });
  }
  return parseVendorJwks(text);
}

/** The one vendor configured in the environment; undefined when none is. */
export function vendorTrustFromEnv(env: NodeJS.ProcessEnv = process.env): VendorTrust | undefined {
  const jwksPath = env.VOUCH_KYC_VENDOR_JWKS?.trim();
  const issuer = env.VOUCH_KYC_VENDOR_ISSUER?.trim();
  const audience = env.VOUCH_KYC_VENDOR_AUDIENCE?.trim();
  if (!jwksPath && !issuer && !audience) return undefined;
  if (!jwksPath || !issuer || !audience) {
    throw new VouchError(
      'CONFIG_INVALID',
      'VOUCH_KYC_VENDOR_JWKS, VOUCH_KYC_VENDOR_ISSUER and VOUCH_KYC_VENDOR_AUDIENCE must be set together',
    );
  }
  return { issuer, audience, jwks: readVendorJwks(jwksPath) };
}
