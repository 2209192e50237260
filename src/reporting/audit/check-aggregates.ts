/**
 * Aggregates recomputed from the records (only when every record is present and matched the
 * commitment) and compared as canonical JSON: exact, so amounts must be exact decimals.
 */
import { canonicalJson, type JsonValue } from '../../log/index.js';
import type { AggregateRecomputer, ReportBundle } from '../bundle/index.js';
import { fail, pass, type AuditCheck } from './types.js';

export async function checkAggregates(bundle: ReportBundle, recompute: AggregateRecomputer): Promise<AuditCheck> {
  let expected: JsonValue;
  try {
    expected = await recompute(
      bundle.records.map((r) => r.record),
      { kind: bundle.kind, institution: bundle.institution, period: bundle.period },
    );
  } catch {
    return fail('aggregates', 'BUNDLE_AGGREGATE_MISMATCH', 'the aggregates cannot be recomputed from these records');
  }
  let same: boolean;
  try {
    same = canonicalJson(expected) === canonicalJson(bundle.aggregates);
  } catch {
    same = false;
  }
  return same
    ? pass('aggregates', 'recomputed from all records')
    : fail('aggregates', 'BUNDLE_AGGREGATE_MISMATCH', 'the aggregates differ from those recomputed from the records');
}
