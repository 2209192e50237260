/**
 * Revocation: each issuer's 2^20-bit bitmap (see zk/trees/status-bitmap.ts), rebuilt from the
 * revoked credentials, with a history of roots. Every root is published as a JWS-signed,
 * timestamped, sequence-numbered snapshot that carries the revoked indexes, so any holder can
 * compute its own non-revocation witness offline and any verifier can check the root.
 *
 * A revocation and its snapshot commit in one transaction (the store's `commitStatus`): there is
 * never a revoked credential whose status root was not published, and two writers never publish
 * the same sequence number.
 */
import { CompactSign } from 'jose';
import { VouchError } from '../errors/index.js';
import { StatusBitmap, type NonRevocationWitness } from '../zk/index.js';
import type { IssuerContext } from './context.js';
import { babyJubKeysValidAt, currentJwsKey } from './issuer-keys.js';
import type { PublishedSnapshotRow, SignedSnapshot } from './store.js';

export const SNAPSHOT_TYP = 'vouch-status+jwt';

export interface StatusSnapshotPayload {
  iss: string;
  seq: number;
  iat: number;
  /** Decimal status root. */
  statusRoot: string;
  revoked: number[];
  /** Credential-signing keys valid now: each is one member of a verifier's issuer set. */
  keys: { kid: string; x: string; y: string; notAfter: number | null }[];
  /** Set by an urgent revocation: verifiers end the grace of every older issuer-set root at once. */
  urgent?: true;
}

/** A published snapshot: its sequence number, status root, JWS and time. */
export type PublishedSnapshot = PublishedSnapshotRow;

export async function statusBitmap(ctx: Pick<IssuerContext, 'store'>, issuerId: string): Promise<StatusBitmap> {
  return StatusBitmap.fromRevoked(await ctx.store.revokedIndexes(issuerId));
}

export function latestSnapshot(
  ctx: Pick<IssuerContext, 'store'>,
  issuerId: string,
): Promise<PublishedSnapshot | undefined> {
  return ctx.store.latestSnapshot(issuerId);
}

export function snapshotHistory(
  ctx: Pick<IssuerContext, 'store'>,
  issuerId: string,
  limit = 20,
): Promise<PublishedSnapshot[]> {
  return ctx.store.snapshotHistory(issuerId, limit);
}

/**
 * Loads the issuer's keys once and returns the signer of its next snapshots: given the sequence
 * number and the revoked indexes, it signs (no database access, so the PostgreSQL store may call it
 * inside its transaction, under the issuer's row lock).
 */
async function snapshotSigner(
  ctx: IssuerContext,
  issuerId: string,
  urgent = false,
): Promise<(next: { seq: number; revoked: number[] }) => Promise<SignedSnapshot>> {
  const key = await currentJwsKey(ctx, issuerId);
  const keys = await babyJubKeysValidAt(ctx, issuerId, ctx.clock());
  return async ({ seq, revoked }) => {
    const at = ctx.clock();
    const root = StatusBitmap.fromRevoked(revoked).root.toString();
    const payload: StatusSnapshotPayload = {
      iss: issuerId,
      seq,
      iat: at,
      statusRoot: root,
      revoked,
      keys: keys
        .filter((k) => k.notAfter === null || k.notAfter > at)
        .map((k) => ({
          kid: k.kid,
          x: k.publicKey.x.toString(),
          y: k.publicKey.y.toString(),
          notAfter: k.notAfter,
        })),
      ...(urgent ? { urgent: true as const } : {}),
    };
    const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
      .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: SNAPSHOT_TYP })
      .sign(key.privateKey);
    return { jws, root, at };
  };
}

/** Publishes a fresh snapshot of the current state (also a freshness heartbeat). */
export async function publishStatusSnapshot(ctx: IssuerContext, issuerId: string): Promise<PublishedSnapshot> {
  return ctx.store.commitStatus({ issuerId, sign: await snapshotSigner(ctx, issuerId) });
}

export interface RevokeOptions {
  credentialId: string;
  reason: string;
  actor: string;
  tenant?: string;
  /**
   * End the grace of the replaced issuer-set root at once (a stolen or fraudulent credential): every
   * proof made against an older root is refused as soon as a verifier sees this snapshot, at the
   * cost of every honest holder of this issuer set having to prove again.
   */
  urgent?: boolean;
}

export async function revokeCredential(
  ctx: IssuerContext,
  o: RevokeOptions,
): Promise<{ credentialId: string; statusRoot: string; seq: number }> {
  if (typeof o.reason !== 'string' || o.reason.length < 1 || o.reason.length > 200)
    throw new VouchError('INPUT_INVALID', 'reason must be 1-200 characters', { details: { path: 'reason' } });
  const cred = await ctx.store.credential(o.credentialId);
  if (!cred) throw new VouchError('NOT_FOUND', 'no such credential');
  const owner = await ctx.store.issuer(cred.issuerId);
  // another tenant's credential: exactly like a missing one
  if (o.tenant !== undefined && owner?.tenant !== o.tenant) throw new VouchError('NOT_FOUND', 'no such credential');
  if (cred.status === 'revoked')
    throw new VouchError('CREDENTIAL_ALREADY_REVOKED', 'the credential is already revoked');
  const s = await ctx.store.commitStatus({
    issuerId: cred.issuerId,
    sign: await snapshotSigner(ctx, cred.issuerId, o.urgent === true),
    revoke: {
      credentialId: cred.id,
      reason: o.reason,
      audit: (seq, at) => ({
        tenant: owner?.tenant ?? '-',
        actor: o.actor,
        action: 'credential.revoke',
        target: cred.id,
        at,
        details: JSON.stringify({ reason: o.reason, seq, ...(o.urgent ? { urgent: true } : {}) }),
      }),
    },
  });
  return { credentialId: cred.id, statusRoot: s.root, seq: s.seq };
}

export async function nonRevocationWitness(
  ctx: Pick<IssuerContext, 'store'>,
  issuerId: string,
  index: number,
): Promise<NonRevocationWitness> {
  if (!Number.isInteger(index) || index < 0 || index >= 1 << 20)
    throw new VouchError('INPUT_INVALID', 'credential index out of range');
  return (await statusBitmap(ctx, issuerId)).witness(index);
}
