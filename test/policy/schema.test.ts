/**
 * policies/schema.json is the contract: every shipped example passes it as an independent ajv
 * instance sees it, and its vocabularies match the credential schema the circuit signs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { COMPARABLE_SLOTS, EVIDENCE_KINDS, INVESTOR_CLASSES } from '../../src/credentials/schema.js';
import { OPERATORS } from '../../src/zk/circuit-policy.js';
import { ATTRIBUTES } from '../../src/policy/lib/attributes.js';
import { EXAMPLE_FILES, POLICIES_DIR, baseDoc, docWith } from './fixtures.js';

const schema = JSON.parse(readFileSync(join(POLICIES_DIR, 'schema.json'), 'utf8'));
const ajv = new Ajv2020({ allErrors: true });
addFormatsPlugin.default(ajv);
const validate = ajv.compile(schema);

describe('policies/schema.json', () => {
  it.each(EXAMPLE_FILES)('accepts the shipped example %s', (name) => {
    const ok = validate(JSON.parse(readFileSync(join(POLICIES_DIR, name), 'utf8')));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('lists exactly the comparable kyc-v1 slots as attributes', () => {
    expect(schema.$defs.predicate.properties.attribute.enum).toEqual([...COMPARABLE_SLOTS]);
  });

  it('types every comparable slot in the compiler, and nothing else', () => {
    expect(Object.keys(ATTRIBUTES).sort()).toEqual([...COMPARABLE_SLOTS].sort());
  });

  it('lists exactly the circuit operators', () => {
    expect([...schema.$defs.predicate.properties.operator.enum].sort()).toEqual(
      Object.keys(OPERATORS)
        .filter((o) => o !== 'none')
        .sort(),
    );
  });

  it('names investor classes and evidence kinds as the credential schema does', () => {
    expect(schema.$defs.investorClass.enum).toEqual(Object.keys(INVESTOR_CLASSES));
    expect(schema.$defs.evidenceKind.enum).toEqual(Object.keys(EVIDENCE_KINDS));
  });

  it('caps predicates at the 8 circuit slots and a set at the 32-value pool', () => {
    expect(schema.properties.predicates.maxItems).toBe(8);
    expect(schema.$defs.predicate.properties.values.maxItems).toBe(32);
  });

  it.each([
    [
      'an unknown top-level field',
      docWith((d) => {
        d.extra = 1;
      }),
    ],
    [
      'a float session notional',
      docWith((d) => {
        d.session.maxNotional = 2500.5;
      }),
    ],
    [
      'an operator the attribute does not support',
      docWith((d) => {
        d.predicates[0].operator = 'gt';
        d.predicates[0].value = 'DE';
        delete d.predicates[0].values;
      }),
    ],
    [
      'epochSeconds under per-trade scope',
      docWith((d) => {
        d.nullifierScope.epochSeconds = 60;
      }),
    ],
    [
      'a date without an offset',
      docWith((d) => {
        d.predicates.push({ attribute: 'issuedAt', operator: 'gte', value: '2026-01-01T00:00:00' });
      }),
    ],
  ])('rejects %s', (_what, doc) => {
    expect(validate(doc)).toBe(false);
  });

  it('accepts the base test document', () => {
    expect(validate(baseDoc())).toBe(true);
  });
});
