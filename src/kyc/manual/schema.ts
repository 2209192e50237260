/**
 * The manual-review evidence file: attributes by name, exactly these keys, e.g.
 *   {"kycLevel": 3, "jurisdiction": "DE", "investorClass": "professional", "ageOver18": true, "tradeLimit": "1000000"}
 * plus optional `birthYear` and `sanctionsScreenedAt` (unix seconds). `tradeLimit` is a decimal
 * string in minor units (never a JSON number: money is not a float). Unknown keys are refused so
 * a typo cannot silently drop an attribute the reviewer meant to set.
 */
import { z } from 'zod';
import { INVESTOR_CLASSES, type InvestorClass } from '../../credentials/schema.js';

export const manualEvidenceSchema = z.strictObject({
  kycLevel: z.number().int().min(0).max(3),
  jurisdiction: z.string().regex(/^[A-Z]{2}$/),
  investorClass: z.enum(Object.keys(INVESTOR_CLASSES) as [InvestorClass, ...InvestorClass[]]),
  ageOver18: z.boolean(),
  tradeLimit: z.string().regex(/^(0|[1-9][0-9]{0,19})$/),
  birthYear: z.number().int().min(1900).max(9999).optional(),
  sanctionsScreenedAt: z.number().int().nonnegative().optional(),
});

export type ManualEvidence = z.infer<typeof manualEvidenceSchema>;
