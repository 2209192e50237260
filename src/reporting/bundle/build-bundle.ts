/**
 * Building a report bundle: salt and hash every record, commit to them with an RFC 6962 root,
 * sign the body (JWS, detached payload), record the body digest in the transparency log and attach
 * the inclusion proof and a signed checkpoint. The salts are the secret that keeps undisclosed
 * records hidden: the full bundle stays with the institution.
 */
import { randomBytes } from 'node:crypto';
import type { KeyInput } from 'jose';
import { VouchError } from '../../errors/index.js';
import { MemoryMerkleTree, canonicalJson, encodeBase64, type JsonValue, type LogEntryKind } from '../../log/index.js';
import { bundleBodyBytes, bundleLogPayload, recordLeafHash } from './bundle-body.js';
import { signDetached, type BundleJwsAlg } from './detached-jws.js';
import { checkBundleLabels } from './labels.js';
import { BUNDLE_VERSION, COMMITMENT_ALG, SALT_BYTES, type BundleBody, type ReportBundle } from './types.js';

/**
 * What a bundle needs from the log: TransparencyLog provides it (synchronously), an
 * AnyTransparencyLog too (asynchronously), and so does a PostgreSQL transaction's view of the log
 * (the service's bundle store: the bundle's row commits with its entry).
 */
export interface BundleLog {
  appendEntry(kind: LogEntryKind, payload: Record<string, unknown>): { index: number } | Promise<{ index: number }>;
  checkpoint(): { note: string; size: number } | Promise<{ note: string; size: number }>;
  inclusionProof(leafIndex: number, treeSize: number): { proof: Uint8Array[] } | Promise<{ proof: Uint8Array[] }>;
}

export interface BundleSigner {
  /** Private key: CryptoKey, KeyObject, private JWK or raw bytes, as jose accepts. */
  privateKey: KeyInput;
  kid: string;
  /** Default EdDSA (Ed25519). */
  alg?: BundleJwsAlg;
}

export interface BuildBundleOptions {
  records: readonly unknown[];
  aggregates: unknown;
  kind: string;
  institution: string;
  period: string;
  signer: BundleSigner;
  log: BundleLog;
}

export async function buildBundle(options: BuildBundleOptions): Promise<ReportBundle> {
  const { kind, institution, period } = options;
  checkBundleLabels({ kind, institution, period });
  if (!Array.isArray(options.records)) throw new TypeError('records must be an array');
  if (typeof options.signer?.kid !== 'string' || options.signer.kid.length === 0) {
    throw new VouchError('BUNDLE_SIGNER_INVALID', 'the signer needs a kid');
  }
  const records = options.records.map((record, index) => {
    const data = plainJson(record, `records[${index}]`);
    return { index, salt: new Uint8Array(randomBytes(SALT_BYTES)), record: data };
  });
  const aggregates = plainJson(options.aggregates ?? null, 'aggregates');
  const tree = MemoryMerkleTree.fromLeafHashes(records.map((r) => recordLeafHash(r.salt, r.record)));
  const body: BundleBody = {
    version: BUNDLE_VERSION,
    kind,
    institution,
    period,
    aggregates,
    commitment: { alg: COMMITMENT_ALG, root: encodeBase64(tree.rootHash()), count: records.length },
  };

  let signature: string;
  try {
    signature = await signDetached(
      bundleBodyBytes(body),
      options.signer.privateKey,
      options.signer.kid,
      options.signer.alg ?? 'EdDSA',
    );
  } catch (err) {
    throw new VouchError('BUNDLE_SIGNER_INVALID', 'the signing key cannot sign with this algorithm', { cause: err });
  }

  const { index } = await options.log.appendEntry('report-commitment', bundleLogPayload(body));
  const cp = await options.log.checkpoint();
  const { proof } = await options.log.inclusionProof(index, cp.size);

  return {
    ...body,
    records: records.map((r) => ({ index: r.index, salt: encodeBase64(r.salt), record: r.record })),
    signature,
    log: { index, inclusionProof: proof.map(encodeBase64), checkpoint: cp.note },
  };
}

/** A deep copy through canonical JSON: rejects values without one JSON spelling. */
function plainJson(value: unknown, field: string): JsonValue {
  try {
    return JSON.parse(canonicalJson(value)) as JsonValue;
  } catch (err) {
    throw new VouchError('INPUT_INVALID', `${field} is not plain JSON data`, { cause: err, details: { field } });
  }
}
