/**
 * Offline audit of a report bundle or disclosure: structure, signature (JWKS), records against the
 * commitment, aggregates (when every record is present and a recomputation is known), checkpoint
 * signature (pinned log key), log inclusion of the bundle, and optionally consistency with an
 * earlier checkpoint. Never touches the network or a database. A bad bundle is a result
 * (`ok: false` with coded checks), not an exception; bad *auditor* inputs (JWKS, log key) throw.
 */
import type { JSONWebKeySet } from 'jose';
import { VouchError, isVouchError } from '../../errors/index.js';
import { parseVerifierKey, type NoteVerifier } from '../../log/index.js';
import { bundleAggregator, type AggregateRecomputer } from '../bundle/index.js';
import { checkAggregates } from './check-aggregates.js';
import { checkLog, type ConsistencyProofInput } from './check-log.js';
import { checkRecords } from './check-records.js';
import { checkSignature } from './check-signature.js';
import { parseBundle } from './parse-bundle.js';
import { fail, type AuditCheck, type AuditSkip, type BundleVerification } from './types.js';

export interface VerifyBundleOptions {
  /** The institution's public keys ({"keys": [...]}). */
  jwks: JSONWebKeySet;
  /** The log's verifier key (`name+keyid+base64key`). */
  logKey: string | NoteVerifier;
  /** Expected checkpoint origin; default: the log key's name. */
  origin?: string;
  /** An earlier signed checkpoint the auditor holds. */
  previousCheckpoint?: string;
  /**
   * Consistency proof between that checkpoint and the bundle's (from `vouch log consistency`): its
   * hashes, or the whole proof, whose tree sizes must then be the two checkpoints'.
   */
  consistencyProof?: ConsistencyProofInput;
  /** Recompute aggregates from records; default: the aggregator registered for the bundle kind. */
  recomputeAggregates?: AggregateRecomputer;
}

/**
 * Verifies a signed report bundle offline, as an auditor: the JWS against the institution's keys,
 * the record commitment, the recomputed aggregates, and the bundle's inclusion in the transparency
 * log under a checkpoint signed by the pinned log key (and consistent with an earlier one, if
 * given). Never throws on a bad bundle: every failed check is listed in the result.
 *
 * @example
 * const result = await verifyBundle(JSON.parse(readFileSync('bundle.json', 'utf8')), {
 *   jwks: JSON.parse(readFileSync('institution-jwks.json', 'utf8')),
 *   logKey: 'vouch-log+1a2b3c4d+AQ...', // the log's verifier key, pinned out of band
 * });
 * if (!result.ok) console.error(result.checks.filter((c) => !c.ok));
 */
export async function verifyBundle(document: unknown, options: VerifyBundleOptions): Promise<BundleVerification> {
  const jwks = checkJwks(options.jwks);
  const logKey = typeof options.logKey === 'string' ? parseVerifierKey(options.logKey) : options.logKey;
  const checks: AuditCheck[] = [];
  const skipped: AuditSkip[] = [];

  let bundle;
  try {
    bundle = parseBundle(document);
  } catch (err) {
    if (!isVouchError(err)) throw err;
    return {
      ok: false,
      checks: [fail('structure', 'BUNDLE_MALFORMED', err.message)],
      skipped,
      records: { count: 0, present: 0, complete: false },
    };
  }

  checks.push(await checkSignature(bundle, jwks));
  const records = checkRecords(bundle);
  checks.push(records.check);

  const recompute = options.recomputeAggregates ?? bundleAggregator(bundle.kind);
  if (!records.complete) skipped.push({ name: 'aggregates', reason: 'not every record is disclosed' });
  else if (!records.check.ok) skipped.push({ name: 'aggregates', reason: 'the records do not match the commitment' });
  else if (!recompute)
    skipped.push({ name: 'aggregates', reason: `no aggregate recomputation known for kind "${bundle.kind}"` });
  else checks.push(await checkAggregates(bundle, recompute));

  checks.push(
    ...checkLog(bundle, {
      logKey,
      ...(options.origin !== undefined ? { origin: options.origin } : {}),
      ...(options.previousCheckpoint !== undefined ? { previousCheckpoint: options.previousCheckpoint } : {}),
      ...(options.consistencyProof !== undefined ? { consistencyProof: options.consistencyProof } : {}),
    }),
  );
  if (options.previousCheckpoint === undefined)
    skipped.push({ name: 'consistency', reason: 'no previous checkpoint given' });

  return {
    ok: checks.every((c) => c.ok),
    checks,
    skipped,
    records: { count: bundle.commitment.count, present: bundle.records.length, complete: records.complete },
  };
}

function checkJwks(jwks: unknown): JSONWebKeySet {
  const keys = (jwks as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.some((k) => k === null || typeof k !== 'object' || Array.isArray(k))) {
    throw new VouchError('JWKS_INVALID', 'the JWKS must be {"keys": [JWK, ...]}');
  }
  if (keys.some((k) => 'd' in (k as object))) throw new VouchError('JWKS_INVALID', 'the JWKS contains a private key');
  return jwks as JSONWebKeySet;
}
