/**
 * The service's verifier side: one long-lived IssuerRegistry per named issuer set (so a replaced
 * root stays acceptable for its grace), synchronised from the database — members as the set's
 * owner chose them, each member's latest signed snapshot.
 *
 * One issuer never freezes the others: a snapshot a set cannot take (it would overflow the set)
 * is skipped for that set and reported, and every other member's revocations still move the root.
 */
import { isVouchError, type VouchErrorCode } from '../errors/index.js';
import type { IssuerContext } from './context.js';
import type { Clock } from './ids.js';
import { issuerJwks } from './issuer-keys.js';
import { listIssuerSets } from './issuer-sets.js';
import { IssuerRegistry, type RegistryOptions } from './registry.js';
import type { PublishedSet } from './registry-file.js';
import { latestSnapshot, publishStatusSnapshot, type PublishedSnapshot } from './status.js';
import { CATALOGUE_OWNER } from '../db/schema.js';

export interface SetRegistriesOptions extends Omit<RegistryOptions, 'trusted' | 'clock'> {
  clock?: Clock;
  /**
   * This service is the issuer: re-publish a member's snapshot older than half the accepted age
   * (a heartbeat) instead of letting verifiers see it go stale. Default true.
   */
  heartbeat?: boolean;
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

  constructor(private readonly ctx: IssuerContext, private readonly o: SetRegistriesOptions = {}) {
    this.clock = o.clock ?? ctx.clock;
  }

  /** Brings every set's registry up to the database's state. */
  async refresh(): Promise<void> {
    const now = this.clock();
    const fresh = new Map<string, PublishedSnapshot | undefined>();
    const snapshotOf = async (issuerId: string): Promise<PublishedSnapshot | undefined> => {
      if (fresh.has(issuerId)) return fresh.get(issuerId);
      let s = latestSnapshot(this.ctx, issuerId);
      const maxAge = this.o.maxSnapshotAgeSeconds ?? 86_400;
      if ((this.o.heartbeat ?? true) && (!s || now - s.createdAt > maxAge / 2)) s = await publishStatusSnapshot(this.ctx, issuerId);
      fresh.set(issuerId, s);
      return s;
    };
    const skipped: SkippedSnapshot[] = [];
    for (const set of listIssuerSets(this.ctx)) {
      this.owners.set(set.name, set.owner);
      const { heartbeat: _h, clock: _c, ...registryOptions } = this.o;
      const reg = (this.bySet[set.name] ??= new IssuerRegistry({ ...registryOptions, trusted: [], clock: this.clock }));
      const members = new Set(set.issuers);
      for (const id of reg.trustedIds()) if (!members.has(id)) reg.distrust(id);
      for (const issuerId of set.issuers) {
        reg.trust({ issuerId, jwks: issuerJwks(this.ctx, issuerId, now) });
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
  }

  /** Every set with its owner (`catalogue` for the operator's), by name. */
  published(): PublishedSet[] {
    return Object.keys(this.bySet).sort().map((name) => {
      const owner = this.owners.get(name) ?? CATALOGUE_OWNER;
      return { name, owner: owner === CATALOGUE_OWNER ? 'catalogue' : owner, registry: this.bySet[name]! };
    });
  }
}
