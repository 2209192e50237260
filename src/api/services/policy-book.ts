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
import { CATALOGUE_OWNER } from '../../db/schema/policies.js';
import { VouchError } from '../../errors/index.js';
import { compilePolicy, type CompiledPolicy } from '../../policy/index.js';
import { ISSUER_SET_CAPACITY } from '../../zk/index.js';
import type { PolicyStore } from './policy-store.js';

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
  /** Documents and adoptions (SQLite or PostgreSQL). */
  store: PolicyStore;
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
  stamp(venue: string): Promise<string>;
}

export function createPolicyBook(o: PolicyBookOptions): PolicyBook {
  const compiled = new Map<string, CompiledPolicy>();
  const compileRow = (owner: string, ref: string, document: string): CompiledPolicy => {
    const key = `${owner}\u0000${ref}`;
    let p = compiled.get(key);
    if (!p) compiled.set(key, (p = compilePolicy(JSON.parse(document))));
    return p;
  };
  const stored = async (owner: string): Promise<OwnedPolicy[]> =>
    (await o.store.documents(owner)).map((r) => ({
      policy: compileRow(r.owner, r.ref, r.document),
      owner: r.owner,
      shipped: false,
    }));

  const visible = async (tenant: string | undefined): Promise<OwnedPolicy[]> => [
    ...(await o.shipped()).map((policy) => ({ policy, owner: CATALOGUE_OWNER, shipped: true })),
    ...(await stored(CATALOGUE_OWNER)),
    ...(tenant === undefined ? [] : await stored(tenant)),
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

  const adoptedRows = (venue: string) => o.store.adoptions(venue);

  const enforced = async (venue: string): Promise<CompiledPolicy[]> => {
    const rows = await adoptedRows(venue);
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
      const doc = await o.store.document(r.owner, r.ref);
      if (doc) out.push(compileRow(doc.owner, doc.ref, doc.document));
    }
    return out;
  };

  /**
   * The first explicit change starts from the implicit default (the shipped catalogue) and leaves
   * a marker row, so retiring every policy means "enforce nothing", not "back to the default".
   */
  const materialise = async (venue: string, actor: string): Promise<void> => {
    if ((await adoptedRows(venue)).length > 0) return;
    const at = o.now();
    const shipped = await o.shipped();
    // one transaction: a concurrent first adoption adds nothing twice (rows already there are skipped)
    await o.store.adopt([
      { venue, ref: EXPLICIT, owner: CATALOGUE_OWNER, adoptedBy: actor, adoptedAt: at },
      ...shipped.map((p) => ({ venue, ref: p.ref, owner: CATALOGUE_OWNER, adoptedBy: actor, adoptedAt: at })),
    ]);
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
      const now = o.now();
      // the issuer set is claimed (policy-issuer-set.ts) and the document stored in one transaction
      await o.store.addDocument(
        { owner, ref: policy.ref, document: JSON.stringify(policy.document), addedBy: actor, createdAt: now },
        { name: policy.issuerSet, capacity: ISSUER_SET_CAPACITY, createdAt: Math.floor(now / 1000) },
      );
      return { policy, owner, shipped: false };
    },
    enforced,
    async adopt(venue, ref, actor) {
      const hit = await find(venue, ref);
      await materialise(venue, actor);
      await o.store.adopt([{ venue, ref, owner: hit.owner, adoptedBy: actor, adoptedAt: o.now() }]);
      return enforced(venue);
    },
    async retire(venue, ref, actor) {
      await materialise(venue, actor);
      if (!(await o.store.retire(venue, ref)))
        throw new VouchError('POLICY_UNKNOWN', `${ref} is not enforced at this venue`);
      return enforced(venue);
    },
    async stamp(venue) {
      const rows = await adoptedRows(venue);
      return rows.map((r) => `${r.owner}:${r.ref}`).join(',');
    },
  };
}
