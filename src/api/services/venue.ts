/**
 * The hook as this service runs it for venues: the policies the venue adopted (see policy-book.ts;
 * the shipped catalogue until its first adoption), the policy each of the venue's markets requires
 * (config hook.venues: the venue chooses, never the prover; none configured admits nothing), the
 * shared verifier registry, nullifiers in the
 * database (so several service processes on one database admit a nullifier once), receipts signed
 * by the service key, and every decision recorded and appended to the transparency log.
 *
 * A venue's hook lives as long as the app: a change of what the venue enforces (its own adoption,
 * possibly made by another process on the same database) updates the hook's policy table in
 * place, so its open sessions survive; nothing any other tenant does touches it.
 */
import { existsSync } from 'node:fs';
import {
  createComplianceHook,
  decisionRecorder,
  ephemeralReceiptSigner,
  receiptSigner,
  SqliteNullifierStore,
  type ComplianceHook,
  type NullifierStore,
} from '../../hook/index.js';
import { loadPolicies, type CompiledPolicy } from '../../policy/index.js';
import { parseEscrowCommittee, type EscrowCommittee } from '../../escrow/committee-key.js';
import { currentEscrowCommittee } from '../../escrow/publish-committee.js';
import { POLICIES_DIR } from '../../config/package-files.js';
import type { ResolvedDeps } from '../deps.js';
import { domain } from './domain.js';
import { createPolicyBook, type PolicyBook } from './policy-book.js';
import { reportingStores } from './reporting-stores.js';

export interface VenueServices {
  /** Policy ownership and venue adoption. */
  book: PolicyBook;
  /** The hook for a venue (one per venue tenant, so trades are bound to the caller's venue id). */
  hook(venue: string): Promise<ComplianceHook>;
  /** A stateless hook (no replay memory, no recording) for regulators' verification, enforcing `policies`. */
  /** A hook that admits nothing lasting: over `store` (default: a fresh memory store), requirements 'any'. */
  statelessHook(policies: readonly CompiledPolicy[], now?: number, store?: NullifierStore): Promise<ComplianceHook>;
}

const cache = new WeakMap<object, VenueServices>();

/** The current escrow committee of this service's log, parsed once per published entry. */
function escrowCommittee(deps: ResolvedDeps): () => EscrowCommittee | undefined {
  let seen: { logIndex: number; committee: EscrowCommittee } | undefined;
  return () => {
    const cur = currentEscrowCommittee(deps.db.db);
    if (!cur) return undefined;
    if (seen?.logIndex !== cur.logIndex)
      seen = { logIndex: cur.logIndex, committee: parseEscrowCommittee(cur.committee) };
    return seen.committee;
  };
}

export function venueServices(deps: ResolvedDeps): VenueServices {
  const hit = cache.get(deps);
  if (hit) return hit;
  const dir = deps.config.hook?.policiesDir ?? POLICIES_DIR;
  let loaded: Promise<CompiledPolicy[]> | undefined;
  const hooks = new Map<string, Promise<ComplianceHook>>();
  const stamps = new Map<string, string>();
  const book = createPolicyBook({
    store: reportingStores(deps).policies,
    shipped: () => (loaded ??= existsSync(dir) ? loadPolicies(dir) : Promise.resolve([])),
    now: () => deps.clock.now(),
  });
  const signer = () =>
    deps.serviceKey
      ? receiptSigner({
          issuer: 'vouch-service',
          kid: deps.serviceKey.kid,
          privateKey: deps.serviceKey.privateKey,
          publicJwk: deps.serviceKey.publicJwk,
        })
      : ephemeralReceiptSigner('vouch-service');
  const clock = () => Math.floor(deps.clock.now() / 1000);
  // the service's mode, never the process environment: production refuses dev artifacts here too
  const allowDevArtifacts = deps.config.server.mode === 'development';
  const services: VenueServices = {
    book,
    async hook(venue) {
      const built = hooks.get(venue);
      if (built) {
        // this venue's adoptions changed (here or in another process): update in place
        const stamp = await book.stamp(venue);
        if (stamps.get(venue) !== stamp) {
          stamps.set(venue, stamp);
          (await built).setPolicies(await book.enforced(venue));
        }
        return built;
      }
      stamps.set(venue, await book.stamp(venue));
      const h = (async () => {
        const d = domain(deps);
        return createComplianceHook({
          policies: await book.enforced(venue),
          registry: (await d.registries()).bySet,
          store: new SqliteNullifierStore(deps.db.db),
          signer: await signer(),
          clock,
          allowDevArtifacts,
          venue,
          // the venue chooses the policy per market (hook.venues), never the prover; none configured: nothing admitted
          requirements: deps.config.hook?.venues?.[venue] ?? deps.config.hook?.venues?.['*'] ?? [],
          // escrow-required policies: the key is the registry's current committee (the newest logged one)
          escrowCommittee: escrowCommittee(deps),
          queue: { maxItems: deps.config.hook?.batchMaxItems ?? 32, maxWaitMs: deps.config.hook?.batchMaxWaitMs ?? 4 },
          onDecision: decisionRecorder({ db: deps.db.db, log: d.log(), venue, now: clock }),
          onInternalError: (err) => deps.logger.error({ err, venue }, 'hook: internal error while checking an item'),
        });
      })();
      h.catch(() => hooks.delete(venue));
      hooks.set(venue, h);
      return h;
    },
    async statelessHook(policies, now, store) {
      const { MemoryNullifierStore } = await import('../../hook/index.js');
      return createComplianceHook({
        policies,
        registry: (await domain(deps).registries()).bySet,
        store: store ?? new MemoryNullifierStore(),
        signer: await signer(),
        clock: () => now ?? clock(),
        allowDevArtifacts,
        requirements: 'any', // a regulator's check of the proof's own policy: admits nothing
        escrowCommittee: escrowCommittee(deps),
        onInternalError: (err) => deps.logger.error({ err }, 'hook: internal error while checking an item'),
      });
    },
  };
  cache.set(deps, services);
  return services;
}
