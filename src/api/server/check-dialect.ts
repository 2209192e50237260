/**
 * The dialect check of `vouch serve` on PostgreSQL (issue 14): an area whose stores are not all
 * ported would silently keep its state in the SQLite file beside a PostgreSQL database — two
 * sources of truth, and several processes each with their own. So the service refuses to start,
 * naming the areas, until every mounted area is marked `postgres: true` (see RouteGroup.postgres).
 */
import { VouchError } from '../../errors/index.js';
import type { RouteGroup } from '../route.js';

/** Areas among `groups` that do not run on PostgreSQL yet, in mount order. */
export function areasWithoutPostgres(groups: readonly RouteGroup[]): string[] {
  return groups.filter((g) => !g.postgres).map((g) => g.area);
}

/** DATABASE_DIALECT_UNSUPPORTED (naming the areas) unless every group runs on PostgreSQL. */
export function assertPostgresAreas(groups: readonly RouteGroup[]): void {
  const missing = areasWithoutPostgres(groups);
  if (missing.length === 0) return;
  throw new VouchError(
    'DATABASE_DIALECT_UNSUPPORTED',
    `these areas do not run on PostgreSQL yet: ${missing.join(', ')}; unset VOUCH_DATABASE_URL to serve from the embedded SQLite file`,
    { details: { areas: missing } },
  );
}
