/**
 * The hook as this service runs it for venues: policies from the configured directory (plus those
 * an admin adds), the policy each of the venue's markets requires (config hook.venues: the venue
 * chooses, never the prover; none configured admits nothing), the shared verifier registry, nullifiers in the database (so several service
 * processes on one database admit a nullifier once), receipts signed by the service key, and every
 * decision recorded and appended to the transparency log.
 */
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { createComplianceHook, decisionRecorder, ephemeralReceiptSigner, receiptSigner, SqliteNullifierStore, type ComplianceHook } from '../../hook/index.js';
import { loadPolicies, type CompiledPolicy } from '../../policy/index.js';
import { REPO_ROOT } from '../../zk/artifacts/manifest.js';
import type { ResolvedDeps } from '../deps.js';
import { domain } from './domain.js';

export interface VenueServices {
  policies(): Promise<CompiledPolicy[]>;
  addPolicy(p: CompiledPolicy): Promise<void>;
  /** The hook for a venue (one per venue tenant, so trades are bound to the caller's venue id). */
  hook(venue: string): Promise<ComplianceHook>;
  /** A stateless hook (no replay memory, no recording) for regulators' verification. */
  statelessHook(now?: number): Promise<ComplianceHook>;
}

const cache = new WeakMap<object, VenueServices>();

export function venueServices(deps: ResolvedDeps): VenueServices {
  const hit = cache.get(deps);
  if (hit) return hit;
  const dir = deps.config.hook?.policiesDir ?? join(REPO_ROOT, 'policies');
  let loaded: Promise<CompiledPolicy[]> | undefined;
  const added: CompiledPolicy[] = [];
  const hooks = new Map<string, Promise<ComplianceHook>>();
  const policies = async () => {
    loaded ??= existsSync(dir) ? loadPolicies(dir) : Promise.resolve([]);
    return [...(await loaded), ...added];
  };
  const signer = () => deps.serviceKey
    ? receiptSigner({ issuer: 'vouch-service', kid: deps.serviceKey.kid, privateKey: deps.serviceKey.privateKey, publicJwk: deps.serviceKey.publicJwk })
    : ephemeralReceiptSigner('vouch-service');
  const clock = () => Math.floor(deps.clock.now() / 1000);
  // the service's mode, never the process environment: production refuses dev artifacts here too
  const allowDevArtifacts = deps.config.server.mode === 'development';
  const services: VenueServices = {
    policies,
    async addPolicy(p) {
      const all = await policies();
      if (all.some((x) => x.ref === p.ref)) {
        const { VouchError } = await import('../../errors/index.js');
        throw new VouchError('CONFLICT', `policy ${p.ref} already exists; publish a new version`);
      }
      added.push(p);
      hooks.clear(); // the next call builds hooks that enforce the new policy too
    },
    hook(venue) {
      let h = hooks.get(venue);
      if (!h) {
        h = (async () => {
          const d = domain(deps);
          return createComplianceHook({
            policies: await policies(),
            registry: await d.registry(),
            store: new SqliteNullifierStore(deps.db.db),
            signer: await signer(),
            clock,
            allowDevArtifacts,
            venue,
            // the venue chooses the policy per market (hook.venues), never the prover; none configured: nothing admitted
            requirements: deps.config.hook?.venues?.[venue] ?? deps.config.hook?.venues?.['*'] ?? [],
            queue: { maxItems: deps.config.hook?.batchMaxItems ?? 32, maxWaitMs: deps.config.hook?.batchMaxWaitMs ?? 4 },
            onDecision: decisionRecorder({ db: deps.db.db, log: d.log(), venue }),
          });
        })();
        h.catch(() => hooks.delete(venue));
        hooks.set(venue, h);
      }
      return h;
    },
    async statelessHook(now) {
      const { MemoryNullifierStore } = await import('../../hook/index.js');
      return createComplianceHook({
        policies: await policies(),
        registry: await domain(deps).registry(),
        store: new MemoryNullifierStore(),
        signer: await signer(),
        clock: () => now ?? clock(),
        allowDevArtifacts,
        requirements: 'any', // a regulator's check of the proof's own policy: admits nothing
      });
    },
  };
  cache.set(deps, services);
  return services;
}
