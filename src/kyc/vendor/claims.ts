/**
 * The claims of a vendor KYC attestation (a JWT). Registered claims: iss, sub (the holder's subject
 * commitment, decimal), aud, exp, iat, jti, optional nbf. Vouch claims, snake_case as in OIDC:
 *   kyc_level 0–3 · country ISO 3166-1 alpha-2 · investor_class (INVESTOR_CLASSES key) ·
 *   sanctions_screened_at NumericDate · trade_limit decimal string (minor units) ·
 *   optional age_over_18 boolean (absent = false), birth_year.
 * Unknown claims are refused: the format is ours, and a claim we do not read is one we cannot vouch for.
 */
import { z } from 'zod';
import { INVESTOR_CLASSES, type InvestorClass } from '../../credentials/schema.js';

const numericDate = z.number().int().nonnegative();

export const vendorClaimsSchema = z.strictObject({
  iss: z.string().min(1).max(512),
  sub: z.string().max(78),
  aud: z.union([z.string().min(1).max(512), z.array(z.string().min(1).max(512)).min(1).max(16)]),
  exp: numericDate,
  iat: numericDate,
  nbf: numericDate.optional(),
  jti: z.string().min(1).max(256),
  kyc_level: z.number().int().min(0).max(3),
  country: z.string().length(2),
  investor_class: z.enum(Object.keys(INVESTOR_CLASSES) as [InvestorClass, ...InvestorClass[]]),
  sanctions_screened_at: numericDate,
  trade_limit: z.string().max(20),
  age_over_18: z.boolean().optional(),
  birth_year: z.number().int().min(1900).max(9999).optional(),
});

export type VendorClaims = z.infer<typeof vendorClaimsSchema>;
