/**
 * Request and response shapes shared by the ledger, reports, bundles and audit areas (zod; their
 * openapi.yaml components are generated from these). Validation here is the request's form; the library validates meaning (a price row, a
 * users file, a lot selection) and answers with its own codes naming the line, record or path.
 */
import { z } from 'zod';
import type { ItemLimit } from '../route.js';
import { LOG_ENTRY_KINDS } from '../../log/index.js';
import { COMMITMENT_ALG } from '../../reporting/bundle/index.js';
import { isCurrencyCode, parseTime } from '../../reporting/ledger/index.js';
import { JURISDICTIONS, LOT_METHODS } from '../../reporting/tax/index.js';

/** 16 MiB: about 150,000 ledger rows or price rows per request; larger files go through the CLI. */
export const REPORTING_BODY_LIMIT = 16 * 1024 * 1024;

/** Bounds on the tax inputs a request carries (price table lines, lot selections), counted before parsing. */
export const TAX_ITEM_LIMITS: readonly ItemLimit[] = [
  { field: 'prices', items: 'lines', limit: (c) => c.limits.ledgerRows + 1 },
  { field: 'lots', items: 'lot selections', limit: (c) => c.limits.ledgerRows },
];

export const BundleId = z.string().regex(/^[0-9a-f]{32}$/, 'must be 32 lowercase hex characters');
export const TenantId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,62}$/, 'must be a tenant id');

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
export const TimeZone = z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone name');

/** Unix seconds or ISO 8601 with an offset, as Unix milliseconds. */
export const Instant = z
  .union([z.string(), z.int().min(0)])
  .refine((v) => parseTime(v) !== undefined, 'must be ISO 8601 with an offset or Unix seconds')
  .transform((v) => parseTime(v)!)
  .meta({ id: 'Instant' });

const JURISDICTION_CODES = Object.keys(JURISDICTIONS) as [
  keyof typeof JURISDICTIONS,
  ...(keyof typeof JURISDICTIONS)[],
];

/** What a tax computation over the tenant's stored ledger needs (tax reports and tax bundles). */
export const TaxOptions = {
  method: z.enum(LOT_METHODS).meta({ id: 'TaxLotMethod' }),
  year: z.int().min(1970).max(9999),
  /** Price table CSV text (`time,asset,quote,price`); absent: only report-currency fills can be valued. */
  prices: z.string().max(REPORTING_BODY_LIMIT).optional(),
  jurisdiction: z.enum(JURISDICTION_CODES).optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
    .refine(isCurrencyCode, 'must be an ISO 4217 currency code')
    .optional(),
  timeZone: TimeZone.optional(),
  accounts: z.array(z.string().min(1).max(128)).min(1).max(10_000).optional(),
  /** Lot selections (reports/lot-selections.schema.json), SPECIFIC only. */
  lots: z.array(z.record(z.string(), z.unknown())).optional(),
};

export const TAX_FORMATS = ['json', 'carf', '1099da', '1099da-csv', '8949'] as const;

export const TaxReportRequest = z
  .strictObject({
    ...TaxOptions,
    format: z.enum(TAX_FORMATS).default('json'),
    /** CARF identity file (reports/carf-users.schema.json); only its shape's top level is checked here. */
    users: z
      .strictObject({
        rcasp: z.record(z.string(), z.unknown()),
        users: z.record(z.string(), z.record(z.string(), z.unknown())),
      })
      .optional(),
    basisReporting: z.enum(['reported', 'not-reported', 'none']).default('none'),
    messageRefId: z.string().min(1).max(170).optional(),
    testData: z.boolean().optional(),
  })
  .meta({ id: 'TaxReportRequest' });
export type TaxReportRequest = z.output<typeof TaxReportRequest>;

const Label = z.string().min(1).max(200);

/** No `institution`: the signed body names the authenticated tenant, never text the caller typed. */
export const CreateBundleRequest = z
  .discriminatedUnion('source', [
    z.strictObject({
      source: z.literal('tax'),
      ...TaxOptions,
    }),
    z.strictObject({
      source: z.literal('records'),
      kind: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be lower-case letters, digits, ".", "_", "-"'),
      period: Label,
      records: z.array(z.unknown()).max(1_000_000),
      aggregates: z.unknown().optional(),
    }),
  ])
  .meta({ id: 'CreateReportBundleRequest' });

export const Base64Hash = z.string().meta({ id: 'Base64Hash' });

export const ReportBundle = z
  .object({
    version: z.literal(1),
    kind: z.string(),
    institution: z.string(),
    period: z.string(),
    aggregates: z.unknown(),
    commitment: z.object({ alg: z.literal(COMMITMENT_ALG), root: Base64Hash, count: z.int().min(0) }),
    records: z.array(
      z.object({ index: z.int().min(0), salt: z.string(), record: z.unknown(), proof: z.array(Base64Hash).optional() }),
    ),
    signature: z.string(),
    log: z.object({ index: z.int().min(0), inclusionProof: z.array(Base64Hash), checkpoint: z.string() }),
  })
  .meta({ id: 'ReportBundle' });

export const ConsistencyProofJson = z
  .strictObject({
    fromSize: z.int().min(0),
    toSize: z.int().min(0),
    fromRoot: Base64Hash,
    toRoot: Base64Hash,
    proof: z.array(Base64Hash),
  })
  .meta({ id: 'ConsistencyProof' });

export const LogEntryKind = z.enum(LOG_ENTRY_KINDS);
