/**
 * Issuer-side tables. The issuer stores no raw personal data: per credential only its id, index,
 * status, the attribute commitment (the signed Poseidon message), evidence kind and digest, and a
 * hash of the evidence's uniqueness key (Aadhaar nullifier, vendor jti) for Sybil/replay checks.
 */
import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

export const issuers = sqliteTable(
  'issuers',
  {
    id: text('id').primaryKey(),
    tenant: text('tenant').notNull(),
    name: text('name').notNull(),
    /** Anon Aadhaar nullifierSeed this issuer accepts (its app id). */
    appId: text('app_id').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('issuers_tenant').on(t.tenant)],
);

export const issuerKeys = sqliteTable(
  'issuer_keys',
  {
    kid: text('kid').primaryKey(),
    issuerId: text('issuer_id')
      .notNull()
      .references(() => issuers.id),
    /** 'babyjub' signs credentials (in-circuit); 'ed25519' signs snapshots and receipts (JWS). */
    kind: text('kind', { enum: ['babyjub', 'ed25519'] }).notNull(),
    publicKey: text('public_key').notNull(),
    sealedPrivateKey: text('sealed_private_key').notNull(),
    notBefore: integer('not_before').notNull(),
    notAfter: integer('not_after'),
  },
  (t) => [index('issuer_keys_issuer').on(t.issuerId, t.kind)],
);

export const credentials = sqliteTable(
  'credentials',
  {
    id: text('id').primaryKey(),
    issuerId: text('issuer_id')
      .notNull()
      .references(() => issuers.id),
    credentialIndex: integer('credential_index').notNull(),
    kid: text('kid').notNull(),
    status: text('status', { enum: ['active', 'revoked'] }).notNull(),
    attributeCommitment: text('attribute_commitment').notNull(),
    evidenceKind: text('evidence_kind').notNull(),
    evidenceDigest: text('evidence_digest').notNull(),
    uniquenessHash: text('uniqueness_hash'),
    issuedAt: integer('issued_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    revokedAt: integer('revoked_at'),
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
export const evidenceSeen = sqliteTable(
  'evidence_seen',
  {
    issuerId: text('issuer_id').notNull(),
    replayHash: text('replay_hash').notNull(),
    seenAt: integer('seen_at').notNull(),
  },
  (t) => [uniqueIndex('evidence_seen_key').on(t.issuerId, t.replayHash)],
);

/** Status root history: one row per change, each with its signed snapshot. */
export const statusRoots = sqliteTable(
  'status_roots',
  {
    issuerId: text('issuer_id').notNull(),
    seq: integer('seq').notNull(),
    root: text('root').notNull(),
    snapshot: text('snapshot').notNull(),
    createdAt: integer('created_at').notNull(),
    /** Index of its status-snapshot entry in the transparency log (null until the registry logs it). */
    logIndex: integer('log_index'),
  },
  (t) => [uniqueIndex('status_roots_seq').on(t.issuerId, t.seq)],
);

/** Operator actions that need an audit trail (manual approvals, revocations): who, what, when. */
export const auditEvents = sqliteTable('audit_events', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  tenant: text('tenant').notNull(),
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  target: text('target').notNull(),
  at: integer('at').notNull(),
  details: text('details').notNull(),
});

export type IssuerRow = typeof issuers.$inferSelect;
export type IssuerKeyRow = typeof issuerKeys.$inferSelect;
export type CredentialRow = typeof credentials.$inferSelect;
export type StatusRootRow = typeof statusRoots.$inferSelect;

/**
 * Named issuer sets: a policy names the set whose root its proofs are made against. The owner (a
 * tenant, or CATALOGUE_OWNER for the sets the shared catalogue's policies name) alone decides
 * which issuers are members. Names are global: a policy refers to a set by name alone.
 */
export const issuerSets = sqliteTable(
  'issuer_sets',
  {
    name: text('name').primaryKey(),
    owner: text('owner').notNull(),
    /** Most credential keys (leaves) the set holds: at most the circuit's 64. */
    capacity: integer('capacity').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('issuer_sets_owner').on(t.owner)],
);

export const issuerSetMembers = sqliteTable(
  'issuer_set_members',
  {
    setName: text('set_name')
      .notNull()
      .references(() => issuerSets.name),
    issuerId: text('issuer_id')
      .notNull()
      .references(() => issuers.id),
    /** API key id (or CLI operator) that added it. */
    addedBy: text('added_by').notNull(),
    addedAt: integer('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.setName, t.issuerId] }), index('issuer_set_members_issuer').on(t.issuerId)],
);

export type IssuerSetRow = typeof issuerSets.$inferSelect;
export type IssuerSetMemberRow = typeof issuerSetMembers.$inferSelect;

/** Every root each issuer set has had, in order, with its issuer-set-root entry in the log. */
export const issuerSetRoots = sqliteTable(
  'issuer_set_roots',
  {
    setName: text('set_name').notNull(),
    seq: integer('seq').notNull(),
    root: text('root').notNull(),
    logIndex: integer('log_index').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.setName, t.seq] })],
);
export type IssuerSetRootRow = typeof issuerSetRoots.$inferSelect;
