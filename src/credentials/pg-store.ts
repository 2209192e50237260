/**
 * The credential store on PostgreSQL (issue 14), shared by every process of a deployment.
 *
 * Concurrency, stated once for every method below: each write is ONE transaction at READ
 * COMMITTED that first locks the row that orders its writers, then reads, then writes. READ
 * COMMITTED is what makes the lock sufficient: every statement after the lock is granted takes a
 * fresh snapshot, so it sees what the previous holder committed (REPEATABLE READ would keep the
 * snapshot of the first statement and, e.g., allocate an index already taken).
 *
 *  - Credential indexes come from the issuer's counter row (credential_index_counters), taken by
 *    one upsert that returns the new value: the row lock lives for that statement only, so two
 *    processes issuing at once get distinct increasing indexes and sign in parallel. An index
 *    whose issuance then fails (process killed, evidence replayed in a race) stays unused — a
 *    bit of the status bitmap no credential holds, never two credentials at one index.
 *  - The issuer's row (`SELECT … FOR UPDATE`) orders everything that rewrites the issuer's state:
 *    status snapshots and revocations (the sequence number and the revoked
 *    list are read under the lock, and the snapshot is signed there, so the newest root always
 *    counts every revocation committed before it), and key rotation.
 *  - An issuer set's row (`FOR UPDATE`) orders the changes to its members and the rotations of its
 *    members' keys, so the 65th key of a set is refused (ISSUER_SET_FULL) even when two
 *    additions race for the last leaf. An addition takes the candidate issuer's row `FOR SHARE`
 *    first (rotation takes it `FOR UPDATE`, then the sets): one lock order, no deadlock.
 *  - The registry's log bookkeeping takes a transaction-scoped advisory lock, then the log's own
 *    (appendEntriesIn): two refreshes in two processes never log the same root twice.
 * The unique indexes ((issuer, index), (issuer, seq), evidence) stay as the last line: a bug here
 * could fail a write, never store two credentials at one index.
 *
 * A lost connection surfaces as DATABASE_UNAVAILABLE (`guarded`); PostgreSQL rolls the open
 * transaction back, so nothing half-written remains.
 */
import { and, asc, count, desc, eq, gt, inArray, isNull, lt, lte, max, or, sql } from 'drizzle-orm';
import { guarded, type VouchPgDb } from '../db/pg-client.js';
import type { IssuerKeyRow, IssuerRow, IssuerSetRootRow, IssuerSetRow, StatusRootRow } from '../db/schema.js';
import {
  auditEvents,
  credentialIndexCounters,
  credentials,
  evidenceSeen,
  issuerKeys,
  issuers,
  issuerSetMembers,
  issuerSetRoots,
  issuerSets,
  statusRoots,
} from '../db/schema-pg/credentials.js';
import { credentialPickups } from '../db/schema-pg/pickups.js';
import { logEntries } from '../db/schema-pg/log.js';
import { VouchError } from '../errors/index.js';
import type { AppendedEntry } from '../log/index.js';
import { PostgresTransparencyLog } from '../log/pg-transparency-log.js';
import type {
  AuditEventRow,
  CredentialStore,
  IssuedRows,
  KeyKind,
  KeyRotation,
  PublishedSnapshotRow,
  RegistryLog,
  RootsToLog,
  SetMemberState,
  SetRoom,
  StatusChange,
} from './store.js';
import { alreadyRevoked, evidenceReplayed } from './store.js';

type PgTx = Parameters<Parameters<VouchPgDb['transaction']>[0]>[0];
type Q = VouchPgDb | PgTx;

/** pg_advisory_xact_lock key of the registry's log bookkeeping ("VOUCHREG"). */
const REGISTRY_LOCK = 0x564f554348524547n;

export class PgCredentialStore implements CredentialStore {
  readonly dialect = 'postgres' as const;

  constructor(readonly db: VouchPgDb) {}

  /** One READ COMMITTED transaction (see the module comment for why that level). */
  #tx<T>(fn: (tx: PgTx) => Promise<T>): Promise<T> {
    return guarded(() => this.db.transaction(fn, { isolationLevel: 'read committed' }));
  }

  async createIssuer(row: IssuerRow, keys: IssuerKeyRow[]): Promise<void> {
    await this.#tx(async (tx) => {
      await tx.insert(issuers).values(row);
      await tx.insert(issuerKeys).values(keys.map(keyInsert));
    });
  }

  async issuer(id: string): Promise<IssuerRow | undefined> {
    const [r] = await guarded(() => this.db.select().from(issuers).where(eq(issuers.id, id)));
    return r;
  }

  async issuers(tenant?: string): Promise<IssuerRow[]> {
    const q = this.db.select().from(issuers);
    return guarded(() =>
      (tenant === undefined ? q : q.where(eq(issuers.tenant, tenant))).orderBy(asc(issuers.createdAt), asc(issuers.id)),
    );
  }

  async countIssuers(tenant: string): Promise<number> {
    const [r] = await guarded(() => this.db.select({ n: count() }).from(issuers).where(eq(issuers.tenant, tenant)));
    return r?.n ?? 0;
  }

  async validKeys(issuerId: string, kind: KeyKind, at: number): Promise<IssuerKeyRow[]> {
    return guarded(() => validKeysIn(this.db, issuerId, kind, at));
  }

  async rotateKey(r: KeyRotation): Promise<void> {
    await this.#tx(async (tx) => {
      await lockIssuer(tx, r.issuerId, 'update');
      if (r.checkRoom) r.checkRoom(await roomOf(tx, r.issuerId, r.now));
      const current = await validKeysIn(tx, r.issuerId, r.kind, r.now);
      if (current.length > 0)
        await tx
          .update(issuerKeys)
          .set({ notAfter: r.retireAt })
          .where(
            inArray(
              issuerKeys.kid,
              current.map((k) => k.kid),
            ),
          );
      await tx.insert(issuerKeys).values(keyInsert(r.key));
    });
  }

  async credential(id: string) {
    const [r] = await guarded(() => this.db.select().from(credentials).where(eq(credentials.id, id)));
    return r;
  }

  async evidenceUsed(issuerId: string, hash: string): Promise<boolean> {
    // both reads in one statement (one round trip, one snapshot): a vendor token seen once ever,
    // or an active credential backed by the same evidence
    const used = this.db
      .select({ h: evidenceSeen.replayHash })
      .from(evidenceSeen)
      .where(and(eq(evidenceSeen.issuerId, issuerId), eq(evidenceSeen.replayHash, hash)));
    const active = this.db
      .select({ id: credentials.id })
      .from(credentials)
      .where(
        and(eq(credentials.issuerId, issuerId), eq(credentials.uniquenessHash, hash), eq(credentials.status, 'active')),
      );
    const r = await guarded(() =>
      this.db.execute<{ used: boolean }>(sql`SELECT (EXISTS (${used}) OR EXISTS (${active})) AS used`),
    );
    return r.rows[0]?.used === true;
  }

  async issueCredential<T>(issuerId: string, build: (credentialIndex: number) => IssuedRows<T>): Promise<T> {
    // allocate: one upsert, the counter row locked for that statement only (module comment); the
    // signature is then made outside any lock, so concurrent issuances of one issuer — in this
    // process or another — sign in parallel. The allocation commits without waiting for its WAL
    // flush (synchronous_commit off, for this statement's transaction only): durability comes
    // from the credential's own commit, whose flush covers every earlier WAL record — so a
    // counter value lost in a crash was never used by a durable credential, and each issuance
    // waits for one fsync, not two.
    const slot = await guarded(() =>
      this.db.execute<{ next: string }>(sql`
        WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true))
        INSERT INTO ${credentialIndexCounters} (issuer_id, next) SELECT ${issuerId}, 1 FROM async_commit
        ON CONFLICT (issuer_id) DO UPDATE SET next = ${credentialIndexCounters}.next + 1
        RETURNING next`),
    );
    const rows = build(Number(slot.rows[0]!.next) - 1);
    // the credential, its audit event (and a vendor token's replay record, a pickup row) in ONE
    // statement: a statement is atomic on its own (its implicit transaction commits durably, or
    // nothing of it stays; foreign keys are checked at its end), and it needs no reads, so the
    // isolation level does not matter; one round trip instead of BEGIN, the INSERTs and COMMIT
    const inserts = [
      ...(rows.seen ? [this.db.insert(evidenceSeen).values({ issuerId, ...rows.seen })] : []),
      this.db.insert(credentials).values(rows.credential),
      ...(rows.pickup ? [this.db.insert(credentialPickups).values(rows.pickup)] : []),
    ].map((q, i) => sql`${sql.raw(`w${i}`)} AS (${q.getSQL()})`);
    try {
      await guarded(() =>
        this.db.execute(
          sql`WITH ${sql.join(inserts, sql`, `)} ${this.db.insert(auditEvents).values(rows.audit).getSQL()}`,
        ),
      );
      return rows.result;
    } catch (err) {
      const c = uniqueViolation(err);
      if (c === 'evidence_seen_key' || c === 'credentials_active_uniqueness') throw evidenceReplayed();
      throw err;
    }
  }

  async revokedIndexes(issuerId: string): Promise<number[]> {
    return guarded(() => revokedIn(this.db, issuerId));
  }

  async latestSnapshot(issuerId: string) {
    return guarded(() => latestIn(this.db, issuerId));
  }

  async snapshotHistory(issuerId: string, limit: number): Promise<PublishedSnapshotRow[]> {
    const rows = await guarded(() =>
      this.db
        .select()
        .from(statusRoots)
        .where(eq(statusRoots.issuerId, issuerId))
        .orderBy(desc(statusRoots.seq))
        .limit(limit),
    );
    return rows.map(snapshotRow);
  }

  async statusState(issuerId: string) {
    // one snapshot for both reads: REPEATABLE READ, read only (no lock needed to read)
    return guarded(() =>
      this.db.transaction(
        async (tx) => ({ latest: await latestIn(tx, issuerId), revoked: await revokedIn(tx, issuerId) }),
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      ),
    );
  }

  async commitStatus(c: StatusChange): Promise<PublishedSnapshotRow> {
    return this.#tx(async (tx) => {
      // under the issuer's lock: no other snapshot or revocation of this issuer runs until commit,
      // so the seq is free and the revoked list is complete (module comment)
      if (!(await lockIssuer(tx, c.issuerId, 'update'))) throw new VouchError('NOT_FOUND', 'no such issuer');
      const seq = ((await latestIn(tx, c.issuerId))?.seq ?? 0) + 1;
      let revoked = await revokedIn(tx, c.issuerId);
      if (c.revoke) {
        const [cred] = await tx.select().from(credentials).where(eq(credentials.id, c.revoke.credentialId));
        if (!cred || cred.issuerId !== c.issuerId) throw new VouchError('NOT_FOUND', 'no such credential');
        if (cred.status === 'revoked') throw alreadyRevoked();
        revoked = [...revoked, cred.credentialIndex].sort((a, b) => a - b);
      }
      // signing needs no database access (the keys were loaded before); it runs under the lock so
      // the snapshot commits exactly the state it signs
      const s = await c.sign({ seq, revoked });
      if (c.revoke) {
        await tx
          .update(credentials)
          .set({ status: 'revoked', revokedAt: s.at, revocationReason: c.revoke.reason })
          .where(eq(credentials.id, c.revoke.credentialId));
        await tx.insert(auditEvents).values(c.revoke.audit(seq, s.at));
      }
      await tx
        .insert(statusRoots)
        .values({ issuerId: c.issuerId, seq, root: s.root, snapshot: s.jws, createdAt: s.at });
      return { seq, root: s.root, jws: s.jws, createdAt: s.at };
    });
  }

  async auditEvents(tenant: string, o: { limit: number; before?: number }): Promise<AuditEventRow[]> {
    const where =
      o.before === undefined
        ? eq(auditEvents.tenant, tenant)
        : and(eq(auditEvents.tenant, tenant), lt(auditEvents.id, o.before));
    return guarded(() => this.db.select().from(auditEvents).where(where).orderBy(desc(auditEvents.id)).limit(o.limit));
  }

  async createSet(row: IssuerSetRow): Promise<boolean> {
    const r = await guarded(() =>
      this.db.insert(issuerSets).values(row).onConflictDoNothing().returning({ name: issuerSets.name }),
    );
    return r.length === 1;
  }

  async ensureSets(rows: IssuerSetRow[]): Promise<void> {
    if (rows.length === 0) return;
    await guarded(() => this.db.insert(issuerSets).values(rows).onConflictDoNothing());
  }

  async set(name: string) {
    const [r] = await guarded(() => this.db.select().from(issuerSets).where(eq(issuerSets.name, name)));
    return r;
  }

  async sets(): Promise<IssuerSetRow[]> {
    return guarded(() => this.db.select().from(issuerSets).orderBy(asc(issuerSets.name)));
  }

  async setMembers(name: string): Promise<string[]> {
    return guarded(() => membersIn(this.db, name));
  }

  async setsOf(issuerId: string): Promise<string[]> {
    const rows = await guarded(() =>
      this.db
        .select({ name: issuerSetMembers.setName })
        .from(issuerSetMembers)
        .where(eq(issuerSetMembers.issuerId, issuerId)),
    );
    return rows.map((r) => r.name);
  }

  async addSetMember(
    m: { setName: string; issuerId: string; addedBy: string; addedAt: number },
    decide: (s: SetMemberState) => boolean,
  ): Promise<void> {
    await this.#tx(async (tx) => {
      // lock order: the candidate issuer (share: its keys cannot rotate meanwhile), then the set
      const issuerExists = await lockIssuer(tx, m.issuerId, 'share');
      const [set] = await tx.select().from(issuerSets).where(eq(issuerSets.name, m.setName)).for('update');
      const members = set ? await membersIn(tx, m.setName) : [];
      let keysWithCandidate = 0;
      for (const id of new Set([...members, m.issuerId]))
        keysWithCandidate += (await validKeysIn(tx, id, 'babyjub', m.addedAt)).length;
      if (decide({ set, issuerExists, members, keysWithCandidate })) await tx.insert(issuerSetMembers).values(m);
    });
  }

  async removeSetMember(setName: string, issuerId: string): Promise<boolean> {
    return this.#tx(async (tx) => {
      await tx.select({ name: issuerSets.name }).from(issuerSets).where(eq(issuerSets.name, setName)).for('update');
      const r = await tx
        .delete(issuerSetMembers)
        .where(and(eq(issuerSetMembers.setName, setName), eq(issuerSetMembers.issuerId, issuerId)))
        .returning({ id: issuerSetMembers.issuerId });
      return r.length === 1;
    });
  }

  async lastSetRoot(name: string) {
    return guarded(() => lastSetRootIn(this.db, name));
  }

  async statusRootLogIndex(issuerId: string, seq: number) {
    const [r] = await guarded(() =>
      this.db
        .select({ logIndex: statusRoots.logIndex })
        .from(statusRoots)
        .where(and(eq(statusRoots.issuerId, issuerId), eq(statusRoots.seq, seq))),
    );
    return r?.logIndex;
  }

  async logRoots(
    log: RegistryLog,
    setNames: string[],
    plan: (pending: StatusRootRow[], lastRoots: ReadonlyMap<string, IssuerSetRootRow>) => RootsToLog,
  ): Promise<AppendedEntry[]> {
    if (!(log instanceof PostgresTransparencyLog))
      throw new TypeError('a PostgreSQL credential store records its roots in the PostgreSQL transparency log');
    return this.#tx(async (tx) => {
      // one refresher at a time (any process); the reads below run after the lock is granted, so a
      // root the previous refresher logged is no longer pending (READ COMMITTED)
      await tx.execute(sql`SELECT pg_advisory_xact_lock(${REGISTRY_LOCK.toString()}::bigint)`);
      const pending = await tx
        .select()
        .from(statusRoots)
        .where(isNull(statusRoots.logIndex))
        .orderBy(asc(statusRoots.createdAt), asc(statusRoots.issuerId), asc(statusRoots.seq));
      const last = new Map<string, IssuerSetRootRow>();
      for (const name of setNames) {
        const row = await lastSetRootIn(tx, name);
        if (row) last.set(name, row);
      }
      const { entries, setRoots } = plan(pending, last);
      if (entries.length === 0) return [];
      // the entries and the rows that point at them commit together, or not at all
      const appended = await log.appendEntriesIn(tx, entries);
      for (const [i, r] of pending.entries()) {
        await tx
          .update(statusRoots)
          .set({ logIndex: appended[i]!.index })
          .where(and(eq(statusRoots.issuerId, r.issuerId), eq(statusRoots.seq, r.seq)));
      }
      if (setRoots.length > 0)
        await tx.insert(issuerSetRoots).values(
          setRoots.map((c, i) => ({
            setName: c.name,
            seq: c.seq,
            root: c.root,
            logIndex: appended[pending.length + i]!.index,
            createdAt: c.createdAt,
          })),
        );
      return appended;
    });
  }

  async publishedRootRows(issuerId: string) {
    return guarded(async () => {
      const status = await this.db.execute<{ idx: string; body: string }>(
        sql`SELECT idx, body FROM ${logEntries} WHERE kind = 'status-snapshot' AND (body::jsonb #>> '{payload,issuerId}') = ${issuerId} ORDER BY idx`,
      );
      const sets = await this.db.execute<{ idx: string; body: string; seq: string; root: string }>(
        sql`SELECT e.idx AS idx, e.body AS body, m ->> 'seq' AS seq, m ->> 'statusRoot' AS root
          FROM ${logEntries} e CROSS JOIN LATERAL jsonb_array_elements(e.body::jsonb #> '{payload,members}') m
          WHERE e.kind = 'issuer-set-root' AND m ->> 'issuerId' = ${issuerId} ORDER BY e.idx`,
      );
      return {
        status: status.rows.map((r) => ({ idx: Number(r.idx), body: r.body })),
        sets: sets.rows.map((r) => ({ idx: Number(r.idx), body: r.body, seq: Number(r.seq), root: String(r.root) })),
      };
    });
  }

  async latestEscrowCommitteeEntry() {
    const [r] = await guarded(() =>
      this.db
        .select()
        .from(logEntries)
        .where(eq(logEntries.kind, 'escrow-committee'))
        .orderBy(desc(logEntries.idx))
        .limit(1),
    );
    return r ? { idx: Number(r.idx), body: r.body } : undefined;
  }

  async stateStamp(): Promise<string> {
    // read from the database on every call, so a change by another process moves it at once; the
    // members' digest moves when one member is swapped for another (the count alone would not)
    const r = await guarded(() =>
      this.db.execute<{ i: string; s: string; n: string; m: string }>(
        sql`SELECT (SELECT count(*) FROM ${issuers}) AS i, (SELECT count(*) FROM ${statusRoots}) AS s,
          (SELECT count(*) FROM ${issuerSets}) AS n,
          (SELECT count(*) || ':' || md5(coalesce(string_agg(set_name || '/' || issuer_id, ',' ORDER BY set_name, issuer_id), ''))
             FROM ${issuerSetMembers}) AS m`,
      ),
    );
    const row = r.rows[0]!;
    return `${row.i}:${row.s}:${row.n}:${row.m}`;
  }
}

/** Locks the issuer's row (`FOR UPDATE` or `FOR SHARE`) until the transaction ends; false if there is none. */
async function lockIssuer(tx: PgTx, issuerId: string, mode: 'update' | 'share'): Promise<boolean> {
  const rows = await tx.select({ id: issuers.id }).from(issuers).where(eq(issuers.id, issuerId)).for(mode);
  return rows.length === 1;
}

function keyInsert(k: IssuerKeyRow) {
  const { kid, issuerId, kind, publicKey, sealedPrivateKey, notBefore, notAfter } = k;
  return { kid, issuerId, kind, publicKey, sealedPrivateKey, notBefore, notAfter };
}

async function validKeysIn(db: Q, issuerId: string, kind: KeyKind, at: number): Promise<IssuerKeyRow[]> {
  const rows = await db
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
    .orderBy(desc(issuerKeys.notBefore), desc(issuerKeys.rowSeq));
  return rows.map(({ rowSeq: _seq, ...k }) => k);
}

async function membersIn(db: Q, name: string): Promise<string[]> {
  const rows = await db
    .select({ id: issuerSetMembers.issuerId })
    .from(issuerSetMembers)
    .where(eq(issuerSetMembers.setName, name))
    .orderBy(asc(issuerSetMembers.addedAt), asc(issuerSetMembers.issuerId));
  return rows.map((r) => r.id);
}

/** Capacity and keys held now of every set the issuer is in, each set's row locked (by name: one order). */
async function roomOf(tx: PgTx, issuerId: string, now: number): Promise<SetRoom[]> {
  const sets = await tx
    .select()
    .from(issuerSets)
    .where(
      inArray(
        issuerSets.name,
        tx
          .select({ name: issuerSetMembers.setName })
          .from(issuerSetMembers)
          .where(eq(issuerSetMembers.issuerId, issuerId)),
      ),
    )
    .orderBy(asc(issuerSets.name))
    .for('update');
  const out: SetRoom[] = [];
  for (const set of sets) {
    let keys = 0;
    for (const id of await membersIn(tx, set.name)) keys += (await validKeysIn(tx, id, 'babyjub', now)).length;
    out.push({ name: set.name, capacity: set.capacity, keys });
  }
  return out;
}

async function revokedIn(db: Q, issuerId: string): Promise<number[]> {
  const rows = await db
    .select({ i: credentials.credentialIndex })
    .from(credentials)
    .where(and(eq(credentials.issuerId, issuerId), eq(credentials.status, 'revoked')));
  return rows.map((r) => r.i).sort((a, b) => a - b);
}

async function latestIn(db: Q, issuerId: string): Promise<PublishedSnapshotRow | undefined> {
  const [r] = await db
    .select()
    .from(statusRoots)
    .where(eq(statusRoots.issuerId, issuerId))
    .orderBy(desc(statusRoots.seq))
    .limit(1);
  return r ? snapshotRow(r) : undefined;
}

async function lastSetRootIn(db: Q, name: string): Promise<IssuerSetRootRow | undefined> {
  const [r] = await db
    .select()
    .from(issuerSetRoots)
    .where(eq(issuerSetRoots.setName, name))
    .orderBy(desc(issuerSetRoots.seq))
    .limit(1);
  return r;
}

function snapshotRow(r: StatusRootRow): PublishedSnapshotRow {
  return { seq: r.seq, root: r.root, jws: r.snapshot, createdAt: r.createdAt };
}

/** The constraint a PostgreSQL unique violation (23505) names, through drizzle's wrapping; undefined otherwise. */
function uniqueViolation(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const x = e as { code?: unknown; constraint?: unknown };
    if (x.code === '23505') return typeof x.constraint === 'string' ? x.constraint : '';
  }
  return undefined;
}
