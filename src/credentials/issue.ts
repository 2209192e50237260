/**
 * Issuance: verify the evidence, decide the kyc-v1 attributes, sign the 16 slots with the issuer's
 * current BabyJubJub key and record the credential — all or nothing. A rejected request leaves
 * the database unchanged; an accepted one is committed (synchronous=FULL) before it is answered.
 *
 * Replay and Sybil resistance are enforced by unique indexes (not only by the early `seen` check):
 * a vendor token (iss, jti) is accepted once ever; an Aadhaar nullifier or a manual approval
 * backs at most one ACTIVE credential per issuer.
 */
import { createHash } from 'node:crypto';
import { VouchError } from '../errors/index.js';
import { verifyEvidence, type EvidenceContext } from '../kyc/index.js';
import { credentialMessage, signPoseidon } from '../zk/index.js';
import type { IssuerContext } from './context.js';
import type { CredentialFile } from './credential-file.js';
import { newId } from './ids.js';
import { currentBabyJubKey } from './issuer-keys.js';
import { issuerRow, pointJson } from './issuers.js';
import { assertPickupTtl, DEFAULT_PICKUP_SECONDS, preparePickup, type CreatedPickup } from './pickup.js';
import { encodeAttributes, type EvidenceKind, type KycAttributes } from './schema.js';

export const DEFAULT_VALIDITY_SECONDS = 365 * 86_400;

export interface IssueOptions {
  issuerId: string;
  /** When set, the issuer must belong to this tenant. */
  tenant?: string;
  /** Who asked (API key id or operator name), for the audit trail. */
  actor: string;
  /** Holder's subject commitment, Poseidon(holderSecret). */
  subject: bigint;
  evidenceKind: string;
  evidence: string | Uint8Array;
  /** Vendor and Anon Aadhaar trust configuration (the issuer's app id is filled in here). */
  trust?: Pick<EvidenceContext, 'vendors' | 'anonAadhaar'>;
  validitySeconds?: number;
}

export async function issueCredential(ctx: IssuerContext, o: IssueOptions): Promise<CredentialFile> {
  return (await issue(ctx, o, undefined)).credential;
}

/**
 * Issues a credential and a one-time pickup code for it, all or nothing: the pickup row is
 * inserted in the credential's own transaction (store.ts), so a failed insert leaves no credential
 * issued with no way to deliver it. `pickupSeconds`: how long the code works (RangeError outside
 * 60 .. MAX_PICKUP_SECONDS, before anything is verified or stored).
 */
export async function issueCredentialForPickup(
  ctx: IssuerContext,
  o: IssueOptions & { pickupSeconds?: number },
): Promise<{ credential: CredentialFile; pickup: CreatedPickup }> {
  const ttl = o.pickupSeconds ?? DEFAULT_PICKUP_SECONDS;
  assertPickupTtl(ttl);
  const r = await issue(ctx, o, ttl);
  return { credential: r.credential, pickup: r.pickup! };
}

async function issue(
  ctx: IssuerContext,
  o: IssueOptions,
  pickupSeconds: number | undefined,
): Promise<{ credential: CredentialFile; pickup?: CreatedPickup }> {
  const issuer = await issuerRow(ctx, o.issuerId, o.tenant);
  const validity = o.validitySeconds ?? DEFAULT_VALIDITY_SECONDS;
  if (!Number.isInteger(validity) || validity < 60 || validity > 5 * 365 * 86_400) {
    throw new VouchError('INPUT_INVALID', 'validity must be between 60 seconds and 5 years', {
      details: { path: 'validitySeconds' },
    });
  }
  const uniqueness = (replayKey: string) => createHash('sha256').update(replayKey).digest('hex');
  const seen = (replayKey: string) => ctx.store.evidenceUsed(issuer.id, uniqueness(replayKey));
  const trust = o.trust ?? {};
  const verified = await verifyEvidence(o.evidenceKind, o.evidence, {
    subject: o.subject,
    seen,
    now: () => new Date(ctx.clock() * 1000),
    reviewer: o.actor,
    ...(trust.vendors ? { vendors: trust.vendors } : {}),
    ...(trust.anonAadhaar ? { anonAadhaar: { ...trust.anonAadhaar, nullifierSeed: BigInt(issuer.appId) } } : {}),
  });
  const kind = o.evidenceKind as EvidenceKind;
  const now = ctx.clock();
  const key = await currentBabyJubKey(ctx, issuer.id);
  const h = uniqueness(verified.evidence.replayKey);
  try {
    // the store allocates the index and inserts the rows build makes (store.ts); signing is
    // synchronous and needs nothing but the index, so it runs in build (no await inside)
    return await ctx.store.issueCredential(issuer.id, (credentialIndex) => {
      if (credentialIndex >= 1 << 20)
        throw new VouchError('CONFLICT', 'the issuer’s status bitmap is full (2^20 credentials)');
      const expiresAt = now + validity;
      const slots = encodeAttributes({
        subject: o.subject,
        credentialIndex,
        issuedAt: now,
        expiresAt,
        evidenceKind: kind,
        attributes: verified.attributes,
      });
      const message = credentialMessage(slots);
      const signature = signPoseidon(key.privateKey, message);
      const id = newId('cred');
      const credential: CredentialFile = {
        type: 'vouch-credential' as const,
        schema: 'kyc-v1' as const,
        id,
        issuer: { id: issuer.id, kid: key.kid, publicKey: pointJson(key.publicKey) },
        credentialIndex,
        issuedAt: now,
        expiresAt,
        evidenceKind: kind,
        attributes: namedAttributes(verified.attributes),
        slots: slots.map((s) => s.toString()),
        signature: { R8: pointJson(signature.R8), S: signature.S.toString() },
      };
      const pickup =
        pickupSeconds === undefined
          ? undefined
          : preparePickup({ credential, tenant: issuer.tenant, now, ttlSeconds: pickupSeconds });
      return {
        ...(kind === 'vendor-jws' ? { seen: { replayHash: h, seenAt: now } } : {}),
        credential: {
          id,
          issuerId: issuer.id,
          credentialIndex,
          kid: key.kid,
          status: 'active',
          attributeCommitment: message.toString(),
          evidenceKind: kind,
          evidenceDigest: verified.evidence.digest,
          uniquenessHash: kind === 'vendor-jws' ? null : h,
          issuedAt: now,
          expiresAt,
          revokedAt: null,
          revocationReason: null,
        },
        audit: {
          tenant: issuer.tenant,
          actor: o.actor,
          action: kind === 'manual' ? 'credential.issue.manual-approval' : 'credential.issue',
          target: id,
          at: now,
          details: JSON.stringify({
            evidenceKind: kind,
            evidenceDigest: verified.evidence.digest,
            ...(verified.approval ? { attributesDigest: verified.approval.attributesDigest } : {}),
          }),
        },
        ...(pickup ? { pickup: pickup.row } : {}),
        result: { credential, ...(pickup ? { pickup: pickup.created } : {}) },
      };
    });
  } finally {
    key.privateKey.fill(0);
  }
}

function namedAttributes(a: KycAttributes): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(a)) if (v !== undefined) out[k] = typeof v === 'bigint' ? v.toString() : v;
  return out;
}
