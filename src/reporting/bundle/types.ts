/**
 * The report bundle document (format version 1). One JSON shape for the full bundle an institution
 * keeps and for a disclosure it hands out: a disclosure carries only some records, each with its
 * Merkle inclusion proof against `commitment.root`.
 *
 * Signed body = { version, kind, institution, period, aggregates, commitment } as canonical JSON
 * (RFC 8785-compatible, see log/canonical-json.ts). Records are not in the body: they are bound by
 * the commitment, so a disclosure that hides records still verifies. `signature` is a compact JWS
 * with detached payload (RFC 7515 Appendix F): `<protected>..<signature>` over base64url(body).
 * The log entry `report-commitment` {format, bodyDigest, commitment} ties the body to the log.
 */
import type { JsonValue } from '../../log/index.js';

export const BUNDLE_VERSION = 1;
/** Leaves are SHA-256(salt || canonical JSON(record)); the tree is RFC 6962 over them. */
export const COMMITMENT_ALG = 'rfc6962-sha256/salted-sha256-jcs';
export const LOG_PAYLOAD_FORMAT = 'vouch-report-bundle/1';
/** 32 random bytes per record: enough that a hidden record cannot be guessed from its hash. */
export const SALT_BYTES = 32;
export const BUNDLE_JWS_TYP = 'vouch-report-bundle+jws';

export interface BundleCommitment {
  alg: typeof COMMITMENT_ALG;
  /** RFC 6962 root over the salted record hashes, base64. */
  root: string;
  count: number;
}

export interface BundleRecord {
  index: number;
  /** base64 of SALT_BYTES random bytes. */
  salt: string;
  record: JsonValue;
  /** Disclosures only: inclusion proof of this record's leaf in the commitment (base64 hashes). */
  proof?: string[];
}

export interface BundleLogSection {
  /** Index of the report-commitment entry in the transparency log. */
  index: number;
  /** Inclusion proof of that entry in the tree the checkpoint signs (base64 hashes). */
  inclusionProof: string[];
  /** The log's signed checkpoint (C2SP signed note). */
  checkpoint: string;
}

export interface BundleBody {
  version: typeof BUNDLE_VERSION;
  kind: string;
  institution: string;
  period: string;
  aggregates: JsonValue;
  commitment: BundleCommitment;
}

export interface ReportBundle extends BundleBody {
  records: BundleRecord[];
  signature: string;
  log: BundleLogSection;
}
