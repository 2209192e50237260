/**
 * DEV/DEMO ONLY: a stand-in KYC vendor that signs real attestations with a freshly generated key,
 * so tests and the demo can exercise the vendor adapter end to end. A real deployment never
 * imports this file: its vendor keys live at the vendor, and Vouch only holds their public JWKS.
 */
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JSONWebKeySet } from 'jose';
import type { InvestorClass } from '../../credentials/schema.js';
import { VENDOR_ATTESTATION_TYP, type VendorAlgorithm, type VendorTrust } from './trust.js';

export interface TestVendor {
  issuer: string;
  kid: string;
  alg: VendorAlgorithm;
  privateKey: CryptoKey;
  /** Public keys only: what the vendor would publish and Vouch would be configured with. */
  jwks: JSONWebKeySet;
}

export interface TestVendorOptions {
  alg?: VendorAlgorithm;
  issuer?: string;
  kid?: string;
}

export async function createTestVendor(options: TestVendorOptions = {}): Promise<TestVendor> {
  const alg = options.alg ?? 'EdDSA';
  const kid = options.kid ?? `test-${alg.toLowerCase()}-${Date.now().toString(36)}`;
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { issuer: options.issuer ?? 'https://kyc-vendor.example', kid, alg, privateKey, jwks: { keys: [jwk] } };
}

/** Trust configuration for a test vendor (what an issuer would load from the vendor's JWKS file). */
export function testVendorTrust(vendor: TestVendor, audience: string): VendorTrust {
  return { issuer: vendor.issuer, audience, jwks: vendor.jwks };
}

export interface VendorAttestationInput {
  /** The holder's subject commitment. */
  subject: bigint;
  audience: string;
  kycLevel?: number;
  /** ISO 3166-1 alpha-2. */
  country?: string;
  investorClass?: InvestorClass;
  ageOver18?: boolean;
  /** Unix seconds (defaults to `now`). */
  sanctionsScreenedAt?: number;
  /** Decimal string, minor units. */
  tradeLimit?: string;
  jti?: string;
  /** Unix seconds; defaults to the system clock. */
  now?: number;
  /** Lifetime in seconds (default 600). */
  ttlSeconds?: number;
  /** Extra or overriding claims (tests use this to build invalid tokens). */
  extraClaims?: Record<string, unknown>;
  /** Header overrides, e.g. a different kid or typ. */
  header?: { kid?: string; typ?: string };
}

/** Signs a compact JWS attestation as `vendor` would. */
export async function makeVendorAttestation(vendor: TestVendor, input: VendorAttestationInput): Promise<string> {
  const now = input.now ?? Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = {
    iss: vendor.issuer,
    sub: input.subject.toString(),
    aud: input.audience,
    iat: now,
    exp: now + (input.ttlSeconds ?? 600),
    jti: input.jti ?? globalThis.crypto.randomUUID(),
    kyc_level: input.kycLevel ?? 2,
    country: input.country ?? 'DE',
    investor_class: input.investorClass ?? 'professional',
    age_over_18: input.ageOver18 ?? true,
    sanctions_screened_at: input.sanctionsScreenedAt ?? now,
    trade_limit: input.tradeLimit ?? '1000000',
    ...input.extraClaims,
  };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return new SignJWT(claims)
    .setProtectedHeader({
      alg: vendor.alg,
      kid: input.header?.kid ?? vendor.kid,
      typ: input.header?.typ ?? VENDOR_ATTESTATION_TYP,
    })
    .sign(vendor.privateKey);
}
