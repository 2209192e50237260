/**
 * The parts of a bundle that are derived, not stored: the signed body, its digest and the log
 * entry payload. Builder and verifier both call these, so they cannot drift apart.
 */
import { canonicalJson, canonicalJsonBytes, encodeBase64, hashLeaf, sha256, type JsonValue } from '../../log/index.js';
import { LOG_PAYLOAD_FORMAT, type BundleBody } from './types.js';

export function bundleBody(b: BundleBody): BundleBody {
  return {
    version: b.version,
    kind: b.kind,
    institution: b.institution,
    period: b.period,
    aggregates: b.aggregates,
    commitment: { alg: b.commitment.alg, root: b.commitment.root, count: b.commitment.count },
  };
}

/** The exact bytes the JWS signs (before base64url). */
export function bundleBodyBytes(b: BundleBody): Uint8Array {
  return canonicalJsonBytes(bundleBody(b));
}

/** Payload of the `report-commitment` log entry for this body. */
export function bundleLogPayload(b: BundleBody): Record<string, JsonValue> {
  return {
    format: LOG_PAYLOAD_FORMAT,
    bodyDigest: encodeBase64(sha256(bundleBodyBytes(b))),
    commitment: b.commitment.root,
  };
}

/** SHA-256(salt || canonical JSON(record)). */
export function recordHash(salt: Uint8Array, record: unknown): Uint8Array {
  return sha256(salt, new TextEncoder().encode(canonicalJson(record)));
}

/** The commitment tree's leaf hash for a record: RFC 6962 leaf over the 32-byte record hash. */
export function recordLeafHash(salt: Uint8Array, record: unknown): Uint8Array {
  return hashLeaf(recordHash(salt, record));
}
