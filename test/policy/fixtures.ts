/** A small valid policy document to mutate in tests, and the shipped examples' paths. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PolicyDocument } from '../../src/policy/index.js';

export const POLICIES_DIR = join(import.meta.dirname, '../../policies');

export const EXAMPLE_FILES = readdirSync(POLICIES_DIR)
  .filter((n) => n.endsWith('.json') && n !== 'schema.json')
  .sort();

export function baseDoc(): PolicyDocument {
  return {
    id: 'test-policy',
    version: '1.0.0',
    title: 'Test policy',
    description: 'A policy for tests.',
    predicates: [
      { attribute: 'jurisdiction', operator: 'in', values: ['DE', 'FR', 'AT'] },
      { attribute: 'kycLevel', operator: 'gte', value: 2 },
      { attribute: 'ageOver18', operator: 'eq', value: true },
    ],
    trade: { maxValueAttribute: 'tradeLimit', markets: ['BTC-EUR', '*-PERP'] },
    issuerSet: 'test-issuers',
    freshness: { maxClockSkewSeconds: 30 },
    nullifierScope: { mode: 'per-trade' },
    session: { allowed: true, ttlSeconds: 600, maxOrders: 50, maxNotional: '2500.5' },
  };
}

/** A deep copy of baseDoc() edited by `edit` (which may break its type on purpose). */
export function docWith(edit: (d: Record<string, any>) => void): unknown {
  const d = structuredClone(baseDoc()) as unknown as Record<string, any>;
  edit(d);
  return d;
}
