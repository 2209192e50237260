/**
 * The verifier's issuer registry: which issuers it trusts (their snapshot-signing JWKs), the
 * latest signed status snapshot of each, the resulting issuer set and its root, and a short
 * history of roots so proofs made just before a refresh still verify.
 *
 * A snapshot is accepted only if it is signed by a trusted key of its issuer, is fresh enough,
 * does not roll back (its seq is not below one already accepted), and its revoked list really
 * produces its status root. Members are ordered deterministically (issuer id, key id) so every
 * verifier with the same snapshots computes the same root.
 */
import { compactVerify, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { VouchError } from '../errors/index.js';
import {
  IssuerSet,
  StatusBitmap,
  ISSUER_SET_CAPACITY,
  type BabyJubPoint,
  type NonRevocationWitness,
  type QuadPath,
} from '../zk/index.js';
import type { Clock } from './ids.js';
import { SNAPSHOT_TYP, type StatusSnapshotPayload } from './status.js';

/**
 * A revocation bites within a minute by default: a proof made against the issuer-set root just
 * replaced is accepted this long (holders in flight need not re-prove at once), never longer.
 */
export const DEFAULT_ROOT_GRACE_SECONDS = 60;

export interface TrustedIssuer {
  issuerId: string;
  /** Public Ed25519 JWKs (with kid) the issuer signs snapshots with. */
  jwks: JWK[];
}

export interface RegistryMember {
  issuerId: string;
  kid: string;
  publicKey: BabyJubPoint;
  statusRoot: bigint;
  seq: number;
  revoked: number[];
}

export interface RegistryOptions {
  trusted: TrustedIssuer[];
  clock: Clock;
  /** Oldest snapshot accepted (default 1 day). */
  maxSnapshotAgeSeconds?: number;
  /**
   * How long a replaced issuer-set root stays acceptable (default 60 s; a policy may lower it, see
   * `rootStatus`). An urgent snapshot ends every older root's grace at once.
   */
  rootGraceSeconds?: number;
}

export interface RootStatus {
  status: 'current' | 'recent' | 'stale' | 'unknown';
}

const dec = z.string().regex(/^(0|[1-9][0-9]{0,77})$/);
const payloadSchema = z
  .object({
    iss: z.string(),
    seq: z.number().int().positive(),
    iat: z.number().int().nonnegative(),
    statusRoot: dec,
    revoked: z.array(
      z
        .number()
        .int()
        .min(0)
        .max(2 ** 20 - 1),
    ),
    keys: z.array(z.object({ kid: z.string(), x: dec, y: dec, notAfter: z.number().int().nullable() }).strict()),
    urgent: z.literal(true).optional(),
  })
  .strict();

interface IssuerState {
  payload: StatusSnapshotPayload;
  jws: string;
}

/** The verifier's trusted issuers: their keys and signed status roots, and the issuer-set root proofs must match (current or within grace). */
export class IssuerRegistry {
  private readonly trusted = new Map<string, TrustedIssuer>();
  private state = new Map<string, IssuerState>();
  /** Newest first; `urgent`: replaced by (or before) an urgent snapshot, so no grace at all. */
  private readonly history: { root: bigint; replacedAt: number | null; urgent: boolean }[] = [];
  private set: IssuerSet = new IssuerSet([]);
  private memberList: RegistryMember[] = [];
  readonly clock: Clock;
  readonly maxSnapshotAgeSeconds: number;
  readonly rootGraceSeconds: number;

  constructor(o: RegistryOptions) {
    for (const t of o.trusted) this.trusted.set(t.issuerId, t);
    this.clock = o.clock;
    this.maxSnapshotAgeSeconds = o.maxSnapshotAgeSeconds ?? 86_400;
    this.rootGraceSeconds = o.rootGraceSeconds ?? DEFAULT_ROOT_GRACE_SECONDS;
    this.history.push({ root: this.set.root, replacedAt: null, urgent: false });
  }

  get root(): bigint {
    return this.set.root;
  }

  /** Trusts (or updates the keys of) an issuer; its snapshots are accepted from now on. */
  trust(t: TrustedIssuer): void {
    this.trusted.set(t.issuerId, t);
  }

  get members(): readonly RegistryMember[] {
    return this.memberList;
  }

  /** Verifies and applies one issuer snapshot. Returns false if it was already applied. */
  async accept(jws: string): Promise<boolean> {
    if (typeof jws !== 'string' || jws.length > 8_000_000)
      throw new VouchError('SNAPSHOT_SIGNATURE_INVALID', 'a snapshot must be a compact JWS');
    const header = decodeHeader(jws);
    const payloadUnverified = decodePayload(jws);
    const trusted = this.trusted.get(payloadUnverified.iss);
    if (!trusted) throw new VouchError('ISSUER_KEY_UNTRUSTED', 'the snapshot’s issuer is not trusted by this registry');
    const jwk = trusted.jwks.find((k) => k.kid === header.kid);
    if (!jwk || header.alg !== 'EdDSA' || header.typ !== SNAPSHOT_TYP)
      throw new VouchError('ISSUER_KEY_UNTRUSTED', 'the snapshot is not signed by a trusted key of its issuer');
    try {
      await compactVerify(jws, await importJWK(jwk, 'EdDSA'), { algorithms: ['EdDSA'] });
    } catch {
      throw new VouchError('SNAPSHOT_SIGNATURE_INVALID', 'the snapshot signature does not verify');
    }
    const payload = payloadUnverified;
    const now = this.clock();
    if (payload.iat > now + 300) throw new VouchError('SNAPSHOT_STALE', 'the snapshot is dated in the future');
    if (now - payload.iat > this.maxSnapshotAgeSeconds)
      throw new VouchError('SNAPSHOT_STALE', 'the snapshot is older than the registry accepts');
    const current = this.state.get(payload.iss);
    if (current) {
      if (payload.seq < current.payload.seq)
        throw new VouchError('SNAPSHOT_ROLLBACK', 'the snapshot is older than one already accepted');
      if (payload.seq === current.payload.seq) {
        if (current.jws === jws) return false;
        throw new VouchError('SNAPSHOT_ROLLBACK', 'two different snapshots with the same sequence number');
      }
    }
    if (StatusBitmap.fromRevoked(payload.revoked).root.toString() !== payload.statusRoot) {
      throw new VouchError('SNAPSHOT_INCONSISTENT', 'the revoked list does not produce the signed status root');
    }
    // build the new set before storing anything: a snapshot that would overflow the set is
    // refused whole, and the current root (with every other issuer's revocations) stays current
    const next = new Map(this.state).set(payload.iss, { payload, jws });
    const members = membersOf(next, now);
    this.state = next;
    this.apply(members, now, payload.urgent === true);
    return true;
  }

  /** Stops trusting an issuer (it left the set): its keys leave the set and the root moves. */
  distrust(issuerId: string): void {
    this.trusted.delete(issuerId);
    if (!this.state.has(issuerId)) return;
    const next = new Map(this.state);
    next.delete(issuerId);
    const now = this.clock();
    const members = membersOf(next, now);
    this.state = next;
    this.apply(members, now);
  }

  /** Issuer ids trusted now. */
  trustedIds(): string[] {
    return [...this.trusted.keys()];
  }

  /** The trusted issuers with their snapshot-signing keys. */
  trustedIssuers(): TrustedIssuer[] {
    return [...this.trusted.values()];
  }

  /** The latest accepted snapshot of each issuer, with its sequence number. */
  snapshotStates(): { issuerId: string; seq: number; jws: string }[] {
    return [...this.state.values()].map((s) => ({ issuerId: s.payload.iss, seq: s.payload.seq, jws: s.jws }));
  }

  /**
   * Whether a proof's issuerSetRoot is current, recently replaced (within `graceSeconds`, default
   * the registry's), stale or unknown. A root replaced by an urgent snapshot is stale at once.
   */
  rootStatus(root: bigint, graceSeconds: number = this.rootGraceSeconds): RootStatus['status'] {
    const now = this.clock();
    for (const h of this.history) {
      if (h.root !== root) continue;
      if (h.replacedAt === null) return 'current';
      return !h.urgent && now - h.replacedAt < graceSeconds ? 'recent' : 'stale';
    }
    return 'unknown';
  }

  /** The latest accepted snapshot of each issuer (what a holder or another verifier needs). */
  snapshots(): string[] {
    return [...this.state.values()].map((s) => s.jws);
  }

  private apply(members: RegistryMember[], now: number, urgent = false): void {
    const set = new IssuerSet(members.map((m) => ({ publicKey: m.publicKey, statusRoot: m.statusRoot })));
    if (set.root !== this.set.root) {
      const cur = this.history.find((h) => h.replacedAt === null);
      if (cur) cur.replacedAt = now;
      // an urgent revocation: no older root (each still counts the credential as valid) keeps its grace
      if (urgent) for (const h of this.history) h.urgent = true;
      this.history.unshift({ root: set.root, replacedAt: null, urgent: false });
      this.history.splice(16);
    }
    this.set = set;
    this.memberList = members;
  }
}

/** The set's members from the issuers' snapshots, in the deterministic order; ISSUER_SET_FULL past capacity. */
function membersOf(state: ReadonlyMap<string, IssuerState>, now: number): RegistryMember[] {
  const members: RegistryMember[] = [];
  for (const { payload } of [...state.values()].sort((a, b) => a.payload.iss.localeCompare(b.payload.iss))) {
    for (const k of [...payload.keys].sort((a, b) => a.kid.localeCompare(b.kid))) {
      if (k.notAfter !== null && k.notAfter <= now) continue;
      members.push({
        issuerId: payload.iss,
        kid: k.kid,
        publicKey: { x: BigInt(k.x), y: BigInt(k.y) },
        statusRoot: BigInt(payload.statusRoot),
        seq: payload.seq,
        revoked: payload.revoked,
      });
    }
  }
  if (members.length > ISSUER_SET_CAPACITY)
    throw new VouchError('ISSUER_SET_FULL', `an issuer set holds at most ${ISSUER_SET_CAPACITY} keys`);
  return members;
}

/** What a holder needs to prove membership and non-revocation, offline. */
export interface HolderWitness {
  setRoot: bigint;
  statusRoot: bigint;
  issuerPath: QuadPath;
  status: NonRevocationWitness;
}

export function witnessFor(
  members: readonly RegistryMember[],
  issuerKey: BabyJubPoint,
  credentialIndex: number,
): HolderWitness {
  const position = members.findIndex((m) => m.publicKey.x === issuerKey.x && m.publicKey.y === issuerKey.y);
  if (position < 0) throw new VouchError('ISSUER_NOT_IN_SET', 'the credential’s issuer key is not in this registry');
  const m = members[position]!;
  const set = new IssuerSet(members.map((x) => ({ publicKey: x.publicKey, statusRoot: x.statusRoot })));
  const bitmap = StatusBitmap.fromRevoked(m.revoked);
  if (bitmap.isRevoked(credentialIndex)) throw new VouchError('CREDENTIAL_REVOKED', 'the credential is revoked');
  return {
    setRoot: set.root,
    statusRoot: m.statusRoot,
    issuerPath: set.path(position),
    status: bitmap.witness(credentialIndex),
  };
}

function decodeHeader(jws: string): { alg?: string; kid?: string; typ?: string } {
  try {
    return JSON.parse(Buffer.from(jws.split('.')[0] ?? '', 'base64url').toString('utf8')) as {
      alg?: string;
      kid?: string;
      typ?: string;
    };
  } catch {
    throw new VouchError('SNAPSHOT_SIGNATURE_INVALID', 'the snapshot is not a compact JWS');
  }
}

function decodePayload(jws: string): StatusSnapshotPayload {
  const parts = jws.split('.');
  if (parts.length !== 3) throw new VouchError('SNAPSHOT_SIGNATURE_INVALID', 'the snapshot is not a compact JWS');
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
  } catch {
    throw new VouchError('SNAPSHOT_SIGNATURE_INVALID', 'the snapshot payload is not JSON');
  }
  const r = payloadSchema.safeParse(json);
  if (!r.success) throw new VouchError('SNAPSHOT_INCONSISTENT', 'the snapshot payload is malformed');
  return r.data;
}
