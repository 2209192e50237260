/**
 * The reporting areas' stores (ledger, bundles and grants, the policy book) on the database this app runs on:
 * PostgreSQL when `deps.pg` is set, else the embedded SQLite file. Built once per app (memoized on
 * the deps object), so every handler of an app shares one store of each kind.
 */
import { PostgresTransparencyLog } from '../../log/pg-transparency-log.js';
import { SqliteLedgerStore, type LedgerStore } from '../../reporting/ledger/index.js';
import { PgLedgerStore } from '../../reporting/ledger/pg-ledger-store.js';
import type { ResolvedDeps } from '../deps.js';
import type { BundleStore } from './bundle-store.js';
import { domain } from './domain.js';
import type { PolicyStore } from './policy-store.js';
import { PgBundleStore } from './pg-bundle-store.js';
import { PgPolicyStore } from './pg-policy-store.js';
import { SqliteBundleStore } from './sqlite-bundle-store.js';
import { SqlitePolicyStore } from './sqlite-policy-store.js';

export interface ReportingStores {
  ledger: LedgerStore;
  bundles: BundleStore;
  /** The policy book's documents and venue adoptions. */
  policies: PolicyStore;
}

const cache = new WeakMap<object, ReportingStores>();

export function reportingStores(deps: ResolvedDeps): ReportingStores {
  const hit = cache.get(deps);
  if (hit) return hit;
  const pg = deps.pg;
  let stores: ReportingStores;
  if (pg) {
    const log = domain(deps).anyLog();
    if (!(log instanceof PostgresTransparencyLog))
      throw new TypeError('deps.pg is set but the log is not on PostgreSQL');
    stores = {
      ledger: new PgLedgerStore(pg.db),
      bundles: new PgBundleStore(pg.db, log),
      // beside the issuer sets the documents claim (the credential store's tables)
      policies: new PgPolicyStore(pg.db),
    };
  } else {
    stores = {
      ledger: new SqliteLedgerStore(deps.db.db),
      bundles: new SqliteBundleStore(deps.db.db, () => domain(deps).log()),
      policies: new SqlitePolicyStore(deps.db.db),
    };
  }
  cache.set(deps, stores);
  return stores;
}
