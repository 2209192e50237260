/**
 * How a bundle's aggregates follow from its records, per bundle kind. An auditor holding every
 * record recomputes the aggregates with the function registered for the bundle's kind and
 * compares them (canonical JSON equality). Report producers (e.g. the tax engine) register their
 * own: `registerBundleAggregator('tax-1099da', recompute)`. Amounts must be exact (decimal strings
 * or integers), never floats, or recomputation cannot be byte-exact.
 */
import type { JsonValue } from '../../log/index.js';

export interface AggregateContext {
  kind: string;
  institution: string;
  period: string;
}

export type AggregateRecomputer = (
  records: readonly JsonValue[],
  context: AggregateContext,
) => JsonValue | Promise<JsonValue>;

/** Built-in kind `generic`: the aggregates are only the record count. */
export const GENERIC_BUNDLE_KIND = 'generic';

const registry = new Map<string, AggregateRecomputer>([
  [GENERIC_BUNDLE_KIND, (records) => ({ recordCount: records.length })],
]);

export function registerBundleAggregator(kind: string, recompute: AggregateRecomputer): void {
  if (typeof recompute !== 'function') throw new TypeError('recompute must be a function');
  registry.set(kind, recompute);
}

export function bundleAggregator(kind: string): AggregateRecomputer | undefined {
  return registry.get(kind);
}

export function bundleAggregatorKinds(): string[] {
  return [...registry.keys()];
}
