/**
 * The service's verifier side: one long-lived IssuerRegistry per named issuer set (so a replaced
 * root stays acceptable for its grace), synchronised from the database — members as the set's
 * owner chose them, each member's latest signed snapshot.
 *
 * One issuer never freezes the others: a snapshot a set cannot take (it would overflow the set)
 * is skipped for that set and reported, and every other member's revocations still move the root.
 *
 * No split views: with a transparency log, every status root any issuer published and every new
 * root of every set is appended to the log during the refresh that makes it current, before
 * anything serves it; `transparency()` proves the served ones are in the log.
 */
import { CATALOGUE_OWNER } from '../db/schema.js';
import { isVouchError, type VouchErrorCode } from '../errors/index.js';
import { asAnyLog, TransparencyLog, type AnyTransparencyLog, type LogEntryInput } from '../log/index.js';
import { currentEscrowCommittee, type EscrowCommitteeJson } from '../escrow/index.js';
import type { IssuerContext } from './context.js';
import type { Clock } from './ids.js';
import { issuerJwks } from './issuer-keys.js';
import { listIssuerSets } from './issuer-sets.js';
import { IssuerRegistry, type RegistryOptions } from './registry.js';
import type { PublishedSet } from './registry-file.js';
import { proveLogged, snapshotDigest, type RegistryTransparency } from './registry-transparency.js';
import { latestSnapshot, publishStatusSnapshot, type PublishedSnapshot } from './status.js';
import type { RegistryLog, RootsToLog } from './store.js';

export interface SetRegistriesOptions extends Omit<RegistryOptions, 'trusted' | 'clock'> {
  clock?: Clock;
  /**
   * This service is the issuer: re-publish a member's snapshot older than half the accepted age
   * (a heartbeat) instead of letting verifiers see it go stale. Default true.
   */
  heartbeat?: boolean;
  /**
   * The transparency log every published root goes to (omit only where nothing is published): the
   * store's own dialect, since the roots and their log entries commit in one transaction.
   */
  log?: RegistryLog;
}

export interface SkippedSnapshot {
  set: string;
  issuerId: string;
  code: VouchErrorCode;
}

export class SetRegistries {
  /** Live: the same object gains sets as they are created (hooks keep a reference to it). */
  readonly bySet: Record<string, IssuerRegistry> = {};
  private readonly owners = new Map<string, string>();
  private readonly clock: Clock;
  /** Snapshots the last refresh could not apply, by set (e.g. ISSUER_SET_FULL). */
  skipped: SkippedSnapshot[] = [];

  constructor(
    private readonly ctx: IssuerContext,
    private readonly o: SetRegistriesOptions = {},
  ) {
    this.clock = o.clock ?? ctx.clock;
  }

  /** Brings every set's registry up to the database's state, and logs every new root. */
  async refresh(): Promise<void> {
    const now = this.clock();
    const fresh = new Map<string, PublishedSnapshot | undefined>();
    const snapshotOf = async (issuerId: string): Promise<PublishedSnapshot | undefined> => {
      if (fresh.has(issuerId)) return fresh.get(issuerId);
      let s = await latestSnapshot(this.ctx, issuerId);
      const maxAge = this.o.maxSnapshotAgeSeconds ?? 86_400;
      if ((this.o.heartbeat ?? true) && (!s || now - s.createdAt > maxAge / 2))
        s = await publishStatusSnapshot(this.ctx, issuerId);
      fresh.set(issuerId, s);
      return s;
    };
    const skipped: SkippedSnapshot[] = [];
    const { heartbeat: _h, clock: _c, log: _l, ...registryOptions } = this.o;
    for (const set of await listIssuerSets(this.ctx)) {
      this.owners.set(set.name, set.owner);
      const reg = (this.bySet[set.name] ??= new IssuerRegistry({ ...registryOptions, trusted: [], clock: this.clock }));
      const members = new Set(set.issuers);
      for (const id of reg.trustedIds()) if (!members.has(id)) reg.distrust(id);
      for (const issuerId of set.issuers) {
        reg.trust({ issuerId, jwks: await issuerJwks(this.ctx, issuerId, now) });
        const s = await snapshotOf(issuerId);
        if (!s) continue;
        try {
          await reg.accept(s.jws);
        } catch (err) {
          if (!isVouchError(err)) throw err;
          skipped.push({ set: set.name, issuerId, code: err.code });
        }
      }
    }
    this.skipped = skipped;
    await this.recordInLog(now);
  }

  /** Every set with its owner (`catalogue` for the operator's), by name. */
  published(): PublishedSet[] {
    return Object.keys(this.bySet)
      .sort()
      .map((name) => ({ name, owner: this.ownerName(name), registry: this.bySet[name]! }));
  }

  /** Inclusion proofs, under one signed checkpoint, of every set root and snapshot `published()` serves. */
  async transparency(): Promise<RegistryTransparency | undefined> {
    const log = this.o.log;
    if (!log) return undefined;
    const sets: Record<string, number> = {};
    const snapshots: Record<string, number> = {};
    for (const { name, registry } of this.published()) {
      const last = await this.ctx.store.lastSetRoot(name);
      if (last && last.root === registry.root.toString()) sets[name] = last.logIndex;
      for (const s of registry.snapshotStates()) {
        const logIndex = await this.ctx.store.statusRootLogIndex(s.issuerId, s.seq);
        if (logIndex != null) snapshots[s.issuerId] = logIndex;
      }
    }
    const committee = await this.currentCommittee();
    return proveLogged(anyLogOf(log), sets, snapshots, committee?.logIndex);
  }

  /** The current escrow committee (the newest `escrow-committee` log entry), for registry.json. */
  async escrowCommittee(): Promise<EscrowCommitteeJson | undefined> {
    return (await this.currentCommittee())?.committee;
  }

  private async currentCommittee(): Promise<{ logIndex: number; committee: EscrowCommitteeJson } | undefined> {
    const row = await this.ctx.store.latestEscrowCommitteeEntry();
    if (!row) return undefined;
    return { logIndex: row.idx, committee: (JSON.parse(row.body) as { payload: EscrowCommitteeJson }).payload };
  }

  private ownerName(name: string): string {
    const owner = this.owners.get(name) ?? CATALOGUE_OWNER;
    return owner === CATALOGUE_OWNER ? 'catalogue' : owner;
  }

  /**
   * Appends, in one transaction with the bookkeeping (the store's `logRoots`): every status root
   * not yet logged (any issuer, oldest first), then each set's root where it changed since its
   * last logged root.
   */
  private async recordInLog(now: number): Promise<void> {
    const log = this.o.log;
    if (!log) return;
    const published = this.published();
    await this.ctx.store.logRoots(
      log,
      published.map((p) => p.name),
      (pending, lastRoots) => {
        const entries: LogEntryInput[] = pending.map((r) => ({
          kind: 'status-snapshot',
          payload: {
            issuerId: r.issuerId,
            seq: r.seq,
            statusRoot: r.root,
            snapshotSha256: snapshotDigest(r.snapshot),
            iat: r.createdAt,
          },
        }));
        const setRoots: RootsToLog['setRoots'] = [];
        for (const { name, owner, registry } of published) {
          const root = registry.root.toString();
          const last = lastRoots.get(name);
          if (last?.root === root) continue;
          const members = new Map<string, { issuerId: string; seq: number; statusRoot: string }>();
          for (const m of registry.members)
            members.set(m.issuerId, { issuerId: m.issuerId, seq: m.seq, statusRoot: m.statusRoot.toString() });
          entries.push({
            kind: 'issuer-set-root',
            payload: { set: name, owner, issuerSetRoot: root, members: [...members.values()] },
          });
          setRoots.push({ name, seq: (last?.seq ?? 0) + 1, root, createdAt: now });
        }
        return { entries, setRoots };
      },
    );
  }
}

/** The async face of either dialect's log, for the proofs. */
function anyLogOf(log: RegistryLog): AnyTransparencyLog {
  return log instanceof TransparencyLog ? asAnyLog(log) : log;
}
