/**
 * The issuer side on PostgreSQL (issue 14): the same tables and columns as the SQLite schema
 * (db/schema/credentials.ts) — issuers and their sealed keys, credentials, replayed evidence,
 * status roots, issuer sets, their members and logged roots, and the audit trail the credential
 * operations write in their own transactions. The unique indexes are the race guards:
 * (issuer, credential index) and (issuer, seq) can be taken once, whatever process writes.
 *
 * No foreign keys, unlike SQLite: drizzle-kit writes a PostgreSQL foreign key's target as
 * "public".table, which would tie every deployment (and every test's fresh schema) to `public`.
 * What they guarded is checked where rows are written, under the row locks of credentials/pg-store.ts
 * (a credential, key or member is only ever written for an issuer or set the transaction locked).
 */
import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';

export const issuers = pgTable(
  'issuers',
  {
    id: text('id').primaryKey(),
    tenant: text('tenant').notNull(),
    name: text('name').notNull(),
    /** Anon Aadhaar nullifierSeed this issuer accepts (its app id). */
    appId: text('app_id').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('issuers_tenant').on(t.tenant)],
);

export const issuerKeys = pgTable(
  'issuer_keys',
  {
    kid: text('kid').primaryKey(),
    issuerId: text('issuer_id').notNull(),
    /** 'babyjub' signs credentials (in-circuit); 'ed25519' signs snapshots and receipts (JWS). */
    kind: text('kind', { enum: ['babyjub', 'ed25519'] }).notNull(),
    publicKey: text('public_key').notNull(),
    sealedPrivateKey: text('sealed_private_key').notNull(),
    notBefore: bigint('not_before', { mode: 'number' }).notNull(),
    notAfter: bigint('not_after', { mode: 'number' }),
    /**
     * Insertion order, where SQLite has its rowid: of two keys made in the same second (create, then
     * rotate), the later one is current.
     */
    rowSeq: bigint('row_seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  },
  (t) => [index('issuer_keys_issuer').on(t.issuerId, t.kind)],
);

/**
 * PostgreSQL only: the next credential index of each issuer, allocated by one upsert that holds
 * the counter row's lock for that statement alone (pg-store.ts issueCredential), so issuances of
 * one issuer sign in parallel instead of queuing behind a lock held across the signature. An
 * index allocated by an issuance that then fails (its process killed, its evidence replayed in a
 * race) stays unused: indexes are unique and increasing, not gapless (SQLite, one writer,
 * allocates inside its write transaction and has no gaps).
 */
export const credentialIndexCounters = pgTable('credential_index_counters', {
  issuerId: text('issuer_id').primaryKey(),
  next: bigint('next', { mode: 'number' }).notNull(),
});

export const credentials = pgTable(
  'credentials',
  {
    id: text('id').primaryKey(),
    issuerId: text('issuer_id').notNull(),
    credentialIndex: integer('credential_index').notNull(),
    kid: text('kid').notNull(),
    status: text('status', { enum: ['active', 'revoked'] }).notNull(),
    attributeCommitment: text('attribute_commitment').notNull(),
    evidenceKind: text('evidence_kind').notNull(),
    evidenceDigest: text('evidence_digest').notNull(),
    uniquenessHash: text('uniqueness_hash'),
    issuedAt: bigint('issued_at', { mode: 'number' }).notNull(),
    expiresAt: bigint('expires_at', { mode: 'number' }).notNull(),
    revokedAt: bigint('revoked_at', { mode: 'number' }),
    revocationReason: text('revocation_reason'),
  },
  (t) => [
    uniqueIndex('credentials_issuer_index').on(t.issuerId, t.credentialIndex),
    // Sybil resistance: one ACTIVE credential per evidence uniqueness key per issuer.
    uniqueIndex('credentials_active_uniqueness')
      .on(t.issuerId, t.uniquenessHash)
      .where(sql`status = 'active' AND uniqueness_hash IS NOT NULL`),
  ],
);

/** Evidence tokens seen (vendor jti): never accepted twice, even after revocation. */
export const evidenceSeen = pgTable(
  'evidence_seen',
  {
    issuerId: text('issuer_id').notNull(),
    replayHash: text('replay_hash').notNull(),
    seenAt: bigint('seen_at', { mode: 'number' }).notNull(),
  },
  (t) => [uniqueIndex('evidence_seen_key').on(t.issuerId, t.replayHash)],
);

/** Status root history: one row per change, each with its signed snapshot. */
export const statusRoots = pgTable(
  'status_roots',
  {
    issuerId: text('issuer_id').notNull(),
    seq: integer('seq').notNull(),
    root: text('root').notNull(),
    snapshot: text('snapshot').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
    /** Index of its status-snapshot entry in the transparency log (null until the registry logs it). */
    logIndex: bigint('log_index', { mode: 'number' }),
  },
  (t) => [
    uniqueIndex('status_roots_seq').on(t.issuerId, t.seq),
    // the registry's refresh looks for the roots not yet logged
    index('status_roots_unlogged')
      .on(t.createdAt)
      .where(sql`log_index IS NULL`),
  ],
);

/** Operator actions that need an audit trail (manual approvals, revocations): who, what, when. */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    tenant: text('tenant').notNull(),
    actor: text('actor').notNull(),
    action: text('action').notNull(),
    target: text('target').notNull(),
    at: bigint('at', { mode: 'number' }).notNull(),
    details: text('details').notNull(),
  },
  (t) => [index('audit_events_tenant_id').on(t.tenant, t.id)],
);

export const issuerSets = pgTable(
  'issuer_sets',
  {
    name: text('name').primaryKey(),
    owner: text('owner').notNull(),
    /** Most credential keys (leaves) the set holds: at most the circuit's 64. */
    capacity: integer('capacity').notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('issuer_sets_owner').on(t.owner)],
);

export const issuerSetMembers = pgTable(
  'issuer_set_members',
  {
    setName: text('set_name').notNull(),
    issuerId: text('issuer_id').notNull(),
    /** API key id (or CLI operator) that added it. */
    addedBy: text('added_by').notNull(),
    addedAt: bigint('added_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.setName, t.issuerId] }), index('issuer_set_members_issuer').on(t.issuerId)],
);

/** Every root each issuer set has had, in order, with its issuer-set-root entry in the log. */
export const issuerSetRoots = pgTable(
  'issuer_set_roots',
  {
    setName: text('set_name').notNull(),
    seq: integer('seq').notNull(),
    root: text('root').notNull(),
    logIndex: bigint('log_index', { mode: 'number' }).notNull(),
    createdAt: bigint('created_at', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.setName, t.seq] })],
);
