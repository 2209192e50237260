/**
 * Named, owned issuer sets. A policy names the set its proofs are made against; the set's owner
 * (a tenant, or the operator for the catalogue's sets) alone decides which issuers are in it, so
 * no other tenant's issuer can ever satisfy a policy by being created.
 *
 * Capacity is counted in credential keys (each valid BabyJubJub key of a member is one leaf of the
 * circuit's depth-3 quad tree: at most 64). A change that would overflow a set — a new member, or
 * a member's key rotation with overlap — is refused (ISSUER_SET_FULL) before anything is stored,
 * so the set's current root, and every issuer's revocations under it, keep moving.
 */
import { and, asc, eq } from 'drizzle-orm';
import { CATALOGUE_OWNER, issuers, issuerSetMembers, issuerSets, type IssuerSetRow } from '../db/schema.js';
import { VouchError } from '../errors/index.js';
import { ISSUER_SET_CAPACITY } from '../zk/index.js';
import type { IssuerContext } from './context.js';
import { babyJubKeysValidAt } from './issuer-keys.js';

/** A set name: the policy schema's slug. */
export const ISSUER_SET_NAME = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface IssuerSetSummary {
  name: string;
  /** CATALOGUE_OWNER or the owning tenant. */
  owner: string;
  capacity: number;
  /** Member issuer ids, in the order they joined. */
  issuers: string[];
  /** Credential keys the members hold now (leaves used of `capacity`). */
  keys: number;
  createdAt: number;
}

export interface CreateIssuerSetOptions {
  name: string;
  owner: string;
  capacity?: number;
}

export function createIssuerSet(ctx: IssuerContext, o: CreateIssuerSetOptions): IssuerSetSummary {
  checkName(o.name);
  const capacity = o.capacity ?? ISSUER_SET_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > ISSUER_SET_CAPACITY) {
    throw new VouchError('INPUT_INVALID', `capacity must be 1-${ISSUER_SET_CAPACITY} (the circuit's issuer tree)`, {
      details: { path: 'capacity' },
    });
  }
  const r = ctx.db
    .insert(issuerSets)
    .values({ name: o.name, owner: o.owner, capacity, createdAt: ctx.clock() })
    .onConflictDoNothing()
    .run();
  if (r.changes !== 1) throw new VouchError('CONFLICT', `an issuer set named ${o.name} already exists`);
  return getIssuerSet(ctx, o.name);
}

/** Makes sure the catalogue's sets exist (the names its policies use), owned by the catalogue. */
export function ensureCatalogueSets(ctx: IssuerContext, names: Iterable<string>): void {
  const at = ctx.clock();
  for (const name of new Set(names)) {
    if (!ISSUER_SET_NAME.test(name)) continue;
    ctx.db
      .insert(issuerSets)
      .values({ name, owner: CATALOGUE_OWNER, capacity: ISSUER_SET_CAPACITY, createdAt: at })
      .onConflictDoNothing()
      .run();
  }
}

export function issuerSetRow(ctx: IssuerContext, name: string): IssuerSetRow {
  const row = ISSUER_SET_NAME.test(name)
    ? ctx.db.select().from(issuerSets).where(eq(issuerSets.name, name)).get()
    : undefined;
  if (!row) throw new VouchError('NOT_FOUND', 'no such issuer set');
  return row;
}

export function setMemberIds(ctx: IssuerContext, name: string): string[] {
  return ctx.db
    .select({ id: issuerSetMembers.issuerId })
    .from(issuerSetMembers)
    .where(eq(issuerSetMembers.setName, name))
    .orderBy(asc(issuerSetMembers.addedAt), asc(issuerSetMembers.issuerId))
    .all()
    .map((r) => r.id);
}

export function getIssuerSet(ctx: IssuerContext, name: string): IssuerSetSummary {
  const row = issuerSetRow(ctx, name);
  const ids = setMemberIds(ctx, name);
  return {
    name: row.name,
    owner: row.owner,
    capacity: row.capacity,
    issuers: ids,
    keys: keyCount(ctx, ids),
    createdAt: row.createdAt,
  };
}

export function listIssuerSets(ctx: IssuerContext): IssuerSetSummary[] {
  return ctx.db
    .select({ name: issuerSets.name })
    .from(issuerSets)
    .orderBy(asc(issuerSets.name))
    .all()
    .map((r) => getIssuerSet(ctx, r.name));
}

export interface SetMemberOptions {
  set: string;
  issuerId: string;
  /** Who acts: the set's owner (a tenant, or CATALOGUE_OWNER for an operator). */
  owner: string;
  actor: string;
}

/**
 * The set owner adds an issuer (of any tenant: trusting it is the owner's decision). Refused with
 * ISSUER_SET_FULL, storing nothing, when its keys do not fit; idempotent for a member.
 */
export function addIssuerToSet(ctx: IssuerContext, o: SetMemberOptions): IssuerSetSummary {
  ctx.db.transaction((tx) => {
    const t = { ...ctx, db: tx as unknown as IssuerContext['db'] };
    const set = ownedSet(t, o.set, o.owner);
    if (!tx.select().from(issuers).where(eq(issuers.id, o.issuerId)).get())
      throw new VouchError('NOT_FOUND', 'no such issuer');
    const ids = setMemberIds(t, o.set);
    if (ids.includes(o.issuerId)) return;
    const needed = keyCount(t, [...ids, o.issuerId]);
    if (needed > set.capacity) {
      throw new VouchError(
        'ISSUER_SET_FULL',
        `issuer set ${o.set} holds at most ${set.capacity} credential keys; this issuer would make ${needed}`,
        {
          details: { set: o.set, capacity: set.capacity, keys: needed },
        },
      );
    }
    tx.insert(issuerSetMembers)
      .values({ setName: o.set, issuerId: o.issuerId, addedBy: o.actor, addedAt: ctx.clock() })
      .run();
  });
  return getIssuerSet(ctx, o.set);
}

export function removeIssuerFromSet(ctx: IssuerContext, o: SetMemberOptions): IssuerSetSummary {
  ownedSet(ctx, o.set, o.owner);
  const r = ctx.db
    .delete(issuerSetMembers)
    .where(and(eq(issuerSetMembers.setName, o.set), eq(issuerSetMembers.issuerId, o.issuerId)))
    .run();
  if (r.changes !== 1) throw new VouchError('NOT_FOUND', 'the issuer is not in this set');
  return getIssuerSet(ctx, o.set);
}

/**
 * Before an issuer gains a credential key (rotation with overlap keeps the old one valid): every
 * set it is in must have room for one more leaf.
 */
export function assertRoomForNewKey(ctx: IssuerContext, issuerId: string, extraKeys: number): void {
  if (extraKeys <= 0) return;
  const sets = ctx.db
    .select({ name: issuerSetMembers.setName })
    .from(issuerSetMembers)
    .where(eq(issuerSetMembers.issuerId, issuerId))
    .all();
  for (const { name } of sets) {
    const s = getIssuerSet(ctx, name);
    if (s.keys + extraKeys > s.capacity) {
      throw new VouchError(
        'ISSUER_SET_FULL',
        `issuer set ${name} has no room for another credential key of this issuer (rotate without overlap, or make room)`,
        {
          details: { set: name, capacity: s.capacity, keys: s.keys + extraKeys },
        },
      );
    }
  }
}

function ownedSet(ctx: IssuerContext, name: string, owner: string): IssuerSetRow {
  const set = issuerSetRow(ctx, name);
  if (set.owner !== owner)
    throw new VouchError('ISSUER_SET_FORBIDDEN', `only the owner of issuer set ${name} changes its members`);
  return set;
}

function keyCount(ctx: IssuerContext, issuerIds: readonly string[]): number {
  const now = ctx.clock();
  return issuerIds.reduce((n, id) => n + babyJubKeysValidAt(ctx, id, now).length, 0);
}

function checkName(name: string): void {
  if (typeof name !== 'string' || name.length > 64 || !ISSUER_SET_NAME.test(name)) {
    throw new VouchError(
      'INPUT_INVALID',
      'an issuer set name is 1-64 lowercase letters and digits, single hyphens between',
      { details: { path: 'name' } },
    );
  }
}
