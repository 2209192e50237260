/**
 * The domain services the HTTP areas share, built once per app from its deps and memoized on the
 * deps object: the issuer context (database, key-encryption key, clock), the transparency log, and
 * the verifier registries — one per named issuer set — fed from this service's own issuers. Route
 * handlers stay thin: they call these and the library functions, never SQL.
 */
import { existsSync } from 'node:fs';
import { ensureCatalogueSets, SetRegistries, type IssuerContext } from '../../credentials/index.js';
import { credentialStoreFor } from '../../credentials/open-store.js';
import { loadKek } from '../../keys/index.js';
import { TransparencyLog, asAnyLog, loadOrCreateLogSigner, type AnyTransparencyLog } from '../../log/index.js';
import { PostgresTransparencyLog } from '../../log/pg-transparency-log.js';
import { loadPolicies } from '../../policy/index.js';
import { POLICIES_DIR } from '../../config/index.js';
import type { ResolvedDeps } from '../deps.js';

export interface DomainServices {
  issuer: IssuerContext;
  /** The SQLite log (synchronous; for appends inside a SQLite transaction). */
  log(): TransparencyLog;
  /**
   * The service's log on whichever store it runs: PostgreSQL when `deps.pg` is set, else the
   * SQLite log behind the async face. New and ported code uses this one.
   */
  anyLog(): AnyTransparencyLog;
  /**
   * The verifier registries, one per issuer set (long-lived, so a replaced root stays acceptable
   * for the grace period), refreshed from the database at once when an issuer, a set member or a
   * snapshot changed, and otherwise at most every `maxAgeMs`.
   */
  registries(maxAgeMs?: number): Promise<SetRegistries>;
  /** Resolves once the sets the shipped catalogue's policies name exist (owned by the catalogue). */
  catalogueReady(): Promise<void>;
}

const cache = new WeakMap<object, DomainServices>();

export function domain(deps: ResolvedDeps): DomainServices {
  const hit = cache.get(deps);
  if (hit) return hit;
  const clock = () => Math.floor(deps.clock.now() / 1000);
  const store = credentialStoreFor(deps);
  const issuer: IssuerContext = { store, kek: loadKek(deps.dataDir), clock };
  let log: TransparencyLog | undefined;
  const openLog = () =>
    (log ??= TransparencyLog.open({ db: deps.db.db, signer: () => loadOrCreateLogSigner({ dataDir: deps.dataDir }) }));
  let anyLog: AnyTransparencyLog | undefined;
  const signer = () => loadOrCreateLogSigner({ dataDir: deps.dataDir });
  const openAnyLog = (): AnyTransparencyLog =>
    (anyLog ??= deps.pg ? new PostgresTransparencyLog({ db: deps.pg.db, signer }) : asAnyLog(openLog()));
  // every root the registry publishes goes to the log first (no split views), on the store's own
  // dialect: the roots and their log entries commit in one transaction
  const sets = new SetRegistries(issuer, {
    clock,
    log: deps.pg ? (openAnyLog() as PostgresTransparencyLog) : openLog(),
  });
  let refreshedAt = -Infinity;
  let seenStamp = '';
  // the sets the shipped catalogue's policies name belong to the catalogue (the operator) from the
  // start, so no tenant can create one of them first and have catalogue policies trust its issuers
  const dir = deps.config.hook?.policiesDir ?? POLICIES_DIR;
  let catalogue: Promise<void> | undefined;
  const ensureCatalogue = () =>
    (catalogue ??= (async () => {
      const shipped = existsSync(dir) ? await loadPolicies(dir) : [];
      await ensureCatalogueSets(
        issuer,
        shipped.map((p) => p.issuerSet),
      );
    })());
  let refreshing: Promise<SetRegistries> | undefined;
  const services: DomainServices = {
    issuer,
    log: openLog,
    anyLog: openAnyLog,
    catalogueReady: ensureCatalogue,
    async registries(maxAgeMs = 60_000) {
      await ensureCatalogue();
      const now = deps.clock.now();
      // a change (from any process on this database, SQLite or PostgreSQL: the stamp is read from
      // the database on every call) refreshes at once; otherwise at most every maxAgeMs (which
      // also keeps this issuer's snapshots fresh)
      const stamp = await store.stateStamp();
      if (!refreshing && (stamp !== seenStamp || now - refreshedAt > maxAgeMs)) {
        refreshedAt = now;
        seenStamp = stamp;
        refreshing = sets
          .refresh()
          .then(() => sets)
          .finally(() => (refreshing = undefined));
      }
      return refreshing ?? sets;
    },
  };
  cache.set(deps, services);
  return services;
}
