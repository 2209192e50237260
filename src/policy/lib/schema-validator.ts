/**
 * Structural validation against policies/schema.json — the contract — with ajv, so the file a
 * third party validates with is byte-for-byte what Vouch enforces (no second definition to drift).
 * Maps ajv's error list to one VouchError naming the JSON path; semantic checks the schema
 * cannot express (country table, pool size, min <= max) happen in the compiler.
 */
import type { ErrorObject } from 'ajv/dist/2020.js';
import { VouchError } from '../../errors/index.js';
import type { PolicyDocument } from '../document.js';
import { pointerToPath } from './json-path.js';
import { validatePolicySchema as validate } from './policy-schema.js';

const PREDICATE_ATTRIBUTE = /^\/predicates\/\d+\/attribute$/;
const SET_VALUES = /^\/predicates\/\d+\/values$/;
const OPERATOR = /^\/predicates\/\d+\/operator$/;

/** Throws POLICY_UNKNOWN_ATTRIBUTE, POLICY_TOO_COMPLEX or POLICY_INVALID (details.path). */
export function assertSchema(doc: unknown): asserts doc is PolicyDocument {
  if (validate(doc)) return;
  // allErrors collects every failure; 'if' only repeats its 'then' branch's errors.
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const unknown = errors.find((e) => PREDICATE_ATTRIBUTE.test(e.instancePath));
  if (unknown) {
    const path = pointerToPath(unknown.instancePath);
    throw new VouchError('POLICY_UNKNOWN_ATTRIBUTE', `${path} is not a comparable kyc-v1 attribute`, {
      details: { path, allowed: unknown.params.allowedValues },
    });
  }
  const tooMany = errors.find(
    (e) => e.keyword === 'maxItems' && (e.instancePath === '/predicates' || SET_VALUES.test(e.instancePath)),
  );
  if (tooMany) {
    const path = pointerToPath(tooMany.instancePath);
    const limit = tooMany.params.limit as number;
    const what =
      tooMany.instancePath === '/predicates'
        ? `the circuit has ${limit} predicate slots`
        : `the circuit's set-value pool holds ${limit} values`;
    throw new VouchError('POLICY_TOO_COMPLEX', `${path} has too many items: ${what}`, { details: { path, limit } });
  }
  // An operator that does not suit the attribute explains more than the operand errors it causes.
  const first = errors.find((e) => OPERATOR.test(e.instancePath)) ?? errors[0];
  const path = first ? errorPath(first) : '$';
  throw new VouchError('POLICY_INVALID', `${path} ${first ? describe(first) : 'is invalid'}`, { details: { path } });
}

const FRIENDLY: Record<string, string> = {
  slug: 'must be a lowercase slug (a-z, 0-9, single hyphens)',
  money: 'must be a decimal string with at most 2 decimals (e.g. "2500.50")',
  country: 'must be an ISO 3166-1 alpha-2 code (e.g. "DE")',
  dateTime: 'must be an RFC 3339 date-time with whole seconds and an offset (e.g. "2026-01-01T00:00:00Z")',
};

function errorPath(e: ErrorObject): string {
  if (e.keyword === 'required') return pointerToPath(e.instancePath, String(e.params.missingProperty));
  if (e.keyword === 'additionalProperties') return pointerToPath(e.instancePath, String(e.params.additionalProperty));
  return pointerToPath(e.instancePath);
}

function describe(e: ErrorObject): string {
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'false schema':
      return 'is not allowed here (check the operator or mode)';
    case 'enum':
      return `must be one of: ${(e.params.allowedValues as unknown[]).map(String).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(e.params.allowedValue)}`;
    case 'pattern':
    case 'format': {
      const def = /\$defs\/(\w+)\//.exec(e.schemaPath)?.[1];
      if (def !== undefined && def in FRIENDLY) return FRIENDLY[def]!;
      return e.instancePath.endsWith('/version')
        ? 'must be a semantic version (e.g. 1.0.0)'
        : `must match ${String(e.params.pattern)}`;
    }
    default:
      return e.message ?? 'is invalid';
  }
}
