/**
 * Credentials over HTTP: issuance from KYC evidence (issuer and institution keys: holders reach
 * issuance through them), revocation (issuer and admin keys), the public status a holder or
 * verifier needs (latest signed snapshot, root history, non-revocation witnesses), and the
 * tenant's audit trail.
 *
 * Tenant-scoped: issuing at, or revoking under, another tenant's issuer answers 404 like a missing
 * one. Public: an issuer's status and witnesses, which are published data (revoked indexes and
 * roots, never who holds a credential). Evidence is verified by the library and never stored or
 * logged; for manual evidence the approving reviewer recorded in the audit trail is the calling
 * key's id. A refused issuance leaves the database unchanged (issueCredential is all or nothing).
 */
import { z } from 'zod';
import {
  credentialFileSchema,
  EVIDENCE_KINDS,
  issuerRow,
  latestSnapshot,
  publishStatusSnapshot,
  revokeCredential,
  snapshotHistory,
  type EvidenceKind,
} from '../../credentials/index.js';
import { StatusBitmap } from '../../zk/index.js';
import { isVouchError, VouchError } from '../../errors/index.js';
import { defineRoutes } from '../route.js';
import { domain } from '../services/domain.js';
import {
  createCredentialServices,
  issueCounted,
  listAuditEvents,
  type CredentialServices,
} from './credentials-services.js';
import { CREDENTIAL_ID_PATTERN, Decimal, FieldElement, IssuerParams, isoSeconds } from './issuer-shapes.js';

/**
 * A status snapshot older than this is re-published when read (a heartbeat): verifiers refuse
 * snapshots older than a day by default (IssuerRegistry.maxSnapshotAgeSeconds), so half of it.
 */
const HEARTBEAT_SECONDS = 43_200;
const HISTORY_LENGTH = 20;
/** Bitmap capacity (zk/trees/status-bitmap.ts): credential indexes are < 2^20. */
const STATUS_CAPACITY = 2 ** 20;
/** An Anon Aadhaar proof (64 KiB, the largest evidence) escaped inside a JSON string, with room to spare. */
const ISSUE_BODY_LIMIT = 256 * 1024;

const KINDS = Object.keys(EVIDENCE_KINDS) as [EvidenceKind, ...EvidenceKind[]];

const IssueBody = z
  .strictObject({
    subject: FieldElement,
    evidenceKind: z.enum(KINDS),
    evidence: z.string().min(1).max(65_536),
    validitySeconds: z
      .number()
      .int()
      .min(60)
      .max(5 * 365 * 86_400)
      .optional(),
  })
  .meta({ id: 'IssueCredentialRequest' });
const CredentialFile = credentialFileSchema.meta({ id: 'CredentialFile' });
const CredentialParams = z.object({
  id: z.string().regex(CREDENTIAL_ID_PATTERN, 'must be a credential id (cred_ + 16 base64url characters)'),
});
const RevokeBody = z
  .strictObject({ reason: z.string().min(1).max(200), urgent: z.boolean().optional() })
  .meta({ id: 'RevokeCredentialRequest' });
const Revoked = z
  .object({ credentialId: z.string(), statusRoot: Decimal, seq: z.number().int() })
  .meta({ id: 'RevokedCredential' });

const HistoryEntry = z
  .object({ seq: z.number().int(), root: Decimal, createdAt: z.iso.datetime() })
  .meta({ id: 'StatusHistoryEntry' });
const IssuerStatus = z
  .object({
    issuerId: z.string(),
    seq: z.number().int(),
    root: Decimal,
    createdAt: z.iso.datetime(),
    jws: z.string(),
    history: z.array(HistoryEntry),
  })
  .meta({ id: 'IssuerStatus' });
const WitnessParams = IssuerParams.extend({
  index: z
    .string()
    .regex(/^(0|[1-9][0-9]{0,6})$/, 'must be a credential index')
    .refine((s) => Number(s) < STATUS_CAPACITY, 'must be below 2^20'),
});
const Witness = z
  .object({
    issuerId: z.string(),
    index: z.number().int(),
    revoked: z.boolean(),
    seq: z.number().int(),
    root: Decimal,
    words: z.array(Decimal),
    path: z.object({ index: z.number().int(), children: z.array(z.array(Decimal)) }),
  })
  .meta({ id: 'NonRevocationWitness' });

const AuditQuery = z.object({
  limit: z
    .string()
    .regex(/^[1-9][0-9]{0,2}$/, 'must be 1-500')
    .refine((s) => Number(s) <= 500, 'must be 1-500')
    .optional(),
  before: z
    .string()
    .regex(/^[1-9][0-9]{0,14}$/, 'must be an event id')
    .optional(),
});
const AuditEventView = z
  .object({
    id: z.number().int(),
    actor: z.string(),
    action: z.string(),
    target: z.string(),
    at: z.iso.datetime(),
    details: z.object({
      evidenceKind: z.string().optional(),
      evidenceDigest: z.string().optional(),
      attributesDigest: z.string().optional(),
      reason: z.string().optional(),
      seq: z.number().int().optional(),
    }),
  })
  .meta({ id: 'AuditEvent' });
const AuditEventList = z
  .object({ events: z.array(AuditEventView), nextBefore: z.number().int().nullable() })
  .meta({ id: 'AuditEventList' });

export const credentialRoutes = defineRoutes<CredentialServices>({
  area: 'credentials',
  // every store it touches has a PostgreSQL implementation (credentials/pg-store.ts)
  postgres: true,
  services: (deps) => createCredentialServices({ metrics: deps.metrics }),
  routes: (route) => [
    route({
      method: 'post',
      path: '/v1/issuers/{id}/credentials',
      operationId: 'issueCredential',
      summary: "Verify KYC evidence and issue a kyc-v1 credential to the holder's subject commitment",
      roles: ['issuer', 'institution'],
      params: IssuerParams,
      body: IssueBody,
      bodyLimit: ISSUE_BODY_LIMIT,
      bodyCheckedBy:
        'the evidence is verified by its kind (a JWS signature, an Anon Aadhaar proof, or the manual attributes) and refused with its own code, e.g. EVIDENCE_MALFORMED, EVIDENCE_SIGNATURE_INVALID or EVIDENCE_REPLAYED.',
      response: { status: 201, schema: CredentialFile },
      handler: async ({ auth, params, body, deps, services }) => {
        const ctx = domain(deps).issuer;
        await issuerRow(ctx, params.id, auth.tenant); // NOT_FOUND before any configuration is consulted
        return issueCounted(services, ctx, {
          issuerId: params.id,
          tenant: auth.tenant,
          actor: auth.keyId,
          subject: BigInt(body.subject),
          evidenceKind: body.evidenceKind,
          evidence: body.evidence,
          ...(body.validitySeconds === undefined ? {} : { validitySeconds: body.validitySeconds }),
        });
      },
    }),
    route({
      method: 'post',
      path: '/v1/credentials/{id}/revoke',
      operationId: 'revokeCredential',
      summary: 'Revoke a credential and publish the new signed status root',
      roles: ['issuer', 'admin'],
      params: CredentialParams,
      body: RevokeBody,
      response: { schema: Revoked },
      handler: async ({ auth, params, body, deps, services }) => {
        let r;
        try {
          r = await revokeCredential(domain(deps).issuer, {
            credentialId: params.id,
            reason: body.reason,
            actor: auth.keyId,
            tenant: auth.tenant,
            ...(body.urgent ? { urgent: true } : {}),
          });
        } catch (err) {
          // the library says "no such issuer" for another tenant's credential: answer exactly as for a missing one
          if (isVouchError(err) && err.code === 'NOT_FOUND') throw new VouchError('NOT_FOUND', 'no such credential');
          throw err;
        }
        services.revocations.inc();
        return r;
      },
    }),
    route({
      method: 'get',
      path: '/v1/issuers/{id}/status',
      operationId: 'getIssuerStatus',
      summary: "An issuer's latest signed status snapshot and its recent root history (public)",
      roles: 'public',
      params: IssuerParams,
      response: { schema: IssuerStatus },
      handler: async ({ params, deps }) => {
        const ctx = domain(deps).issuer;
        await issuerRow(ctx, params.id);
        let s = await latestSnapshot(ctx, params.id);
        if (!s || ctx.clock() - s.createdAt > HEARTBEAT_SECONDS) s = await publishStatusSnapshot(ctx, params.id);
        return {
          issuerId: params.id,
          seq: s.seq,
          root: s.root,
          createdAt: isoSeconds(s.createdAt),
          jws: s.jws,
          history: (await snapshotHistory(ctx, params.id, HISTORY_LENGTH)).map((h) => ({
            seq: h.seq,
            root: h.root,
            createdAt: isoSeconds(h.createdAt),
          })),
        };
      },
    }),
    route({
      method: 'get',
      path: '/v1/issuers/{id}/status/witness/{index}',
      operationId: 'getNonRevocationWitness',
      summary: 'The non-revocation witness for a credential index under the latest status root (public)',
      roles: 'public',
      params: WitnessParams,
      response: { schema: Witness },
      handler: async ({ params, deps }) => {
        const ctx = domain(deps).issuer;
        await issuerRow(ctx, params.id);
        const index = Number(params.index);
        // createIssuer publishes the first snapshot after its transaction: a crash in between leaves none
        if (!(await latestSnapshot(ctx, params.id))) await publishStatusSnapshot(ctx, params.id);
        // one read snapshot, so the bitmap and the snapshot that publishes it are the same state
        const state = await ctx.store.statusState(params.id);
        const snapshot = state.latest!;
        const bitmap = StatusBitmap.fromRevoked(state.revoked);
        const w = bitmap.witness(index);
        // a revocation commits with its snapshot (revokeCredential), so this is a broken invariant
        if (snapshot.root !== w.root.toString()) throw new Error('status bitmap and latest snapshot disagree');
        return {
          issuerId: params.id,
          index,
          revoked: bitmap.isRevoked(index),
          seq: snapshot.seq,
          root: w.root.toString(),
          words: w.words.map(String),
          path: { index: w.path.index, children: w.path.children.map((level) => level.map(String)) },
        };
      },
    }),
    route({
      method: 'get',
      path: '/v1/admin/audit-events',
      operationId: 'listAuditEvents',
      summary: "The tenant's audit trail of credential operations (who, what, when), newest first",
      roles: ['admin'],
      query: AuditQuery,
      response: { schema: AuditEventList },
      handler: async ({ auth, query, deps }) => {
        const limit = query.limit === undefined ? 100 : Number(query.limit);
        const events = await listAuditEvents(domain(deps).issuer.store, auth.tenant, {
          limit,
          ...(query.before === undefined ? {} : { before: Number(query.before) }),
        });
        return {
          events: events.map((e) => ({ ...e, at: isoSeconds(e.at) })),
          nextBefore: events.length === limit ? events[events.length - 1]!.id : null,
        };
      },
    }),
  ],
});
