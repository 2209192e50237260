/**
 * Per-attribute typing of policy operands: how a document value becomes the unsigned integer the
 * circuit compares (exactly as the issuer encodes the slot in src/credentials/schema.ts), and how
 * an integer is read back for explanations. Structural typing is the schema's job; this module
 * checks only what JSON Schema cannot (the country table, the 2^64 bound, dates before 1970).
 */
import { VALUE_MAX } from '../../zk/index.js';
import { EVIDENCE_KINDS, INVESTOR_CLASSES, scaleDecimal, VALUE_DECIMALS } from '../../credentials/schema.js';
import { VouchError } from '../../errors/index.js';
import type { PolicyAttribute, PolicyValue } from '../document.js';
import { alpha2ToNumeric, describeCountry, type CountryNamer } from './countries.js';

export type AttributeKind = 'country' | 'enum' | 'boolean' | 'integer' | 'date' | 'money';

export interface AttributeInfo {
  kind: AttributeKind;
  /** Subject of the plain-language sentence. */
  noun: string;
}

export const ATTRIBUTES: Record<PolicyAttribute, AttributeInfo> = {
  issuedAt: { kind: 'date', noun: "The credential's issue date" },
  expiresAt: { kind: 'date', noun: "The credential's expiry date" },
  kycLevel: { kind: 'integer', noun: "The holder's KYC level" },
  jurisdiction: { kind: 'country', noun: "The holder's jurisdiction" },
  investorClass: { kind: 'enum', noun: "The holder's investor class" },
  birthYear: { kind: 'integer', noun: "The holder's year of birth" },
  ageOver18: { kind: 'boolean', noun: 'The holder' },
  sanctionsScreenedAt: { kind: 'date', noun: "The holder's last sanctions/PEP screening" },
  tradeLimit: { kind: 'money', noun: "The holder's per-trade limit" },
  subdivision: { kind: 'integer', noun: "The holder's subdivision code" },
  evidenceKind: { kind: 'enum', noun: "The holder's KYC evidence" },
};

const KYC_LEVELS = ['none', 'basic: identity document', 'enhanced: plus address and liveness', 'full CDD/EDD'];
const EVIDENCE_LABELS: Record<string, string> = {
  'vendor-jws': "a KYC vendor's signed attestation",
  'anon-aadhaar': 'an Anon Aadhaar proof',
  manual: 'a manual review',
};

/** The circuit integer for one schema-valid operand; `path` names it in errors. */
export function operandToValue(attribute: PolicyAttribute, value: PolicyValue, path: string): bigint {
  switch (attribute) {
    case 'jurisdiction': {
      const numeric = alpha2ToNumeric(String(value));
      if (numeric === undefined) throw invalid(path, 'is not an ISO 3166-1 alpha-2 country code');
      return BigInt(numeric);
    }
    case 'investorClass':
      return BigInt(INVESTOR_CLASSES[value as keyof typeof INVESTOR_CLASSES]);
    case 'evidenceKind':
      return BigInt(EVIDENCE_KINDS[value as keyof typeof EVIDENCE_KINDS]);
    case 'ageOver18':
      return value === true ? 1n : 0n;
    case 'issuedAt':
    case 'expiresAt':
    case 'sanctionsScreenedAt': {
      const ms = Date.parse(String(value));
      if (!Number.isFinite(ms) || ms < 0) throw invalid(path, 'must be a date-time on or after 1970-01-01T00:00:00Z');
      return BigInt(ms / 1000); // whole seconds: the schema forbids fractions
    }
    case 'tradeLimit': {
      const v = scaleDecimal('tradeLimit', String(value)); // ×10^VALUE_DECIMALS, exact
      if (v > VALUE_MAX) throw invalid(path, 'exceeds the largest comparable value (2^64-1 hundredths)');
      return v;
    }
    default:
      return BigInt(value as number); // kycLevel, birthYear, subdivision: schema-bounded integers
  }
}

/**
 * A compiled integer as people read it: "Austria (AT)", "2 (enhanced: ...)", "2026-01-01T00:00:00Z";
 * `countryName` names countries in another language ("Österreich (AT)").
 */
export function describeValue(attribute: PolicyAttribute, v: bigint, countryName?: CountryNamer): string {
  switch (attribute) {
    case 'jurisdiction':
      return describeCountry(Number(v), countryName);
    case 'investorClass':
      return nameOf(INVESTOR_CLASSES, v).replace(/_/g, ' ');
    case 'evidenceKind': {
      const name = nameOf(EVIDENCE_KINDS, v);
      return EVIDENCE_LABELS[name] ?? name;
    }
    case 'kycLevel':
      return `${v} (${KYC_LEVELS[Number(v)] ?? 'unknown level'})`;
    case 'ageOver18':
      return v === 1n ? 'true' : 'false';
    case 'issuedAt':
    case 'expiresAt':
    case 'sanctionsScreenedAt':
      return new Date(Number(v) * 1000).toISOString().replace('.000Z', 'Z');
    case 'tradeLimit':
      return formatScaled(v);
    default:
      return v.toString();
  }
}

/** 250050n -> "2500.50" at VALUE_DECIMALS = 2. */
export function formatScaled(v: bigint): string {
  const unit = 10n ** BigInt(VALUE_DECIMALS);
  return `${v / unit}.${(v % unit).toString().padStart(VALUE_DECIMALS, '0')}`;
}

function nameOf(table: Record<string, number>, v: bigint): string {
  return Object.keys(table).find((k) => BigInt(table[k]!) === v) ?? v.toString();
}

function invalid(path: string, what: string): VouchError {
  return new VouchError('POLICY_INVALID', `${path} ${what}`, { details: { path } });
}
