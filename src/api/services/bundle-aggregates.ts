/**
 * How the API recomputes a bundle's aggregates from its records, per kind: the bundle module's
 * registry (built in: `generic`), plus `tax` (the tax engine's exact totals, taxAggregates), which
 * the API builds from a tenant's ledger. The same function serves bundle creation (aggregates the
 * institution did not supply) and audit verification, so what is signed is what is re-checked.
 */
import type { JsonValue } from '../../log/index.js';
import { bundleAggregator, type AggregateRecomputer } from '../../reporting/bundle/index.js';
import { taxAggregates } from '../../reporting/tax/index.js';

export const TAX_BUNDLE_KIND = 'tax';

const recomputeTax: AggregateRecomputer = (records) => taxAggregates(records) as unknown as JsonValue;

export function aggregatorFor(kind: string): AggregateRecomputer | undefined {
  return bundleAggregator(kind) ?? (kind === TAX_BUNDLE_KIND ? recomputeTax : undefined);
}
