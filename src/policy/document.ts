/**
 * The policy document as policies/schema.json defines it (the schema is the contract; these types
 * mirror it for TypeScript callers). Values are typed by attribute: ISO alpha-2 strings for
 * jurisdiction, names for investorClass/evidenceKind, RFC 3339 date-times for dates, decimal
 * strings for money, booleans for ageOver18, integers otherwise.
 */
import type { Operator } from '../zk/index.js';

/** The kyc-v1 slots a predicate may compare (COMPARABLE_SLOTS in src/credentials/schema.ts). */
export type PolicyAttribute =
  | 'issuedAt'
  | 'expiresAt'
  | 'kycLevel'
  | 'jurisdiction'
  | 'investorClass'
  | 'birthYear'
  | 'ageOver18'
  | 'sanctionsScreenedAt'
  | 'tradeLimit'
  | 'subdivision'
  | 'evidenceKind';

export type PolicyOperator = Operator;

/** A document-level operand: its type depends on the attribute (see the schema). */
export type PolicyValue = string | number | boolean;

export type PolicyPredicate =
  | { attribute: PolicyAttribute; operator: 'eq' | 'ne' | 'lt' | 'lte' | 'gt' | 'gte'; value: PolicyValue }
  | { attribute: PolicyAttribute; operator: 'between' | 'notbetween'; min: PolicyValue; max: PolicyValue }
  | { attribute: PolicyAttribute; operator: 'in' | 'nin'; values: PolicyValue[] };

export interface PolicyDocument {
  $schema?: string;
  id: string;
  version: string;
  title: string;
  description: string;
  predicates: PolicyPredicate[];
  trade?: { maxValueAttribute?: 'tradeLimit'; markets?: string[] };
  issuerSet: string;
  freshness: { maxClockSkewSeconds: number; rootGraceSeconds?: number };
  nullifierScope: { mode: 'per-trade' } | { mode: 'per-venue-epoch'; epochSeconds: number };
  session: { allowed: false } | { allowed: true; ttlSeconds: number; maxOrders: number; maxNotional: string };
  /** The proof carries the holder's escrow identity encrypted to the escrow committee. */
  escrow?: 'required';
  /** Sum of trade values per holder per period <= cap (the holder's tradeLimit or a fixed amount). */
  cumulativeLimit?: { period: CumulativePeriod; cap: 'tradeLimit' | string };
}

export type CumulativePeriod = 'calendar-month' | 'calendar-year';
