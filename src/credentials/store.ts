/**
 * The issuer side's storage, behind one async face (issue 14): issuers and their sealed keys,
 * credentials, status roots, issuer sets and their members, and the registry's log bookkeeping.
 * Two implementations: SQLite (sqlite-store.ts, the embedded default) and PostgreSQL
 * (pg-store.ts, shared by several processes).
 *
 * The rule both keep: every method that changes state is ONE atomic transaction. Business logic
 * (signing, Merkle roots, capacity and ownership decisions) lives outside the stores and reaches
 * a transaction only as a callback over what the transaction read — a synchronous, dialect-free
 * function (`build`, `decide`, `plan`), or `sign`, which the SQLite store calls before its
 * transaction (never awaiting inside one) and the PostgreSQL store inside it, under the row lock.
 */
import { VouchError } from '../errors/index.js';
import type { PickupRow } from './pickup-store.js';
import type { AppendedEntry, LogEntryInput, TransparencyLog } from '../log/index.js';
import type { PostgresTransparencyLog } from '../log/pg-transparency-log.js';
import type {
  CredentialRow,
  IssuerKeyRow,
  IssuerRow,
  IssuerSetRootRow,
  IssuerSetRow,
  StatusRootRow,
} from '../db/schema.js';

export type KeyKind = 'babyjub' | 'ed25519';

/** An audit event row to insert (the id is the store's). */
export interface AuditEventInsert {
  tenant: string;
  actor: string;
  action: string;
  target: string;
  at: number;
  details: string;
}

export interface AuditEventRow extends AuditEventInsert {
  id: number;
}

/** What `issueCredential`'s build step makes from the allocated index: the rows to insert. */
export interface IssuedRows<T> {
  credential: CredentialRow;
  audit: AuditEventInsert;
  /** A vendor token's replay hash: recorded for ever (evidence_seen). */
  seen?: { replayHash: string; seenAt: number };
  /** A one-time pickup of the credential (credential_pickups), committed with it or not at all. */
  pickup?: Omit<PickupRow, 'spentAt'>;
  /** What the store returns to the caller. */
  result: T;
}

export interface SignedSnapshot {
  jws: string;
  root: string;
  at: number;
}

export interface PublishedSnapshotRow {
  seq: number;
  root: string;
  jws: string;
  createdAt: number;
}

export interface StatusChange {
  issuerId: string;
  /** Signs the next snapshot: the new sequence number and the revoked indexes it commits to. */
  sign(next: { seq: number; revoked: number[] }): Promise<SignedSnapshot>;
  /** A revocation committed with the snapshot (the credential must be active). */
  revoke?: { credentialId: string; reason: string; audit(seq: number, at: number): AuditEventInsert };
}

export interface SetMemberState {
  set: IssuerSetRow | undefined;
  issuerExists: boolean;
  /** Current members, in the order they joined. */
  members: string[];
  /** Credential keys the members and the candidate hold at the given time. */
  keysWithCandidate: number;
}

export interface SetRoom {
  name: string;
  capacity: number;
  /** Credential keys its members hold now. */
  keys: number;
}

export interface KeyRotation {
  issuerId: string;
  kind: KeyKind;
  now: number;
  /** notAfter of every key of `kind` valid now. */
  retireAt: number;
  key: IssuerKeyRow;
  /** Called with the room of every set the issuer is in, under the transaction's locks; throws to refuse. */
  checkRoom?(sets: SetRoom[]): void;
}

/** The log a registry records its roots in: the store's own dialect (SQLite's or PostgreSQL's). */
export type RegistryLog = TransparencyLog | PostgresTransparencyLog;

export interface RootsToLog {
  entries: LogEntryInput[];
  /** One per issuer-set-root entry, in order, after the status-snapshot entries. */
  setRoots: { name: string; seq: number; root: string; createdAt: number }[];
}

export interface PublishedRootRows {
  status: { idx: number; body: string }[];
  sets: { idx: number; body: string; seq: number; root: string }[];
}

export interface CredentialStore {
  readonly dialect: 'sqlite' | 'postgres';

  // issuers and keys
  createIssuer(row: IssuerRow, keys: IssuerKeyRow[]): Promise<void>;
  issuer(id: string): Promise<IssuerRow | undefined>;
  /** In creation order. */
  issuers(tenant?: string): Promise<IssuerRow[]>;
  countIssuers(tenant: string): Promise<number>;
  /** Keys valid at `at` (notBefore <= at < notAfter), newest first. */
  validKeys(issuerId: string, kind: KeyKind, at: number): Promise<IssuerKeyRow[]>;
  /** Retire-and-replace in one transaction (never a moment with no current key), the sets' room checked in it. */
  rotateKey(r: KeyRotation): Promise<void>;

  // credentials
  credential(id: string): Promise<CredentialRow | undefined>;
  /** The replay hash was accepted before, or backs an active credential of the issuer. */
  evidenceUsed(issuerId: string, hash: string): Promise<boolean>;
  /**
   * Allocates the issuer's next credential index and inserts what `build` makes of it, all rows
   * in one transaction (SQLite: allocation included, no gaps; PostgreSQL: the index comes from a
   * counter just before, so a failed issuance leaves its index unused — see pg-store.ts).
   * EVIDENCE_REPLAYED when a uniqueness constraint refuses the evidence.
   */
  issueCredential<T>(issuerId: string, build: (credentialIndex: number) => IssuedRows<T>): Promise<T>;
  revokedIndexes(issuerId: string): Promise<number[]>;
  latestSnapshot(issuerId: string): Promise<PublishedSnapshotRow | undefined>;
  snapshotHistory(issuerId: string, limit: number): Promise<PublishedSnapshotRow[]>;
  /** The latest snapshot and the revoked indexes read in one snapshot of the database. */
  statusState(issuerId: string): Promise<{ latest: PublishedSnapshotRow | undefined; revoked: number[] }>;
  /**
   * Publishes the issuer's next status snapshot — with a revocation, when given, in the same
   * transaction (never a revoked credential without a published root that counts it).
   * CREDENTIAL_ALREADY_REVOKED, NOT_FOUND for a missing credential.
   */
  commitStatus(c: StatusChange): Promise<PublishedSnapshotRow>;
  auditEvents(tenant: string, o: { limit: number; before?: number }): Promise<AuditEventRow[]>;

  // issuer sets
  /** False when the name is taken. */
  createSet(row: IssuerSetRow): Promise<boolean>;
  /** Inserts the sets that do not exist yet. */
  ensureSets(rows: IssuerSetRow[]): Promise<void>;
  set(name: string): Promise<IssuerSetRow | undefined>;
  /** By name. */
  sets(): Promise<IssuerSetRow[]>;
  /** In the order they joined. */
  setMembers(name: string): Promise<string[]>;
  /** Names of the sets the issuer is in. */
  setsOf(issuerId: string): Promise<string[]>;
  /**
   * Adds a member when `decide` (given the state read under the set's lock) returns true; it throws
   * to refuse. All in one transaction: two additions racing for the last leaf cannot both land.
   */
  addSetMember(
    m: { setName: string; issuerId: string; addedBy: string; addedAt: number },
    decide: (s: SetMemberState) => boolean,
  ): Promise<void>;
  /** False when it was not a member. */
  removeSetMember(setName: string, issuerId: string): Promise<boolean>;

  // registry transparency
  lastSetRoot(name: string): Promise<IssuerSetRootRow | undefined>;
  statusRootLogIndex(issuerId: string, seq: number): Promise<number | null | undefined>;
  /**
   * In one transaction: reads the status roots not yet logged (oldest first) and each named set's
   * last logged root, asks `plan` what to append, appends it to `log` and records the log indexes.
   */
  logRoots(
    log: RegistryLog,
    setNames: string[],
    plan: (pending: StatusRootRow[], lastRoots: ReadonlyMap<string, IssuerSetRootRow>) => RootsToLog,
  ): Promise<AppendedEntry[]>;
  /** Every status-snapshot and issuer-set-root log entry naming the issuer, by log index. */
  publishedRootRows(issuerId: string): Promise<PublishedRootRows>;
  /** The newest escrow-committee log entry. */
  latestEscrowCommitteeEntry(): Promise<{ idx: number; body: string } | undefined>;
  /**
   * Changes whenever an issuer, a status root, a set or a set's membership changes, whatever
   * process made the change: the registries refresh when it moves.
   */
  stateStamp(): Promise<string>;
}

/** The coded errors both stores raise for the races their constraints and locks decide. */
export const evidenceReplayed = (): VouchError =>
  new VouchError('EVIDENCE_REPLAYED', 'this evidence already backs a credential from this issuer');

export const alreadyRevoked = (): VouchError =>
  new VouchError('CREDENTIAL_ALREADY_REVOKED', 'the credential is already revoked');
