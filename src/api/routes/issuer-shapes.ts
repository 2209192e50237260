/**
 * Request/response shapes the issuer, credential and registry areas share (ids, field elements,
 * public keys, the issuer view), and the issuers' public JWKs for /.well-known/jwks.json.
 * Only public key material ever passes through here: a JWK is re-declared member by member, so a
 * private member (`d`) is stripped by the response check even if a bug put one in.
 */
import type { JWK } from 'jose';
import { z } from 'zod';
import { issuerJwks, type CredentialStore, type IssuerSummary } from '../../credentials/index.js';
import { FIELD_MODULUS } from '../../zk/index.js';

/** `newId('iss')`: prefix + 12 random bytes in base64url. */
export const ISSUER_ID_PATTERN = /^iss_[A-Za-z0-9_-]{16}$/;
export const CREDENTIAL_ID_PATTERN = /^cred_[A-Za-z0-9_-]{16}$/;

export const IssuerParams = z.object({
  id: z.string().regex(ISSUER_ID_PATTERN, 'must be an issuer id (iss_ + 16 base64url characters)'),
});

/** A non-negative decimal integer (field elements, coordinates), without leading zeros. */
export const Decimal = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,77})$/)
  .meta({ id: 'DecimalInteger' });

/** A BN254 scalar-field element as a decimal string (a holder's subject commitment). */
export const FieldElement = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,76})$/, 'must be a decimal integer')
  // zod runs every check even after the regex fails: guard before BigInt, never throw from a refinement
  .refine(
    (s) => /^(0|[1-9][0-9]{0,76})$/.test(s) && BigInt(s) < FIELD_MODULUS,
    'must be below the BN254 field modulus',
  );

export const Point = z.object({ x: Decimal, y: Decimal }).meta({ id: 'BabyJubPoint' });
/** A point of the escrow committee's ElGamal key or ciphertext (registry and decisions). */
export const EscrowPoint = z.object({ x: Decimal, y: Decimal }).meta({ id: 'EscrowPoint' });

/** Public keys only: a JWK with a private part (`d`, `p`, …) cannot pass this schema's stripping. */
export const PublicJwk = z
  .object({
    kty: z.enum(['OKP', 'EC', 'RSA']),
    kid: z.string().min(1),
    crv: z.string().optional(),
    x: z.string().optional(),
    y: z.string().optional(),
    n: z.string().optional(),
    e: z.string().optional(),
    alg: z.string().optional(),
    use: z.literal('sig').optional(),
  })
  .meta({ id: 'PublicJwk' });

export const Issuer = z
  .object({
    issuerId: z.string(),
    name: z.string(),
    tenant: z.string(),
    /** Anon Aadhaar app id: the nullifierSeed every Aadhaar proof for this issuer must carry. */
    appId: z.string(),
    /** Current credential-signing key (BabyJubJub). */
    publicKey: Point,
    kid: z.string(),
    /** Ed25519 keys that sign its status snapshots (JWS). */
    jwks: z.array(PublicJwk),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Issuer' });

export const isoSeconds = (unixSeconds: number): string => new Date(unixSeconds * 1000).toISOString();

export function issuerView(s: IssuerSummary): z.input<typeof Issuer> {
  return {
    issuerId: s.issuerId,
    name: s.name,
    tenant: s.tenant,
    appId: s.appId,
    publicKey: s.publicKey,
    kid: s.kid,
    jwks: s.jwks as z.input<typeof PublicJwk>[],
    createdAt: isoSeconds(s.createdAt),
  };
}

/**
 * Every issuer's Ed25519 public JWKs valid at `at` (unix seconds), oldest issuer first: what
 * /.well-known/jwks.json adds to the service's own keys. Reads public keys only, so no KEK is
 * involved (`issuerJwks` never opens a sealed key).
 */
export async function publishedIssuerJwks(store: CredentialStore, at: number): Promise<JWK[]> {
  const out: JWK[] = [];
  const all = [...(await store.issuers())].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
  for (const r of all) out.push(...(await issuerJwks({ store }, r.id, at)));
  return out;
}
