/**
 * The credential store on the embedded SQLite database (better-sqlite3, synchronous). Each
 * atomic operation is ONE synchronous `db.transaction(...)` inside its method, so nothing
 * interleaves with it on the single connection; nothing is ever awaited inside a transaction (a
 * snapshot is signed before its transaction opens, and a sequence number another writer took in
 * between is retried: the unique (issuer, seq) index refuses the second).
 */
import { and, asc, count, desc, eq, gt, isNull, lt, lte, max, or, sql } from 'drizzle-orm';
import type { VouchDb } from '../db/client.js';
import {
  auditEvents,
  credentials,
  evidenceSeen,
  issuerKeys,
  issuers,
  issuerSetMembers,
  issuerSetRoots,
  issuerSets,
  statusRoots,
  type IssuerSetRootRow,
} from '../db/schema.js';
import { credentialPickups } from '../db/schema.js';
import { logEntries } from '../db/schema/log.js';
import { VouchError } from '../errors/index.js';
import { TransparencyLog, type AppendedEntry } from '../log/index.js';
import type {
  CredentialStore,
  IssuedRows,
  KeyKind,
  KeyRotation,
  PublishedSnapshotRow,
  RegistryLog,
  RootsToLog,
  SetMemberState,
  StatusChange,
} from './store.js';
import { alreadyRevoked, evidenceReplayed } from './store.js';

/** Attempts at a sequence number or credential index another process took meanwhile. */
const ATTEMPTS = 5;

export class SqliteCredentialStore implements CredentialStore {
  readonly dialect = 'sqlite' as const;

  constructor(readonly db: VouchDb) {}

  async createIssuer(row: typeof issuers.$inferInsert, keys: (typeof issuerKeys.$inferInsert)[]): Promise<void> {
    this.db.transaction((tx) => {
      tx.insert(issuers).values(row).run();
      for (const k of keys) tx.insert(issuerKeys).values(k).run();
    });
  }

  async issuer(id: string) {
    return this.db.select().from(issuers).where(eq(issuers.id, id)).get();
  }

  async issuers(tenant?: string) {
    const q = this.db.select().from(issuers);
    return (tenant === undefined ? q : q.where(eq(issuers.tenant, tenant))).orderBy(sql`rowid`).all();
  }

  async countIssuers(tenant: string): Promise<number> {
    return this.db.select({ n: count() }).from(issuers).where(eq(issuers.tenant, tenant)).get()?.n ?? 0;
  }

  async validKeys(issuerId: string, kind: KeyKind, at: number) {
    return validKeysIn(this.db, issuerId, kind, at);
  }

  async rotateKey(r: KeyRotation): Promise<void> {
    this.db.transaction(
      (tx) => {
        if (r.checkRoom) r.checkRoom(roomOf(tx as unknown as VouchDb, r.issuerId, r.now));
        for (const k of validKeysIn(tx as unknown as VouchDb, r.issuerId, r.kind, r.now)) {
          tx.update(issuerKeys).set({ notAfter: r.retireAt }).where(eq(issuerKeys.kid, k.kid)).run();
        }
        tx.insert(issuerKeys).values(r.key).run();
      },
      { behavior: 'immediate' },
    );
  }

  async credential(id: string) {
    return this.db.select().from(credentials).where(eq(credentials.id, id)).get();
  }

  async evidenceUsed(issuerId: string, hash: string): Promise<boolean> {
    const used = this.db
      .select()
      .from(evidenceSeen)
      .where(and(eq(evidenceSeen.issuerId, issuerId), eq(evidenceSeen.replayHash, hash)))
      .get();
    const active = this.db
      .select({ id: credentials.id })
      .from(credentials)
      .where(
        and(eq(credentials.issuerId, issuerId), eq(credentials.uniquenessHash, hash), eq(credentials.status, 'active')),
      )
      .get();
    return Boolean(used || active);
  }

  async issueCredential<T>(issuerId: string, build: (credentialIndex: number) => IssuedRows<T>): Promise<T> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        return this.db.transaction((tx) => {
          const last = tx
            .select({ m: max(credentials.credentialIndex) })
            .from(credentials)
            .where(eq(credentials.issuerId, issuerId))
            .get();
          const rows = build((last?.m ?? -1) + 1);
          if (rows.seen)
            tx.insert(evidenceSeen)
              .values({ issuerId, ...rows.seen })
              .run();
          tx.insert(credentials).values(rows.credential).run();
          tx.insert(auditEvents).values(rows.audit).run();
          if (rows.pickup) tx.insert(credentialPickups).values(rows.pickup).run();
          return rows.result;
        });
      } catch (err) {
        if (!isSqliteUniqueViolation(err)) throw err;
        if (/evidence_seen|uniqueness/.test(String((err as Error).message))) throw evidenceReplayed();
        // otherwise two issuances (two processes) raced for the same index: take the next one
      }
    }
    throw new VouchError('CONFLICT', 'could not allocate a credential index under contention; retry');
  }

  async revokedIndexes(issuerId: string): Promise<number[]> {
    return revokedIn(this.db, issuerId);
  }

  async latestSnapshot(issuerId: string) {
    return latestIn(this.db, issuerId);
  }

  async snapshotHistory(issuerId: string, limit: number): Promise<PublishedSnapshotRow[]> {
    return this.db
      .select()
      .from(statusRoots)
      .where(eq(statusRoots.issuerId, issuerId))
      .orderBy(desc(statusRoots.seq))
      .limit(limit)
      .all()
      .map(snapshotRow);
  }

  async statusState(issuerId: string) {
    return this.db.transaction((tx) => ({
      latest: latestIn(tx as unknown as VouchDb, issuerId),
      revoked: revokedIn(tx as unknown as VouchDb, issuerId),
    }));
  }

  async commitStatus(c: StatusChange): Promise<PublishedSnapshotRow> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const seq = (latestIn(this.db, c.issuerId)?.seq ?? 0) + 1;
      let revoked = revokedIn(this.db, c.issuerId);
      if (c.revoke) {
        const cred = this.db.select().from(credentials).where(eq(credentials.id, c.revoke.credentialId)).get();
        if (!cred || cred.issuerId !== c.issuerId) throw new VouchError('NOT_FOUND', 'no such credential');
        if (cred.status === 'revoked') throw alreadyRevoked();
        revoked = [...revoked, cred.credentialIndex].sort((a, b) => a - b);
      }
      const s = await c.sign({ seq, revoked }); // before the transaction: never await inside one
      try {
        this.db.transaction((tx) => {
          if (c.revoke) {
            const changed = tx
              .update(credentials)
              .set({ status: 'revoked', revokedAt: s.at, revocationReason: c.revoke.reason })
              .where(and(eq(credentials.id, c.revoke.credentialId), eq(credentials.status, 'active')))
              .run();
            if (changed.changes !== 1) throw alreadyRevoked();
            tx.insert(auditEvents).values(c.revoke.audit(seq, s.at)).run();
          }
          tx.insert(statusRoots)
            .values({ issuerId: c.issuerId, seq, root: s.root, snapshot: s.jws, createdAt: s.at })
            .run();
        });
        return { seq, root: s.root, jws: s.jws, createdAt: s.at };
      } catch (err) {
        if (!isSqliteUniqueViolation(err)) throw err; // another writer took this seq: re-read and retry
      }
    }
    throw new VouchError('CONFLICT', 'could not publish a status snapshot under contention; retry');
  }

  async auditEvents(tenant: string, o: { limit: number; before?: number }) {
    const where =
      o.before === undefined
        ? eq(auditEvents.tenant, tenant)
        : and(eq(auditEvents.tenant, tenant), lt(auditEvents.id, o.before));
    return this.db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.id)).limit(o.limit).all();
  }

  async createSet(row: typeof issuerSets.$inferInsert): Promise<boolean> {
    return this.db.insert(issuerSets).values(row).onConflictDoNothing().run().changes === 1;
  }

  async ensureSets(rows: (typeof issuerSets.$inferInsert)[]): Promise<void> {
    this.db.transaction((tx) => {
      for (const row of rows) tx.insert(issuerSets).values(row).onConflictDoNothing().run();
    });
  }

  async set(name: string) {
    return this.db.select().from(issuerSets).where(eq(issuerSets.name, name)).get();
  }

  async sets() {
    return this.db.select().from(issuerSets).orderBy(asc(issuerSets.name)).all();
  }

  async setMembers(name: string): Promise<string[]> {
    return membersIn(this.db, name);
  }

  async setsOf(issuerId: string): Promise<string[]> {
    return this.db
      .select({ name: issuerSetMembers.setName })
      .from(issuerSetMembers)
      .where(eq(issuerSetMembers.issuerId, issuerId))
      .all()
      .map((r) => r.name);
  }

  async addSetMember(
    m: { setName: string; issuerId: string; addedBy: string; addedAt: number },
    decide: (s: SetMemberState) => boolean,
  ): Promise<void> {
    this.db.transaction(
      (tx) => {
        const db = tx as unknown as VouchDb;
        const set = db.select().from(issuerSets).where(eq(issuerSets.name, m.setName)).get();
        const issuerExists = Boolean(db.select().from(issuers).where(eq(issuers.id, m.issuerId)).get());
        const members = set ? membersIn(db, m.setName) : [];
        const keysWithCandidate = [...new Set([...members, m.issuerId])].reduce(
          (n, id) => n + validKeysIn(db, id, 'babyjub', m.addedAt).length,
          0,
        );
        if (decide({ set, issuerExists, members, keysWithCandidate })) tx.insert(issuerSetMembers).values(m).run();
      },
      { behavior: 'immediate' },
    );
  }

  async removeSetMember(setName: string, issuerId: string): Promise<boolean> {
    const r = this.db
      .delete(issuerSetMembers)
      .where(and(eq(issuerSetMembers.setName, setName), eq(issuerSetMembers.issuerId, issuerId)))
      .run();
    return r.changes === 1;
  }

  async lastSetRoot(name: string) {
    return lastSetRootIn(this.db, name);
  }

  async statusRootLogIndex(issuerId: string, seq: number) {
    return this.db
      .select({ logIndex: statusRoots.logIndex })
      .from(statusRoots)
      .where(and(eq(statusRoots.issuerId, issuerId), eq(statusRoots.seq, seq)))
      .get()?.logIndex;
  }

  async logRoots(
    log: RegistryLog,
    setNames: string[],
    plan: (
      pending: (typeof statusRoots.$inferSelect)[],
      lastRoots: ReadonlyMap<string, IssuerSetRootRow>,
    ) => RootsToLog,
  ): Promise<AppendedEntry[]> {
    if (!(log instanceof TransparencyLog))
      throw new TypeError('a SQLite credential store records its roots in the SQLite transparency log');
    // one immediate transaction: rows read, entries appended and indexes recorded commit together
    return this.db.transaction(
      (tx) => {
        const db = tx as unknown as VouchDb;
        const pending = db
          .select()
          .from(statusRoots)
          .where(isNull(statusRoots.logIndex))
          .orderBy(asc(statusRoots.createdAt), asc(statusRoots.issuerId), asc(statusRoots.seq))
          .all();
        const last = new Map<string, IssuerSetRootRow>();
        for (const name of setNames) {
          const row = lastSetRootIn(db, name);
          if (row) last.set(name, row);
        }
        const { entries, setRoots } = plan(pending, last);
        if (entries.length === 0) return [];
        const appended = log.appendEntries(entries);
        pending.forEach((r, i) => {
          tx.update(statusRoots)
            .set({ logIndex: appended[i]!.index })
            .where(and(eq(statusRoots.issuerId, r.issuerId), eq(statusRoots.seq, r.seq)))
            .run();
        });
        setRoots.forEach((c, i) => {
          tx.insert(issuerSetRoots)
            .values({
              setName: c.name,
              seq: c.seq,
              root: c.root,
              logIndex: appended[pending.length + i]!.index,
              createdAt: c.createdAt,
            })
            .run();
        });
        return appended;
      },
      { behavior: 'immediate' },
    );
  }

  async publishedRootRows(issuerId: string) {
    const status = this.db.all<{ idx: number; body: string }>(
      sql`SELECT idx, body FROM log_entries WHERE kind = 'status-snapshot' AND json_extract(body, '$.payload.issuerId') = ${issuerId} ORDER BY idx`,
    );
    const sets = this.db.all<{
      idx: number;
      body: string;
      seq: number;
      root: string;
    }>(sql`SELECT e.idx AS idx, e.body AS body, json_extract(m.value, '$.seq') AS seq, json_extract(m.value, '$.statusRoot') AS root
    FROM log_entries e, json_each(e.body, '$.payload.members') m
    WHERE e.kind = 'issuer-set-root' AND json_extract(m.value, '$.issuerId') = ${issuerId} ORDER BY e.idx`);
    return { status, sets: sets.map((r) => ({ ...r, seq: Number(r.seq), root: String(r.root) })) };
  }

  async latestEscrowCommitteeEntry() {
    const row = this.db
      .select()
      .from(logEntries)
      .where(eq(logEntries.kind, 'escrow-committee'))
      .orderBy(desc(logEntries.idx))
      .limit(1)
      .get();
    return row ? { idx: row.idx, body: row.body } : undefined;
  }

  async stateStamp(): Promise<string> {
    // rowid sum: a member removed and another added keeps the count but not the sum
    const r = this.db.get<{ i: number; s: number; n: number; m: string }>(
      sql`SELECT (SELECT COUNT(*) FROM issuers) AS i, (SELECT COUNT(*) FROM status_roots) AS s, (SELECT COUNT(*) FROM issuer_sets) AS n, (SELECT COUNT(*) || ':' || COALESCE(SUM(rowid), 0) FROM issuer_set_members) AS m`,
    );
    return `${r.i}:${r.s}:${r.n}:${r.m}`;
  }
}

function validKeysIn(db: VouchDb, issuerId: string, kind: KeyKind, at: number) {
  return db
    .select()
    .from(issuerKeys)
    .where(
      and(
        eq(issuerKeys.issuerId, issuerId),
        eq(issuerKeys.kind, kind),
        lte(issuerKeys.notBefore, at),
        or(isNull(issuerKeys.notAfter), gt(issuerKeys.notAfter, at)),
      ),
    )
    .orderBy(desc(issuerKeys.notBefore), desc(sql`rowid`))
    .all();
}

function membersIn(db: VouchDb, name: string): string[] {
  return db
    .select({ id: issuerSetMembers.issuerId })
    .from(issuerSetMembers)
    .where(eq(issuerSetMembers.setName, name))
    .orderBy(asc(issuerSetMembers.addedAt), asc(issuerSetMembers.issuerId))
    .all()
    .map((r) => r.id);
}

/** Capacity and keys held now of every set the issuer is in. */
function roomOf(db: VouchDb, issuerId: string, now: number) {
  const names = db
    .select({ name: issuerSetMembers.setName })
    .from(issuerSetMembers)
    .where(eq(issuerSetMembers.issuerId, issuerId))
    .all();
  return names.map(({ name }) => {
    const set = db.select().from(issuerSets).where(eq(issuerSets.name, name)).get()!;
    const keys = membersIn(db, name).reduce((n, id) => n + validKeysIn(db, id, 'babyjub', now).length, 0);
    return { name, capacity: set.capacity, keys };
  });
}

function revokedIn(db: VouchDb, issuerId: string): number[] {
  return db
    .select({ i: credentials.credentialIndex })
    .from(credentials)
    .where(and(eq(credentials.issuerId, issuerId), eq(credentials.status, 'revoked')))
    .all()
    .map((r) => r.i)
    .sort((a, b) => a - b);
}

function latestIn(db: VouchDb, issuerId: string): PublishedSnapshotRow | undefined {
  const r = db
    .select()
    .from(statusRoots)
    .where(eq(statusRoots.issuerId, issuerId))
    .orderBy(desc(statusRoots.seq))
    .get();
  return r ? snapshotRow(r) : undefined;
}

function lastSetRootIn(db: VouchDb, name: string) {
  return db
    .select()
    .from(issuerSetRoots)
    .where(eq(issuerSetRoots.setName, name))
    .orderBy(desc(issuerSetRoots.seq))
    .get();
}

function snapshotRow(r: typeof statusRoots.$inferSelect): PublishedSnapshotRow {
  return { seq: r.seq, root: r.root, jws: r.snapshot, createdAt: r.createdAt };
}

export function isSqliteUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
