/**
 * The domain services the HTTP areas share, built once per app from its deps and memoized on the
 * deps object: the issuer context (database, key-encryption key, clock), the transparency log, and
 * the verifier registry fed from this service's own issuers. Route handlers stay thin: they call
 * these and the library functions, never SQL.
 */
import { issuerJwks, latestSnapshot, publishStatusSnapshot, IssuerRegistry, type IssuerContext } from '../../credentials/index.js';
import { issuers } from '../../db/schema.js';
import { loadKek } from '../../keys/kek.js';
import { TransparencyLog, loadOrCreateLogSigner } from '../../log/index.js';
import type { ResolvedDeps } from '../deps.js';

export interface DomainServices {
  issuer: IssuerContext;
  log(): TransparencyLog;
  /**
   * The verifier registry trusting every issuer on this service. One long-lived instance (so a
   * replaced issuer-set root stays acceptable for the grace period), refreshed from the latest
   * signed snapshots at most every `maxAgeMs`.
   */
  registry(maxAgeMs?: number): Promise<IssuerRegistry>;
}

const cache = new WeakMap<object, DomainServices>();

export function domain(deps: ResolvedDeps): DomainServices {
  const hit = cache.get(deps);
  if (hit) return hit;
  const clock = () => Math.floor(deps.clock.now() / 1000);
  const issuer: IssuerContext = { db: deps.db.db, kek: loadKek(deps.dataDir), clock };
  let log: TransparencyLog | undefined;
  const registry = new IssuerRegistry({ trusted: [], clock });
  let refreshedAt = -Infinity;
  let seenStamp = '';
  const stateStamp = (): string => {
    const r = deps.db.sqlite.prepare('SELECT (SELECT COUNT(*) FROM issuers) AS i, (SELECT COUNT(*) FROM status_roots) AS s').get() as { i: number; s: number };
    return `${r.i}:${r.s}`;
  };
  let refreshing: Promise<IssuerRegistry> | undefined;
  const refresh = async (): Promise<IssuerRegistry> => {
    const now = clock();
    for (const row of issuer.db.select().from(issuers).all()) {
      registry.trust({ issuerId: row.id, jwks: issuerJwks(issuer, row.id, now) });
      let s = latestSnapshot(issuer, row.id);
      // this service is the issuer: keep its snapshots fresh (a heartbeat) instead of going stale
      if (!s || now - s.createdAt > registry.maxSnapshotAgeSeconds / 2) s = await publishStatusSnapshot(issuer, row.id);
      await registry.accept(s.jws);
    }
    return registry;
  };
  const services: DomainServices = {
    issuer,
    log: () => (log ??= TransparencyLog.open({ db: deps.db.db, signer: () => loadOrCreateLogSigner({ dataDir: deps.dataDir }) })),
    registry(maxAgeMs = 60_000) {
      const now = deps.clock.now();
      // a new issuer or a new snapshot (from any process on this database) refreshes at once;
      // otherwise at most every maxAgeMs (which also keeps this issuer's snapshots fresh)
      const stamp = stateStamp();
      if (!refreshing && (stamp !== seenStamp || now - refreshedAt > maxAgeMs)) {
        refreshedAt = now;
        seenStamp = stamp;
        refreshing = refresh().finally(() => (refreshing = undefined));
      }
      return refreshing ?? Promise.resolve(registry);
    },
  };
  cache.set(deps, services);
  return services;
}
