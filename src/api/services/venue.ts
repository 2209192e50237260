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
 *
 * On PostgreSQL (deps.pg) the hook's state is the database's, shared by every service process:
 * nullifiers claimed with their decision rows and log entries in one transaction, refusals and
 * their digests recorded there, sessions kept there (opened through one process, usable through
 * any other, limits held by one conditional UPDATE per order), the log is domain(deps).anyLog(),
 * and the escrow committee is the newest one in that log. On SQLite sessions stay in the process.
 */
import { existsSync } from 'node:fs';
import {
  createComplianceHook,
  decisionRecorder,
  ephemeralReceiptSigner,
  receiptSigner,
  SqliteNullifierStore,
  type ComplianceHook,
  type ComplianceHookOptions,
  type NullifierStore,
} from '../../hook/index.js';
import { loadPolicies, type CompiledPolicy } from '../../policy/index.js';
import { parseEscrowCommittee, type EscrowCommittee, currentEscrowCommittee } from '../../escrow/index.js';
import { POLICIES_DIR } from '../../config/index.js';
import { postgresDecisionRecorder } from '../../hook/pg-record-decisions.js';
import { PostgresNullifierStore } from '../../hook/pg-nullifier-store.js';
import { PostgresSessionStore } from '../../hook/pg-session-store.js';
import { PostgresTransparencyLog } from '../../log/pg-transparency-log.js';
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
  /**
   * Writes every venue recorder's open rejection-digest window to the log and stops its timer: on
   * shutdown, after the server drained and before the database closes (a window is otherwise
   * written only when its timer fires, and a stopped process would lose its refusals' digest).
   */
  close(): Promise<void>;
}

const cache = new WeakMap<object, VenueServices>();
/**
 * The venue services built over each database handle: createApp hands routes a copy of the deps
 * the service built (ResolvedDeps), so the service's close() finds them by the handle both share.
 */
const byDatabase = new WeakMap<object, Set<VenueServices>>();

/** Closes every venue service built over `deps.db` (the service's close(); nothing to do when none was). */
export async function closeVenueServices(deps: Pick<ResolvedDeps, 'db'>): Promise<void> {
  const built = byDatabase.get(deps.db);
  byDatabase.delete(deps.db);
  const results = await Promise.allSettled([...(built ?? [])].map((v) => v.close()));
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}

/** What hookStores hands out that must be closed on shutdown: the decision recorders. */
type Closer = { close(): void | Promise<void> };

interface CommitteeReader {
  /** The committee the hook checks escrow against (synchronous: the hook asks while checking). */
  current(): EscrowCommittee | undefined;
  /** Reads the newest published committee again (PostgreSQL; SQLite reads on every `current()`). */
  refresh(): Promise<void>;
}

/** The current escrow committee of this service's log, parsed once per published entry. */
function escrowCommittee(deps: ResolvedDeps): CommitteeReader {
  let seen: { logIndex: number; committee: EscrowCommittee } | undefined;
  const parsed = (cur: { logIndex: number; committee: unknown } | undefined) => {
    if (!cur) return undefined;
    if (seen?.logIndex !== cur.logIndex)
      seen = { logIndex: cur.logIndex, committee: parseEscrowCommittee(cur.committee) };
    return seen.committee;
  };
  if (!deps.pg) return { current: () => parsed(currentEscrowCommittee(deps.db.db)), refresh: async () => {} };
  // PostgreSQL reads are asynchronous: read before each request reaches the hook (hook(), statelessHook()),
  // from the store the registry serves its committee from, so a committee published by any process
  // before the request arrived is the one its proofs are checked against
  let latest: EscrowCommittee | undefined;
  const store = domain(deps).issuer.store;
  return {
    current: () => latest,
    async refresh() {
      const row = await store.latestEscrowCommitteeEntry();
      latest = parsed(row && { logIndex: row.idx, committee: (JSON.parse(row.body) as { payload: unknown }).payload });
    },
  };
}

/** The hook's nullifier store, decision recorder and session store on the app's database. */
function hookStores(
  deps: ResolvedDeps,
  venue: string,
  clock: () => number,
  closers: Set<Closer>,
): Pick<ComplianceHookOptions, 'store' | 'onDecision' | 'sessions'> {
  const d = domain(deps);
  if (!deps.pg) {
    const recorder = decisionRecorder({ db: deps.db.db, log: d.log(), venue, now: clock });
    closers.add(recorder);
    return { store: new SqliteNullifierStore(deps.db.db), onDecision: recorder };
  }
  const log = d.anyLog();
  if (!(log instanceof PostgresTransparencyLog)) throw new TypeError('deps.pg is set but the log is not on PostgreSQL');
  const db = deps.pg.db;
  const recorder = postgresDecisionRecorder({ db, log, venue, now: clock });
  closers.add(recorder);
  return {
    // admissions: nullifier, decision row and log entry in one transaction (pg-nullifier-store.ts)
    store: new PostgresNullifierStore({ db, log, venue }),
    onDecision: recorder,
    sessions: { store: new PostgresSessionStore(db) },
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
  const committee = escrowCommittee(deps);
  const closers = new Set<Closer>();
  const services: VenueServices = {
    book,
    async close() {
      // the hooks being built finish first (their recorders join the set), then every window is written
      await Promise.allSettled([...hooks.values()]);
      const errors: unknown[] = [];
      for (const c of closers) {
        try {
          await c.close();
        } catch (err) {
          errors.push(err);
        }
      }
      closers.clear();
      if (errors.length) throw errors[0];
    },
    async hook(venue) {
      await committee.refresh();
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
          ...hookStores(deps, venue, clock, closers),
          signer: await signer(),
          clock,
          allowDevArtifacts,
          venue,
          // the venue chooses the policy per market (hook.venues), never the prover; none configured: nothing admitted
          requirements: deps.config.hook?.venues?.[venue] ?? deps.config.hook?.venues?.['*'] ?? [],
          // escrow-required policies: the key is the registry's current committee (the newest logged one)
          escrowCommittee: committee.current,
          queue: { maxItems: deps.config.hook?.batchMaxItems ?? 32, maxWaitMs: deps.config.hook?.batchMaxWaitMs ?? 4 },
          onInternalError: (err) => deps.logger.error({ err, venue }, 'hook: internal error while checking an item'),
        });
      })();
      h.catch(() => hooks.delete(venue));
      hooks.set(venue, h);
      return h;
    },
    async statelessHook(policies, now, store) {
      await committee.refresh();
      const { MemoryNullifierStore } = await import('../../hook/index.js');
      return createComplianceHook({
        policies,
        registry: (await domain(deps).registries()).bySet,
        store: store ?? new MemoryNullifierStore(),
        signer: await signer(),
        clock: () => now ?? clock(),
        allowDevArtifacts,
        requirements: 'any', // a regulator's check of the proof's own policy: admits nothing
        escrowCommittee: committee.current,
        onInternalError: (err) => deps.logger.error({ err }, 'hook: internal error while checking an item'),
      });
    },
  };
  cache.set(deps, services);
  const set = byDatabase.get(deps.db) ?? new Set<VenueServices>();
  set.add(services);
  byDatabase.set(deps.db, set);
  return services;
}
