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
import { CATALOGUE_OWNER, type IssuerSetRow } from '../db/schema.js';
import { VouchError } from '../errors/index.js';
import { ISSUER_SET_CAPACITY } from '../zk/index.js';
import type { IssuerContext } from './context.js';
import { babyJubKeysValidAt } from './issuer-keys.js';
import type { SetRoom } from './store.js';

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

export async function createIssuerSet(ctx: IssuerContext, o: CreateIssuerSetOptions): Promise<IssuerSetSummary> {
  checkName(o.name);
  const capacity = o.capacity ?? ISSUER_SET_CAPACITY;
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > ISSUER_SET_CAPACITY) {
    throw new VouchError('INPUT_INVALID', `capacity must be 1-${ISSUER_SET_CAPACITY} (the circuit's issuer tree)`, {
      details: { path: 'capacity' },
    });
  }
  if (!(await ctx.store.createSet({ name: o.name, owner: o.owner, capacity, createdAt: ctx.clock() })))
    throw new VouchError('CONFLICT', `an issuer set named ${o.name} already exists`);
  return getIssuerSet(ctx, o.name);
}

/** Makes sure the catalogue's sets exist (the names its policies use), owned by the catalogue. */
export async function ensureCatalogueSets(ctx: IssuerContext, names: Iterable<string>): Promise<void> {
  const at = ctx.clock();
  await ctx.store.ensureSets(
    [...new Set(names)]
      .filter((name) => ISSUER_SET_NAME.test(name))
      .map((name) => ({ name, owner: CATALOGUE_OWNER, capacity: ISSUER_SET_CAPACITY, createdAt: at })),
  );
}

export async function issuerSetRow(ctx: Pick<IssuerContext, 'store'>, name: string): Promise<IssuerSetRow> {
  const row = ISSUER_SET_NAME.test(name) ? await ctx.store.set(name) : undefined;
  if (!row) throw new VouchError('NOT_FOUND', 'no such issuer set');
  return row;
}

export function setMemberIds(ctx: Pick<IssuerContext, 'store'>, name: string): Promise<string[]> {
  return ctx.store.setMembers(name);
}

export async function getIssuerSet(ctx: IssuerContext, name: string): Promise<IssuerSetSummary> {
  const row = await issuerSetRow(ctx, name);
  return summary(ctx, row);
}

export async function listIssuerSets(ctx: IssuerContext): Promise<IssuerSetSummary[]> {
  const out: IssuerSetSummary[] = [];
  for (const row of await ctx.store.sets()) out.push(await summary(ctx, row));
  return out;
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
 * ISSUER_SET_FULL, storing nothing, when its keys do not fit; idempotent for a member. The
 * decision is taken on the state the store's transaction read (under the set's lock on
 * PostgreSQL), so two additions racing for the last leaf cannot both land.
 */
export async function addIssuerToSet(ctx: IssuerContext, o: SetMemberOptions): Promise<IssuerSetSummary> {
  const name = o.set;
  if (!ISSUER_SET_NAME.test(name)) throw new VouchError('NOT_FOUND', 'no such issuer set');
  await ctx.store.addSetMember(
    { setName: name, issuerId: o.issuerId, addedBy: o.actor, addedAt: ctx.clock() },
    ({ set, issuerExists, members, keysWithCandidate }) => {
      if (!set) throw new VouchError('NOT_FOUND', 'no such issuer set');
      assertOwner(set, o.owner);
      if (!issuerExists) throw new VouchError('NOT_FOUND', 'no such issuer');
      if (members.includes(o.issuerId)) return false;
      if (keysWithCandidate > set.capacity) {
        throw new VouchError(
          'ISSUER_SET_FULL',
          `issuer set ${name} holds at most ${set.capacity} credential keys; this issuer would make ${keysWithCandidate}`,
          { details: { set: name, capacity: set.capacity, keys: keysWithCandidate } },
        );
      }
      return true;
    },
  );
  return getIssuerSet(ctx, name);
}

export async function removeIssuerFromSet(ctx: IssuerContext, o: SetMemberOptions): Promise<IssuerSetSummary> {
  assertOwner(await issuerSetRow(ctx, o.set), o.owner);
  if (!(await ctx.store.removeSetMember(o.set, o.issuerId)))
    throw new VouchError('NOT_FOUND', 'the issuer is not in this set');
  return getIssuerSet(ctx, o.set);
}

/**
 * Before an issuer gains a credential key (rotation with overlap keeps the old one valid): every
 * set it is in must have room for `extraKeys` more leaves. Given the sets' room as the rotating
 * transaction read it.
 */
export function assertRoomForNewKey(sets: readonly SetRoom[], extraKeys: number): void {
  if (extraKeys <= 0) return;
  for (const s of sets) {
    if (s.keys + extraKeys > s.capacity) {
      throw new VouchError(
        'ISSUER_SET_FULL',
        `issuer set ${s.name} has no room for another credential key of this issuer (rotate without overlap, or make room)`,
        { details: { set: s.name, capacity: s.capacity, keys: s.keys + extraKeys } },
      );
    }
  }
}

function assertOwner(set: IssuerSetRow, owner: string): void {
  if (set.owner !== owner)
    throw new VouchError('ISSUER_SET_FORBIDDEN', `only the owner of issuer set ${set.name} changes its members`);
}

async function summary(ctx: IssuerContext, row: IssuerSetRow): Promise<IssuerSetSummary> {
  const ids = await ctx.store.setMembers(row.name);
  return {
    name: row.name,
    owner: row.owner,
    capacity: row.capacity,
    issuers: ids,
    keys: await keyCount(ctx, ids),
    createdAt: row.createdAt,
  };
}

async function keyCount(ctx: IssuerContext, issuerIds: readonly string[]): Promise<number> {
  const now = ctx.clock();
  let n = 0;
  for (const id of issuerIds) n += (await babyJubKeysValidAt(ctx, id, now)).length;
  return n;
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
