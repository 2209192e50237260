/**
 * Revocation: each issuer's 2^20-bit bitmap (see zk/trees/status-bitmap.ts), rebuilt from the
 * revoked credentials, with a history of roots. Every root is published as a JWS-signed,
 * timestamped, sequence-numbered snapshot that carries the revoked indexes, so any holder can
 * compute its own non-revocation witness offline and any verifier can check the root.
 *
 * A revocation and its snapshot commit in one transaction: there is never a revoked credential
 * whose status root was not published (the JWS is signed before the transaction opens).
 */
import { and, desc, eq } from 'drizzle-orm';
import { CompactSign } from 'jose';
import { auditEvents, credentials, issuers, statusRoots } from '../db/schema.js';
import { VouchError } from '../errors/index.js';
import { StatusBitmap, type NonRevocationWitness } from '../zk/index.js';
import type { IssuerContext } from './context.js';
import { babyJubKeysValidAt, currentJwsKey } from './issuer-keys.js';

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

export interface PublishedSnapshot {
  seq: number;
  root: string;
  jws: string;
  createdAt: number;
}

function revokedIndexes(ctx: IssuerContext, issuerId: string): number[] {
  return ctx.db
    .select({ i: credentials.credentialIndex })
    .from(credentials)
    .where(and(eq(credentials.issuerId, issuerId), eq(credentials.status, 'revoked')))
    .all()
    .map((r) => r.i)
    .sort((a, b) => a - b);
}

export function statusBitmap(ctx: IssuerContext, issuerId: string): StatusBitmap {
  return StatusBitmap.fromRevoked(revokedIndexes(ctx, issuerId));
}

export function latestSnapshot(ctx: IssuerContext, issuerId: string): PublishedSnapshot | undefined {
  const r = ctx.db
    .select()
    .from(statusRoots)
    .where(eq(statusRoots.issuerId, issuerId))
    .orderBy(desc(statusRoots.seq))
    .get();
  return r ? { seq: r.seq, root: r.root, jws: r.snapshot, createdAt: r.createdAt } : undefined;
}

export function snapshotHistory(ctx: IssuerContext, issuerId: string, limit = 20): PublishedSnapshot[] {
  return ctx.db
    .select()
    .from(statusRoots)
    .where(eq(statusRoots.issuerId, issuerId))
    .orderBy(desc(statusRoots.seq))
    .limit(limit)
    .all()
    .map((r) => ({ seq: r.seq, root: r.root, jws: r.snapshot, createdAt: r.createdAt }));
}

async function signSnapshot(
  ctx: IssuerContext,
  issuerId: string,
  revoked: number[],
  seq: number,
  urgent = false,
): Promise<{ jws: string; root: string; at: number }> {
  const at = ctx.clock();
  const root = StatusBitmap.fromRevoked(revoked).root.toString();
  const key = await currentJwsKey(ctx, issuerId);
  const payload: StatusSnapshotPayload = {
    iss: issuerId,
    seq,
    iat: at,
    statusRoot: root,
    revoked,
    keys: babyJubKeysValidAt(ctx, issuerId, at).map((k) => ({
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
}

/** Publishes a fresh snapshot of the current state (also a freshness heartbeat). */
export async function publishStatusSnapshot(ctx: IssuerContext, issuerId: string): Promise<PublishedSnapshot> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const seq = (latestSnapshot(ctx, issuerId)?.seq ?? 0) + 1;
    const revoked = revokedIndexes(ctx, issuerId);
    const s = await signSnapshot(ctx, issuerId, revoked, seq);
    try {
      ctx.db.insert(statusRoots).values({ issuerId, seq, root: s.root, snapshot: s.jws, createdAt: s.at }).run();
      return { seq, root: s.root, jws: s.jws, createdAt: s.at };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // another writer took this seq: re-read and retry
    }
  }
  throw new VouchError('CONFLICT', 'could not publish a status snapshot under contention');
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
  const cred = ctx.db.select().from(credentials).where(eq(credentials.id, o.credentialId)).get();
  if (!cred) throw new VouchError('NOT_FOUND', 'no such credential');
  if (o.tenant !== undefined) {
    const { issuerRow } = await import('./issuers.js');
    try {
      issuerRow(ctx, cred.issuerId, o.tenant);
    } catch {
      throw new VouchError('NOT_FOUND', 'no such credential'); // another tenant's: exactly like a missing one
    }
  }
  if (cred.status === 'revoked')
    throw new VouchError('CREDENTIAL_ALREADY_REVOKED', 'the credential is already revoked');
  const owner = ctx.db.select({ tenant: issuers.tenant }).from(issuers).where(eq(issuers.id, cred.issuerId)).get();
  for (let attempt = 0; attempt < 5; attempt++) {
    const seq = (latestSnapshot(ctx, cred.issuerId)?.seq ?? 0) + 1;
    const revoked = [...revokedIndexes(ctx, cred.issuerId), cred.credentialIndex].sort((a, b) => a - b);
    const s = await signSnapshot(ctx, cred.issuerId, revoked, seq, o.urgent === true);
    try {
      ctx.db.transaction((tx) => {
        const changed = tx
          .update(credentials)
          .set({ status: 'revoked', revokedAt: s.at, revocationReason: o.reason })
          .where(and(eq(credentials.id, cred.id), eq(credentials.status, 'active')))
          .run();
        if (changed.changes !== 1)
          throw new VouchError('CREDENTIAL_ALREADY_REVOKED', 'the credential is already revoked');
        tx.insert(statusRoots)
          .values({ issuerId: cred.issuerId, seq, root: s.root, snapshot: s.jws, createdAt: s.at })
          .run();
        tx.insert(auditEvents)
          .values({
            tenant: owner?.tenant ?? '-',
            actor: o.actor,
            action: 'credential.revoke',
            target: cred.id,
            at: s.at,
            details: JSON.stringify({ reason: o.reason, seq, ...(o.urgent ? { urgent: true } : {}) }),
          })
          .run();
      });
      return { credentialId: cred.id, statusRoot: s.root, seq };
    } catch (err) {
      if (!isUniqueViolation(err)) throw err;
    }
  }
  throw new VouchError('CONFLICT', 'could not revoke under contention; retry');
}

export function nonRevocationWitness(ctx: IssuerContext, issuerId: string, index: number): NonRevocationWitness {
  if (!Number.isInteger(index) || index < 0 || index >= 1 << 20)
    throw new VouchError('INPUT_INVALID', 'credential index out of range');
  return statusBitmap(ctx, issuerId).witness(index);
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
