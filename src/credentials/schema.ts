/**
 * Schema kyc-v1: the credential as a fixed vector of 16 field-element slots, the layout the policy
 * circuit signs and reads (circuits/policy.circom). Slot positions are part of the proof statement:
 * changing one is a new schema id and a new circuit.
 *
 * Every slot a predicate may compare is an unsigned integer < 2^64 (the circuit's comparators
 * assume it; `encodeAttributes` enforces it at issuance, before anything is signed).
 */
import { VouchError } from '../errors/index.js';

/** "kyc-v1" read as a big-endian ASCII integer; the circuit pins slot 1 to this value. */
export const KYC_V1_SCHEMA_ID = 0x6b79632d7631n;

export const SLOT_COUNT = 16;
/** Monetary slots and tradeValue are integers in hundredths of the quote currency. */
export const VALUE_DECIMALS = 2;
export const COMPARABLE_MAX = (1n << 64n) - 1n;

/** Slot index by name. */
export const SLOTS = {
  /** Poseidon(holderSecret): the holder's commitment; the issuer never sees the secret. */
  subject: 0,
  /** KYC_V1_SCHEMA_ID. */
  schemaId: 1,
  /** Position in the issuer's revocation bitmap, < 2^20; unique per issuer. */
  credentialIndex: 2,
  /** Unix seconds; the credential is valid from here ... */
  issuedAt: 3,
  /** ... until strictly before here. */
  expiresAt: 4,
  /** 0 none, 1 basic (identity document), 2 enhanced (plus address/liveness), 3 full CDD/EDD. */
  kycLevel: 5,
  /** ISO 3166-1 numeric country code of residence (e.g. 276 Germany, 356 India); 0 unknown. */
  jurisdiction: 6,
  /** INVESTOR_CLASSES code. */
  investorClass: 7,
  /** Year of birth; 0 when not disclosed. */
  birthYear: 8,
  /** 1 when the holder is verified to be 18 or older, else 0. */
  ageOver18: 9,
  /** Unix seconds of the last sanctions/PEP screening; 0 never. */
  sanctionsScreenedAt: 10,
  /** Per-trade notional limit in hundredths of the quote currency (VALUE_SCALE), like tradeValue. */
  tradeLimit: 11,
  /** ISO 3166-2 subdivision as a small integer code (issuer-defined table); 0 unknown. */
  subdivision: 12,
  /** EVIDENCE_KINDS code: how the issuer established the attributes. */
  evidenceKind: 13,
  /** Reserved for a later schema revision; always 0 in kyc-v1. */
  reserved1: 14,
  reserved2: 15,
} as const;

export type SlotName = keyof typeof SLOTS;

/** Slots a policy predicate may compare (the rest are identifiers or hashes, not quantities). */
export const COMPARABLE_SLOTS: readonly SlotName[] = [
  'issuedAt',
  'expiresAt',
  'kycLevel',
  'jurisdiction',
  'investorClass',
  'birthYear',
  'ageOver18',
  'sanctionsScreenedAt',
  'tradeLimit',
  'subdivision',
  'evidenceKind',
];

export const INVESTOR_CLASSES = {
  none: 0,
  retail: 1,
  professional: 2,
  eligible_counterparty: 3,
  accredited: 4,
  qualified_purchaser: 5,
  institutional: 6,
} as const;
export type InvestorClass = keyof typeof INVESTOR_CLASSES;

export const EVIDENCE_KINDS = {
  'vendor-jws': 1,
  'anon-aadhaar': 2,
  manual: 3,
} as const;
export type EvidenceKind = keyof typeof EVIDENCE_KINDS;

/** Attributes as the issuer decides them (before the subject, schema and index are bound). */
export interface KycAttributes {
  kycLevel: number;
  /** ISO 3166-1 numeric. */
  jurisdiction: number;
  investorClass: InvestorClass;
  birthYear?: number;
  ageOver18: boolean;
  sanctionsScreenedAt?: number;
  /**
   * Per-trade notional limit as a decimal string in major units of the quote currency
   * ("1000000", "2500.50"); stored ×100 (VALUE_SCALE). More than 2 decimals is rejected.
   */
  tradeLimit: string;
  subdivision?: number;
}

export interface CredentialSlotsInput {
  subject: bigint;
  credentialIndex: number;
  issuedAt: number;
  expiresAt: number;
  evidenceKind: EvidenceKind;
  attributes: KycAttributes;
}

/** The 16 slots, range-checked. Throws INPUT_INVALID naming the offending slot. */
export function encodeAttributes(input: CredentialSlotsInput): bigint[] {
  const a = input.attributes;
  const slots = new Array<bigint>(SLOT_COUNT).fill(0n);
  slots[SLOTS.subject] = input.subject;
  slots[SLOTS.schemaId] = KYC_V1_SCHEMA_ID;
  slots[SLOTS.credentialIndex] = uint('credentialIndex', input.credentialIndex, (1n << 20n) - 1n);
  slots[SLOTS.issuedAt] = uint('issuedAt', input.issuedAt);
  slots[SLOTS.expiresAt] = uint('expiresAt', input.expiresAt);
  if (slots[SLOTS.expiresAt]! <= slots[SLOTS.issuedAt]!) {
    throw new VouchError('INPUT_INVALID', 'expiresAt must be after issuedAt', { details: { slot: 'expiresAt' } });
  }
  slots[SLOTS.kycLevel] = uint('kycLevel', a.kycLevel, 3n);
  slots[SLOTS.jurisdiction] = uint('jurisdiction', a.jurisdiction, 999n);
  const cls = INVESTOR_CLASSES[a.investorClass];
  if (cls === undefined)
    throw new VouchError('INPUT_INVALID', 'unknown investor class', { details: { slot: 'investorClass' } });
  slots[SLOTS.investorClass] = BigInt(cls);
  slots[SLOTS.birthYear] = uint('birthYear', a.birthYear ?? 0, 9999n);
  slots[SLOTS.ageOver18] = a.ageOver18 ? 1n : 0n;
  slots[SLOTS.sanctionsScreenedAt] = uint('sanctionsScreenedAt', a.sanctionsScreenedAt ?? 0);
  slots[SLOTS.tradeLimit] = uint('tradeLimit', scaleDecimal('tradeLimit', a.tradeLimit));
  slots[SLOTS.subdivision] = uint('subdivision', a.subdivision ?? 0, 0xffffn);
  slots[SLOTS.evidenceKind] = BigInt(EVIDENCE_KINDS[input.evidenceKind]);
  return slots;
}

function uint(slot: string, value: number | bigint | string, max: bigint = COMPARABLE_MAX): bigint {
  let v: bigint;
  try {
    if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new Error('not an integer');
    if (typeof value === 'string' && !/^(0|[1-9][0-9]{0,30})$/.test(value)) throw new Error('not a decimal integer');
    v = BigInt(value);
  } catch {
    throw new VouchError('INPUT_INVALID', `${slot} must be a non-negative integer`, { details: { slot } });
  }
  if (v < 0n || v > max)
    throw new VouchError('INPUT_INVALID', `${slot} is out of range (0..${max})`, { details: { slot } });
  return v;
}

/** "2500.5" -> 250050n at VALUE_DECIMALS = 2; exact, never via floats. */
export function scaleDecimal(field: string, value: string): bigint {
  const m = typeof value === 'string' ? /^(0|[1-9][0-9]{0,17})(?:\.([0-9]{1,2}))?$/.exec(value) : null;
  if (!m) {
    throw new VouchError('INPUT_INVALID', `${field} must be a decimal string with at most ${VALUE_DECIMALS} decimals`, {
      details: { slot: field },
    });
  }
  return BigInt(m[1]!) * 10n ** BigInt(VALUE_DECIMALS) + BigInt((m[2] ?? '').padEnd(VALUE_DECIMALS, '0'));
}
