/**
 * The compliance report's shape as zod (mirrors reports/compliance-report.schema.json, flattened:
 * closed objects instead of allOf + unevaluatedProperties), so the route's output is checked and
 * its OpenAPI component is compared with it by the contract test.
 */
import { z } from 'zod';

const Rate = z.string().regex(/^[01]\.[0-9]{4}$/);
const Count = z.int().min(0);
const Codes = z
  .array(z.object({ code: z.string().nullable(), count: z.int().min(1) }))
  .meta({ id: 'ComplianceCodeCounts' });
const counts = { decisions: Count, allowed: Count, rejected: Count, rejectionRate: Rate };

export const ComplianceReport = z
  .object({
    format: z.literal('vouch-compliance-report/1'),
    period: z.enum(['day', 'month', 'year']),
    timeZone: z.string().min(1),
    first: z.string().nullable(),
    last: z.string().nullable(),
    totals: z.object(counts).meta({ id: 'ComplianceCounts' }),
    codes: Codes,
    policies: z.array(
      z.object({
        policyId: z.string().min(1),
        ...counts,
        codes: Codes,
        periods: z.array(
          z.object({ period: z.string().regex(/^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$/), ...counts, codes: Codes }),
        ),
        sessions: z.object({ distinct: Count, withRejection: Count }),
      }),
    ),
    sessions: z.object({ distinct: Count, withRejection: Count, decisionsWithoutSession: Count }),
  })
  .meta({ id: 'ComplianceReport' });
