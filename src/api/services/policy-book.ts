/**
 * Who owns which policy, and what each venue enforces.
 *
 * - The shared catalogue: the shipped policies/ directory plus the versions an operator adds.
 *   Only the operator role adds to it.
 * - A tenant's own policies: added by that tenant's admin, visible to that tenant only (another
 *   tenant's policy answers POLICY_UNKNOWN, exactly like a missing one).
 * - A venue (a venue key's tenant) enforces exactly the refs it adopted: adding a document, by
 *   anyone, changes no venue's enforcement. Until its first adoption a venue enforces the shipped
 *   catalogue; its first adoption (or retirement) starts from that list.
 *
 * Never: let one tenant's document reach another tenant's venue; rebuild a venue's hook (that
 * would drop its open sessions) — `onAdopted` updates the hook's policy table in place.
 */
import { and, asc, eq, sql } from 'drizzle-orm';
import type { VouchDb } from '../../db/client.js';
import { CATALOGUE_OWNER, issuerSets, policyDocuments, venuePolicies } from '../../db/schema.js';
import { VouchError } from '../../errors/index.js';
import { compilePolicy, type CompiledPolicy } from '../../policy/index.js';
import { ISSUER_SET_CAPACITY } from '../../zk/index.js';

/**
 * A policy names its issuer set: the owner's own, or the catalogue's — never another tenant's
 * (that tenant could then decide who satisfies this policy). A name no set has yet becomes a set
 * of the policy's owner. The catalogue's sets exist before any tenant can add a policy.
 */
function claimIssuerSet(db: VouchDb, name: string, owner: string, nowMs: number): void {
  db.insert(issuerSets)
    .values({ name, owner, capacity: ISSUER_SET_CAPACITY, createdAt: Math.floor(nowMs / 1000) })
    .onConflictDoNothing()
    .run();
  const set = db.select().from(issuerSets).where(eq(issuerSets.name, name)).get();
  if (set && set.owner !== owner && set.owner !== CATALOGUE_OWNER) {
    throw new VouchError(
      'ISSUER_SET_FORBIDDEN',
      `issuer set ${name} belongs to another tenant; a policy names its owner's set or the catalogue's`,
    );
  }
  if (set && owner === CATALOGUE_OWNER && set.owner !== CATALOGUE_OWNER) {
    throw new VouchError(
      'ISSUER_SET_FORBIDDEN',
      `issuer set ${name} belongs to a tenant; a catalogue policy names a catalogue set`,
    );
  }
}

/** The marker row of a venue that has made its choice explicit (never a valid id@version). */
const EXPLICIT = '';

export interface OwnedPolicy {
  policy: CompiledPolicy;
  /** CATALOGUE_OWNER or the tenant that added it. */
  owner: string;
  /** True for the files shipped in the policies directory. */
  shipped: boolean;
}

export interface PolicyBookOptions {
  db: VouchDb;
  /** The shipped catalogue (policies/ directory), loaded once. */
  shipped: () => Promise<readonly CompiledPolicy[]>;
  /** Unix milliseconds. */
  now: () => number;
}

export interface PolicyBook {
  /** The catalogue and `tenant`'s own policies (catalogue first), as `tenant` may see them. */
  visible(tenant: string | undefined): Promise<OwnedPolicy[]>;
  /** One visible policy, or POLICY_UNKNOWN. */
  find(tenant: string | undefined, ref: string): Promise<OwnedPolicy>;
  /** Stores a new document for `owner` (a tenant, or CATALOGUE_OWNER); versions are immutable. */
  add(owner: string, policy: CompiledPolicy, actor: string): Promise<OwnedPolicy>;
  /** What `venue` enforces now. */
  enforced(venue: string): Promise<CompiledPolicy[]>;
  /** Adopts a policy visible to `venue` (idempotent). */
  adopt(venue: string, ref: string, actor: string): Promise<CompiledPolicy[]>;
  /** Stops enforcing a ref at `venue` (POLICY_UNKNOWN if it was not enforced). */
  retire(venue: string, ref: string, actor: string): Promise<CompiledPolicy[]>;
  /** Changes whenever any venue's adoptions change (cheap; one query). */
  stamp(venue: string): string;
}

export function createPolicyBook(o: PolicyBookOptions): PolicyBook {
  const compiled = new Map<string, CompiledPolicy>();
  const compileRow = (owner: string, ref: string, document: string): CompiledPolicy => {
    const key = `${owner}\u0000${ref}`;
    let p = compiled.get(key);
    if (!p) compiled.set(key, (p = compilePolicy(JSON.parse(document))));
    return p;
  };
  const stored = (owner: string): OwnedPolicy[] =>
    o.db
      .select()
      .from(policyDocuments)
      .where(eq(policyDocuments.owner, owner))
      .orderBy(asc(policyDocuments.createdAt), asc(policyDocuments.ref))
      .all()
      .map((r) => ({ policy: compileRow(r.owner, r.ref, r.document), owner: r.owner, shipped: false }));

  const visible = async (tenant: string | undefined): Promise<OwnedPolicy[]> => [
    ...(await o.shipped()).map((policy) => ({ policy, owner: CATALOGUE_OWNER, shipped: true })),
    ...stored(CATALOGUE_OWNER),
    ...(tenant === undefined ? [] : stored(tenant)),
  ];

  const find = async (tenant: string | undefined, ref: string): Promise<OwnedPolicy> => {
    const all = await visible(tenant);
    // a tenant's own version wins over a catalogue one with the same ref (it cannot add one, but
    // the operator may add a catalogue ref later): what the tenant adopted stays what it meant
    const hit = all
      .filter((p) => p.policy.ref === ref)
      .sort((a, b) => Number(a.owner === CATALOGUE_OWNER) - Number(b.owner === CATALOGUE_OWNER))[0];
    if (!hit) throw new VouchError('POLICY_UNKNOWN', `no policy ${ref}`);
    return hit;
  };

  // in adoption order (rowid: the clock may not move between two adoptions)
  const adoptedRows = (venue: string) =>
    o.db
      .select()
      .from(venuePolicies)
      .where(eq(venuePolicies.venue, venue))
      .orderBy(sql`rowid`)
      .all();

  const enforced = async (venue: string): Promise<CompiledPolicy[]> => {
    const rows = adoptedRows(venue);
    if (rows.length === 0) return [...(await o.shipped())];
    const out: CompiledPolicy[] = [];
    for (const r of rows) {
      if (r.ref === EXPLICIT) continue;
      if (r.owner === CATALOGUE_OWNER) {
        const shipped = (await o.shipped()).find((p) => p.ref === r.ref);
        if (shipped) {
          out.push(shipped);
          continue;
        }
      }
      const doc = o.db
        .select()
        .from(policyDocuments)
        .where(and(eq(policyDocuments.owner, r.owner), eq(policyDocuments.ref, r.ref)))
        .get();
      if (doc) out.push(compileRow(doc.owner, doc.ref, doc.document));
    }
    return out;
  };

  /**
   * The first explicit change starts from the implicit default (the shipped catalogue) and leaves
   * a marker row, so retiring every policy means "enforce nothing", not "back to the default".
   */
  const materialise = async (venue: string, actor: string): Promise<void> => {
    if (adoptedRows(venue).length > 0) return;
    const at = o.now();
    const shipped = await o.shipped();
    o.db.transaction((tx) => {
      tx.insert(venuePolicies)
        .values({ venue, ref: EXPLICIT, owner: CATALOGUE_OWNER, adoptedBy: actor, adoptedAt: at })
        .onConflictDoNothing()
        .run();
      for (const p of shipped)
        tx.insert(venuePolicies)
          .values({ venue, ref: p.ref, owner: CATALOGUE_OWNER, adoptedBy: actor, adoptedAt: at })
          .onConflictDoNothing()
          .run();
    });
  };

  return {
    visible,
    find,
    async add(owner, policy, actor) {
      const taken =
        owner === CATALOGUE_OWNER
          ? (await visible(undefined)).some((p) => p.policy.ref === policy.ref)
          : (await visible(owner)).some((p) => p.policy.ref === policy.ref);
      if (taken) throw new VouchError('CONFLICT', `policy ${policy.ref} already exists; publish a new version`);
      claimIssuerSet(o.db, policy.issuerSet, owner, o.now());
      o.db
        .insert(policyDocuments)
        .values({
          owner,
          ref: policy.ref,
          document: JSON.stringify(policy.document),
          addedBy: actor,
          createdAt: o.now(),
        })
        .run();
      return { policy, owner, shipped: false };
    },
    enforced,
    async adopt(venue, ref, actor) {
      const hit = await find(venue, ref);
      await materialise(venue, actor);
      o.db
        .insert(venuePolicies)
        .values({ venue, ref, owner: hit.owner, adoptedBy: actor, adoptedAt: o.now() })
        .onConflictDoNothing()
        .run();
      return enforced(venue);
    },
    async retire(venue, ref, actor) {
      await materialise(venue, actor);
      const r = o.db
        .delete(venuePolicies)
        .where(and(eq(venuePolicies.venue, venue), eq(venuePolicies.ref, ref)))
        .run();
      if (r.changes !== 1) throw new VouchError('POLICY_UNKNOWN', `${ref} is not enforced at this venue`);
      return enforced(venue);
    },
    stamp(venue) {
      const rows = adoptedRows(venue);
      return rows.map((r) => `${r.owner}:${r.ref}`).join(',');
    },
  };
}
