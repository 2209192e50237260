/**
 * registry.json: a verifier's registry as a self-verifying file. It names every issuer set the
 * service publishes (one root per set, with the issuers the set's owner admitted), the member
 * issuers' snapshot keys and their latest signed snapshots. Loading one set re-verifies every
 * snapshot of its members and checks that they produce the set's stated root; a holder proves
 * from the set its policy names, offline.
 */
import type { JWK } from 'jose';
import { z } from 'zod';
import { VouchError } from '../errors/index.js';
import type { IssuerContext } from './context.js';
import type { Clock } from './ids.js';
import { issuerJwks } from './issuer-keys.js';
import { IssuerRegistry, type RegistryOptions } from './registry.js';
import { checkRegistryLogged, type RegistryTransparency } from './registry-transparency.js';
import { LOG_ENTRY_KINDS } from '../log/index.js';
import { latestSnapshot } from './status.js';
import { parseEscrowCommittee, type EscrowCommittee, type EscrowCommitteeJson } from '../escrow/index.js';

export interface RegistryFileSet {
  name: string;
  /** `catalogue` or the owning tenant. */
  owner: string;
  issuerSetRoot: string;
  /** Member issuer ids (the owner's choice). */
  issuers: string[];
}

export interface RegistryFile {
  type: 'vouch-registry';
  version: 2;
  generatedAt: number;
  sets: RegistryFileSet[];
  /** Snapshot-signing keys of every member issuer. */
  trusted: { issuerId: string; jwks: JWK[] }[];
  /** The latest accepted snapshot (compact JWS) of every member issuer, one per issuer. */
  snapshots: string[];
  /** Each set root and snapshot above as an entry of the transparency log, with inclusion proofs. */
  transparency?: RegistryTransparency;
  /**
   * The current identity-escrow committee: its joint key (what escrow ciphertexts are encrypted
   * to), threshold, members' verification keys and epoch; logged like the roots above.
   */
  escrowCommittee?: EscrowCommitteeJson;
}

const ISSUER_ID = z.string().min(1).max(64);
const loggedEntry = z
  .object({
    kind: z.enum(LOG_ENTRY_KINDS),
    index: z.number().int().nonnegative(),
    payload: z.record(z.string(), z.unknown()),
    proof: z
      .object({
        leafIndex: z.number().int(),
        treeSize: z.number().int(),
        leafHash: z.string(),
        rootHash: z.string(),
        proof: z.array(z.string()).max(64),
      })
      .strict(),
  })
  .strict();
const point = z.object({ x: z.string().regex(/^[0-9]{1,78}$/), y: z.string().regex(/^[0-9]{1,78}$/) }).strict();
const escrowCommitteeSchema = z
  .object({
    committeeId: z.string().regex(/^[0-9a-f]{64}$/),
    epoch: z.number().int().positive(),
    threshold: z.number().int().min(2).max(64),
    publicKey: point,
    members: z
      .array(z.object({ index: z.number().int().min(1).max(64), publicKey: point }).strict())
      .min(2)
      .max(64),
  })
  .strict();
const fileSchema = z
  .object({
    type: z.literal('vouch-registry'),
    version: z.literal(2),
    generatedAt: z.number().int().nonnegative(),
    sets: z
      .array(
        z
          .object({
            name: z
              .string()
              .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
              .max(64),
            owner: z.string().min(1).max(64),
            issuerSetRoot: z.string().regex(/^[0-9]{1,78}$/),
            issuers: z.array(ISSUER_ID).max(64),
          })
          .strict(),
      )
      .max(1024),
    trusted: z
      .array(z.object({ issuerId: ISSUER_ID, jwks: z.array(z.record(z.string(), z.unknown())).max(16) }).strict())
      .max(4096),
    snapshots: z.array(z.string().max(8_000_000)).max(4096),
    transparency: z
      .object({
        checkpoint: z.string().max(4096),
        logKey: z.string().max(512),
        sets: z.record(z.string(), loggedEntry),
        snapshots: z.record(z.string(), loggedEntry),
        escrowCommittee: loggedEntry.optional(),
      })
      .strict()
      .optional(),
    escrowCommittee: escrowCommitteeSchema.optional(),
  })
  .strict();

export type ParsedRegistryFile = z.output<typeof fileSchema>;

/** One published set: its registry and who owns it. */
export interface PublishedSet {
  name: string;
  owner: string;
  registry: IssuerRegistry;
}

export function exportRegistry(
  sets: readonly PublishedSet[],
  generatedAt: number,
  transparency?: RegistryTransparency,
  escrowCommittee?: EscrowCommitteeJson,
): RegistryFile {
  const trusted = new Map<string, JWK[]>();
  const snapshots = new Map<string, { seq: number; jws: string }>();
  for (const s of sets) {
    for (const t of s.registry.trustedIssuers()) trusted.set(t.issuerId, t.jwks);
    for (const snap of s.registry.snapshotStates()) {
      const had = snapshots.get(snap.issuerId);
      if (!had || had.seq < snap.seq) snapshots.set(snap.issuerId, snap);
    }
  }
  return {
    type: 'vouch-registry',
    version: 2,
    generatedAt,
    sets: sets.map((s) => ({
      name: s.name,
      owner: s.owner,
      issuerSetRoot: s.registry.root.toString(),
      issuers: s.registry.trustedIds().sort(),
    })),
    trusted: [...trusted].sort(([a], [b]) => a.localeCompare(b)).map(([issuerId, jwks]) => ({ issuerId, jwks })),
    snapshots: [...snapshots.values()].map((s) => s.jws),
    ...(transparency ? { transparency } : {}),
    ...(escrowCommittee ? { escrowCommittee } : {}),
  };
}

/**
 * The escrow committee a registry file names, every point checked and (unless `allowUnlogged`) its
 * `escrow-committee` log entry proved under the file's signed checkpoint (REGISTRY_NOT_LOGGED).
 * Undefined when the file names none. A hook compares a proof's committee key with this one
 * (assertCurrentCommitteeKey: ESCROW_KEY_STALE).
 */
export function loadRegistryEscrowCommittee(json: unknown, o: LogCheckOptions = {}): EscrowCommittee | undefined {
  const file = parseRegistryFile(json);
  if (!file.escrowCommittee) return undefined;
  const committee = parseEscrowCommittee(file.escrowCommittee);
  if (!o.allowUnlogged) {
    checkRegistryLogged(
      { sets: [], snapshots: [], escrowCommittee: file.escrowCommittee },
      file.transparency as RegistryTransparency | undefined,
      o.logKey === undefined ? {} : { logKey: o.logKey },
    );
  }
  return committee;
}

/** Parses (REGISTRY_INVALID) without verifying: the shape every loader starts from. */
export function parseRegistryFile(json: unknown): ParsedRegistryFile {
  const p = fileSchema.safeParse(json);
  if (!p.success)
    throw new VouchError('REGISTRY_INVALID', `registry file: ${p.error.issues[0]?.message ?? 'invalid'}`, {
      details: { path: p.error.issues[0]?.path.join('.') },
    });
  return p.data;
}

export interface LoadRegistryOptions extends Omit<RegistryOptions, 'trusted'>, LogCheckOptions {
  /** The issuer set to load (the one the policy names); may be omitted when the file has one set. */
  set?: string;
}

export interface LogCheckOptions {
  /**
   * The transparency log's verifier key to pin (`name+keyid+key`, from `vouch log verify-key` or
   * /v1/log/verifier-key). Default: the key the file names (trust on first use: a split view is still
   * caught by anyone who pins the key).
   */
  logKey?: string;
  /**
   * Accept a file whose roots are not proven to be in the log. Only for a verifier that runs its
   * own issuers from its own data dir; default false (REGISTRY_NOT_LOGGED).
   */
  allowUnlogged?: boolean;
}

/** The registry of one set of the file, every member snapshot re-verified and the root checked. */
export async function loadRegistryFile(json: unknown, o: LoadRegistryOptions): Promise<IssuerRegistry> {
  const file = parseRegistryFile(json);
  const { set: name, logKey: _k, allowUnlogged: _a, ...options } = o;
  const set =
    name === undefined ? (file.sets.length === 1 ? file.sets[0] : undefined) : file.sets.find((s) => s.name === name);
  if (!set) {
    throw new VouchError(
      'REGISTRY_INVALID',
      name === undefined
        ? 'the registry file holds several issuer sets: name the one the policy uses'
        : `the registry file has no issuer set ${name}`,
    );
  }
  const reg = await loadSet(file, set, options);
  checkLogged(file, [set], reg, o);
  return reg;
}

/** Every set of the file, by name (what a hook enforcing several policies needs). */
export async function loadRegistrySets(
  json: unknown,
  o: Omit<RegistryOptions, 'trusted'> & LogCheckOptions,
): Promise<Record<string, IssuerRegistry>> {
  const file = parseRegistryFile(json);
  const { logKey: _k, allowUnlogged: _a, ...options } = o;
  const out: Record<string, IssuerRegistry> = {};
  for (const s of file.sets) {
    out[s.name] = await loadSet(file, s, options);
    checkLogged(file, [s], out[s.name]!, o);
  }
  return out;
}

/** REGISTRY_NOT_LOGGED unless the set's root and every snapshot it was built from are in the log. */
function checkLogged(
  file: ParsedRegistryFile,
  sets: ParsedRegistryFile['sets'],
  reg: IssuerRegistry,
  o: LogCheckOptions,
): void {
  if (o.allowUnlogged) return;
  const snapshots = reg.snapshotStates().map((s) => {
    const payload = JSON.parse(Buffer.from(s.jws.split('.')[1]!, 'base64url').toString('utf8')) as {
      statusRoot: string;
    };
    return { issuerId: s.issuerId, seq: s.seq, statusRoot: payload.statusRoot, jws: s.jws };
  });
  checkRegistryLogged(
    { sets, snapshots },
    file.transparency as RegistryTransparency | undefined,
    o.logKey === undefined ? {} : { logKey: o.logKey },
  );
}

async function loadSet(
  file: ParsedRegistryFile,
  set: ParsedRegistryFile['sets'][number],
  o: Omit<RegistryOptions, 'trusted'>,
): Promise<IssuerRegistry> {
  const members = new Set(set.issuers);
  const trusted = file.trusted
    .filter((t) => members.has(t.issuerId))
    .map((t) => ({ issuerId: t.issuerId, jwks: t.jwks as JWK[] }));
  const reg = new IssuerRegistry({ ...o, trusted });
  const seen = new Set<string>();
  for (const s of file.snapshots) {
    const iss = snapshotIssuer(s);
    if (!members.has(iss)) continue;
    if (seen.has(iss)) throw new VouchError('REGISTRY_INVALID', 'the registry file holds two snapshots of one issuer');
    seen.add(iss);
    await reg.accept(s);
  }
  if (reg.root.toString() !== set.issuerSetRoot)
    throw new VouchError('REGISTRY_INVALID', `the snapshots do not produce the stated root of issuer set ${set.name}`);
  return reg;
}

function snapshotIssuer(jws: string): string {
  try {
    const payload = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8')) as { iss?: unknown };
    if (typeof payload.iss === 'string') return payload.iss;
  } catch {
    // fall through
  }
  throw new VouchError('SNAPSHOT_SIGNATURE_INVALID', 'a snapshot in the registry file is not a compact JWS');
}

/**
 * A registry trusting the given issuers of this data dir (default: every one — an embedded
 * verifier that runs its own issuers), fed with their latest snapshots.
 */
export async function localRegistry(
  ctx: IssuerContext,
  o: { clock?: Clock; maxSnapshotAgeSeconds?: number; issuerIds?: readonly string[] } = {},
): Promise<{ registry: IssuerRegistry; trusted: { issuerId: string; jwks: JWK[] }[] }> {
  const clock = o.clock ?? ctx.clock;
  const rows =
    o.issuerIds === undefined
      ? await ctx.store.issuers()
      : (await Promise.all(o.issuerIds.map((id) => ctx.store.issuer(id)))).filter((r) => r !== undefined);
  const trusted: { issuerId: string; jwks: JWK[] }[] = [];
  for (const r of rows) trusted.push({ issuerId: r.id, jwks: await issuerJwks(ctx, r.id, clock()) });
  const registry = new IssuerRegistry({
    trusted,
    clock,
    ...(o.maxSnapshotAgeSeconds !== undefined ? { maxSnapshotAgeSeconds: o.maxSnapshotAgeSeconds } : {}),
  });
  for (const r of rows) {
    const s = await latestSnapshot(ctx, r.id);
    if (s) await registry.accept(s.jws);
  }
  return { registry, trusted };
}
