/**
 * What the credentials area needs besides the shared domain services: which KYC evidence this
 * service trusts, the audit-trail reader and the area's counters.
 *
 * Evidence trust comes from the environment unless `kyc` is given (tests and embedders:
 * `createApp({ ...deps, services: { credentials: createCredentialServices({ metrics, kyc }) } })`).
 * Each kind's configuration is read on the first issuance that needs it and then kept; a broken
 * one fails that request with CONFIG_INVALID (and is read again next time) instead of taking the
 * whole service down, and never affects the other kinds.
 *
 *   VOUCH_KYC_VENDOR_JWKS, VOUCH_KYC_VENDOR_ISSUER   the trusted KYC vendor's public JWKS file and `iss`.
 *       The `aud` its attestations must carry is the Vouch issuer id, so a token minted for one
 *       issuer cannot be redeemed at another (VOUCH_KYC_VENDOR_AUDIENCE is not used by the service).
 *   ANON_AADHAAR_TRUSTED_KEYS, ANON_AADHAAR_MAX_AGE_SECONDS   trusted UIDAI keys (PEM paths) and the
 *       oldest QR accepted. The nullifier seed is each issuer's own `appId` (ANON_AADHAAR_APP_ID,
 *       which the CLI needs, is ignored here).
 */
import {
  issueCredential,
  issueCredentialForPickup,
  type CredentialFile,
  type CredentialStore,
  type EvidenceKind,
  type IssuerContext,
  type IssueOptions,
} from '../../credentials/index.js';
import type { CreatedPickup } from '../../credentials/pickup.js';
import { isVouchError } from '../../errors/index.js';
import {
  anonAadhaarConfigFromEnv,
  vendorTrustFromEnv,
  type AnonAadhaarConfig,
  type VendorTrust,
} from '../../kyc/index.js';
import type { Counter, MetricsRegistry } from '../metrics/registry.js';

export interface KycTrust {
  /** KYC vendors whose attestations `issuerId` accepts; their `audience` is normally the issuer id. */
  vendors?: (issuerId: string) => readonly VendorTrust[];
  /** Anon Aadhaar acceptance; the nullifier seed is always the issuer's own app id. */
  anonAadhaar?: Omit<AnonAadhaarConfig, 'nullifierSeed'>;
}

export interface CredentialServicesOptions {
  metrics: MetricsRegistry;
  /** Evidence trust; default: read from `env`. */
  kyc?: KycTrust;
  /** Default process.env. */
  env?: NodeJS.ProcessEnv;
}

export interface CredentialServices {
  /** The trust configuration an issuance of `kind` at `issuerId` needs ({} when not configured). */
  trust(kind: EvidenceKind, issuerId: string): NonNullable<IssueOptions['trust']>;
  /** Issuance requests by evidence kind and outcome (`issued` or the refusal code). */
  issuances: Counter;
  revocations: Counter;
}

export function createCredentialServices(o: CredentialServicesOptions): CredentialServices {
  const kyc = o.kyc ?? kycTrustFromEnv(o.env ?? process.env);
  return {
    trust(kind, issuerId) {
      if (kind === 'vendor-jws') {
        const vendors = kyc.vendors?.(issuerId);
        return vendors ? { vendors } : {};
      }
      if (kind === 'anon-aadhaar' && kyc.anonAadhaar) {
        // issueCredential replaces the seed with the issuer's app id; 0n is only a placeholder
        return { anonAadhaar: { ...kyc.anonAadhaar, nullifierSeed: 0n } };
      }
      return {};
    },
    issuances: o.metrics.counter(
      'vouch_credential_issuances_total',
      'Credential issuance requests by evidence kind and outcome (issued or the refusal code)',
      ['evidence_kind', 'outcome'],
    ),
    revocations: o.metrics.counter('vouch_credential_revocations_total', 'Credentials revoked through the API'),
  };
}

/** KycTrust read lazily from the environment (see the module comment). */
/**
 * Issues one credential with this service's evidence trust and counts the outcome (issued, or the
 * refusal's code) in the issuance counter: what both issuance routes (the credential file, and
 * the pickup code) do.
 */
export async function issueCounted(
  services: CredentialServices,
  ctx: IssuerContext,
  o: Omit<IssueOptions, 'trust'> & { evidenceKind: EvidenceKind },
): Promise<CredentialFile> {
  return counted(services, o.evidenceKind, () =>
    issueCredential(ctx, { ...o, trust: services.trust(o.evidenceKind, o.issuerId) }),
  );
}

/** issueCounted for a pickup: the credential and its one-time code in one transaction (issueCredentialForPickup). */
export async function issueForPickupCounted(
  services: CredentialServices,
  ctx: IssuerContext,
  o: Omit<IssueOptions, 'trust'> & { evidenceKind: EvidenceKind; pickupSeconds: number },
): Promise<{ credential: CredentialFile; pickup: CreatedPickup }> {
  return counted(services, o.evidenceKind, () =>
    issueCredentialForPickup(ctx, { ...o, trust: services.trust(o.evidenceKind, o.issuerId) }),
  );
}

async function counted<T>(services: CredentialServices, evidenceKind: EvidenceKind, run: () => Promise<T>): Promise<T> {
  try {
    const r = await run();
    services.issuances.inc({ evidence_kind: evidenceKind, outcome: 'issued' });
    return r;
  } catch (err) {
    services.issuances.inc({ evidence_kind: evidenceKind, outcome: isVouchError(err) ? err.code : 'INTERNAL' });
    throw err;
  }
}

export function kycTrustFromEnv(env: NodeJS.ProcessEnv): KycTrust {
  let vendor: VendorTrust | null | undefined;
  let anon: Omit<AnonAadhaarConfig, 'nullifierSeed'> | null | undefined;
  return {
    vendors(issuerId) {
      if (vendor === undefined) {
        const jwks = env.VOUCH_KYC_VENDOR_JWKS?.trim();
        const issuer = env.VOUCH_KYC_VENDOR_ISSUER?.trim();
        // the library's reader checks the pair is complete and the JWKS holds public keys only
        vendor =
          jwks || issuer
            ? (vendorTrustFromEnv({
                VOUCH_KYC_VENDOR_JWKS: jwks,
                VOUCH_KYC_VENDOR_ISSUER: issuer,
                VOUCH_KYC_VENDOR_AUDIENCE: 'per-issuer',
              }) ?? null)
            : null;
      }
      return vendor ? [{ ...vendor, audience: issuerId }] : [];
    },
    get anonAadhaar() {
      if (anon === undefined) {
        const keys = env.ANON_AADHAAR_TRUSTED_KEYS?.trim();
        const config = keys
          ? anonAadhaarConfigFromEnv({
              ANON_AADHAAR_TRUSTED_KEYS: keys,
              ANON_AADHAAR_APP_ID: '0',
              ANON_AADHAAR_MAX_AGE_SECONDS: env.ANON_AADHAAR_MAX_AGE_SECONDS,
            })
          : undefined;
        anon = config ? { trustedPubkeyHashes: config.trustedPubkeyHashes, maxAgeSeconds: config.maxAgeSeconds } : null;
      }
      return anon ?? undefined;
    },
  };
}

export interface AuditEvent {
  id: number;
  /** The API key id (or CLI operator) that acted. */
  actor: string;
  action: string;
  /** The object acted on (a credential id). */
  target: string;
  /** Unix seconds. */
  at: number;
  details: AuditDetails;
}

/** The only detail members shown: digests, kinds and sequence numbers, never evidence or attributes. */
export interface AuditDetails {
  evidenceKind?: string;
  evidenceDigest?: string;
  attributesDigest?: string;
  reason?: string;
  seq?: number;
}

const DETAIL_KEYS = ['evidenceKind', 'evidenceDigest', 'attributesDigest', 'reason', 'seq'] as const;

/** A tenant's audit events, newest first, `limit` of them with an id below `before`. */
export async function listAuditEvents(
  store: CredentialStore,
  tenant: string,
  o: { limit: number; before?: number },
): Promise<AuditEvent[]> {
  return (await store.auditEvents(tenant, o)).map((r) => ({
    id: r.id,
    actor: r.actor,
    action: r.action,
    target: r.target,
    at: r.at,
    details: pickDetails(r.details),
  }));
}

function pickDetails(text: string): AuditDetails {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {};
  }
  const out: Record<string, unknown> = {};
  if (raw && typeof raw === 'object') {
    for (const k of DETAIL_KEYS) {
      const v = (raw as Record<string, unknown>)[k];
      if (typeof v === 'string' || (k === 'seq' && typeof v === 'number')) out[k] = v;
    }
  }
  return out as AuditDetails;
}
