/**
 * Invalid documents: each failure has its code and names the JSON path that failed, so an author
 * can fix the document without reading the schema.
 */
import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/policy/index.js';
import { VouchError } from '../../src/errors/index.js';
import { docWith } from './fixtures.js';

function failure(doc: unknown): VouchError {
  try {
    compilePolicy(doc);
  } catch (err) {
    if (err instanceof VouchError) return err;
    throw err;
  }
  throw new Error('expected compilePolicy to throw');
}

const EEA = [
  'AT',
  'BE',
  'BG',
  'HR',
  'CY',
  'CZ',
  'DK',
  'EE',
  'FI',
  'FR',
  'DE',
  'GR',
  'HU',
  'IE',
  'IT',
  'LV',
  'LT',
  'LU',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SK',
  'SI',
  'ES',
  'SE',
  'IS',
  'LI',
  'NO',
];

describe('policy validation', () => {
  it.each([
    ['not an object', [], '$'],
    [
      'a missing id',
      docWith((d) => {
        delete d.id;
      }),
      '$.id',
    ],
    [
      'an id that is not a slug',
      docWith((d) => {
        d.id = 'Test Policy';
      }),
      '$.id',
    ],
    [
      'a version that is not semver',
      docWith((d) => {
        d.version = '1.0';
      }),
      '$.version',
    ],
    [
      'an unknown field in session',
      docWith((d) => {
        d.session.foo = 1;
      }),
      '$.session.foo',
    ],
    [
      'a missing session limit when sessions are allowed',
      docWith((d) => {
        delete d.session.maxOrders;
      }),
      '$.session.maxOrders',
    ],
    [
      'session limits when sessions are not allowed',
      docWith((d) => {
        d.session.allowed = false;
      }),
      '$.session.ttlSeconds',
    ],
    [
      'epochSeconds missing for per-venue-epoch',
      docWith((d) => {
        d.nullifierScope.mode = 'per-venue-epoch';
      }),
      '$.nullifierScope.epochSeconds',
    ],
    [
      'an operator the attribute cannot use',
      docWith((d) => {
        d.predicates[0].operator = 'lt';
      }),
      '$.predicates[0].operator',
    ],
    [
      'value given to an in predicate',
      docWith((d) => {
        d.predicates[0].value = 'DE';
      }),
      '$.predicates[0].value',
    ],
    [
      'values missing from a nin predicate',
      docWith((d) => {
        d.predicates[0].operator = 'nin';
        delete d.predicates[0].values;
      }),
      '$.predicates[0].values',
    ],
    [
      'an empty set',
      docWith((d) => {
        d.predicates[0].values = [];
      }),
      '$.predicates[0].values',
    ],
    [
      'a duplicate set value',
      docWith((d) => {
        d.predicates[0].values = ['DE', 'DE'];
      }),
      '$.predicates[0].values',
    ],
    [
      'a lower-case country code',
      docWith((d) => {
        d.predicates[0].values[1] = 'fr';
      }),
      '$.predicates[0].values[1]',
    ],
    [
      'a country code no table knows',
      docWith((d) => {
        d.predicates[0].values[2] = 'XX';
      }),
      '$.predicates[0].values[2]',
    ],
    [
      'a kycLevel above 3',
      docWith((d) => {
        d.predicates[1].value = 4;
      }),
      '$.predicates[1].value',
    ],
    [
      'a fractional kycLevel',
      docWith((d) => {
        d.predicates[1].value = 2.5;
      }),
      '$.predicates[1].value',
    ],
    [
      'a string for ageOver18',
      docWith((d) => {
        d.predicates[2].value = 'true';
      }),
      '$.predicates[2].value',
    ],
    [
      'an unknown investor class',
      docWith((d) => {
        d.predicates.push({ attribute: 'investorClass', operator: 'eq', value: 'whale' });
      }),
      '$.predicates[3].value',
    ],
    [
      'an impossible calendar date',
      docWith((d) => {
        d.predicates.push({ attribute: 'sanctionsScreenedAt', operator: 'gte', value: '2025-02-30T00:00:00Z' });
      }),
      '$.predicates[3].value',
    ],
    [
      'fractional seconds in a date',
      docWith((d) => {
        d.predicates.push({ attribute: 'expiresAt', operator: 'gt', value: '2026-01-01T00:00:00.5Z' });
      }),
      '$.predicates[3].value',
    ],
    [
      'a date before 1970',
      docWith((d) => {
        d.predicates.push({ attribute: 'issuedAt', operator: 'gte', value: '1969-12-31T23:59:59Z' });
      }),
      '$.predicates[3].value',
    ],
    [
      'a between whose max is below min',
      docWith((d) => {
        d.predicates[1] = { attribute: 'kycLevel', operator: 'between', min: 3, max: 1 };
      }),
      '$.predicates[1].max',
    ],
    [
      'a money value with 3 decimals',
      docWith((d) => {
        d.predicates.push({ attribute: 'tradeLimit', operator: 'gte', value: '1.234' });
      }),
      '$.predicates[3].value',
    ],
    [
      'a money value above 2^64-1 hundredths',
      docWith((d) => {
        d.predicates.push({ attribute: 'tradeLimit', operator: 'lte', value: '999999999999999999' });
      }),
      '$.predicates[3].value',
    ],
    [
      'a session notional above 2^64-1 hundredths',
      docWith((d) => {
        d.session.maxNotional = '999999999999999999';
      }),
      '$.session.maxNotional',
    ],
    [
      'a market pattern with spaces',
      docWith((d) => {
        d.trade.markets = ['BTC EUR'];
      }),
      '$.trade.markets[0]',
    ],
    [
      'an unknown trade cap attribute',
      docWith((d) => {
        d.trade.maxValueAttribute = 'kycLevel';
      }),
      '$.trade.maxValueAttribute',
    ],
    [
      'a negative clock skew',
      docWith((d) => {
        d.freshness.maxClockSkewSeconds = -1;
      }),
      '$.freshness.maxClockSkewSeconds',
    ],
  ])('rejects %s with POLICY_INVALID naming the path', (_what, doc, path) => {
    const err = failure(doc);
    expect(err.code).toBe('POLICY_INVALID');
    expect(err.details?.path).toBe(path);
    expect(err.message).toContain(path);
  });

  it('rejects an attribute the schema cannot compare with POLICY_UNKNOWN_ATTRIBUTE', () => {
    for (const attribute of ['subject', 'credentialIndex', 'reserved1', 'nationality']) {
      const err = failure(
        docWith((d) => {
          d.predicates[1].attribute = attribute;
        }),
      );
      expect(err.code).toBe('POLICY_UNKNOWN_ATTRIBUTE');
      expect(err.details?.path).toBe('$.predicates[1].attribute');
    }
  });

  it('rejects more than 8 predicates with POLICY_TOO_COMPLEX naming the limit', () => {
    const err = failure(
      docWith((d) => {
        while (d.predicates.length < 9)
          d.predicates.push({ attribute: 'birthYear', operator: 'lte', value: 2000 + d.predicates.length });
      }),
    );
    expect(err.code).toBe('POLICY_TOO_COMPLEX');
    expect(err.details).toMatchObject({ path: '$.predicates', limit: 8 });
    expect(err.message).toContain('8 predicate slots');
  });

  it('accepts exactly 8 predicates', () => {
    expect(() =>
      compilePolicy(
        docWith((d) => {
          while (d.predicates.length < 8)
            d.predicates.push({ attribute: 'birthYear', operator: 'lte', value: 2000 + d.predicates.length });
        }),
      ),
    ).not.toThrow();
  });

  it('rejects one set with more than 32 values with POLICY_TOO_COMPLEX', () => {
    const err = failure(
      docWith((d) => {
        d.predicates[0].values = [...EEA, 'US', 'GB', 'CH'];
      }),
    );
    expect(err.code).toBe('POLICY_TOO_COMPLEX');
    expect(err.details).toMatchObject({ path: '$.predicates[0].values', limit: 32 });
  });

  it('counts distinct values across all sets against the 32-value pool', () => {
    // 30 countries + {1, 4} investor classes = 32 distinct values: fits.
    const fits = docWith((d) => {
      d.predicates[0].values = EEA;
      d.predicates.push({ attribute: 'investorClass', operator: 'in', values: ['retail', 'accredited'] });
    });
    expect(compilePolicy(fits).complexity).toEqual({ predicates: 4, setValues: 32 });
    // A third class is the 33rd value.
    const err = failure(
      docWith((d) => {
        d.predicates[0].values = EEA;
        d.predicates.push({
          attribute: 'investorClass',
          operator: 'in',
          values: ['retail', 'accredited', 'institutional'],
        });
      }),
    );
    expect(err.code).toBe('POLICY_TOO_COMPLEX');
    expect(err.details).toMatchObject({ limit: 32, count: 33 });
  });

  it('counts a value shared by two sets once (the pool is deduplicated)', () => {
    // kycLevel in {2} and investorClass in {professional = 2} share the pool value 2.
    const p = compilePolicy(
      docWith((d) => {
        d.predicates = [
          { attribute: 'kycLevel', operator: 'in', values: [2] },
          { attribute: 'investorClass', operator: 'in', values: ['professional'] },
        ];
      }),
    );
    expect(p.complexity.setValues).toBe(1);
  });
});
