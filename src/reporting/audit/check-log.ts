/**
 * The transparency-log side of a bundle: the checkpoint is signed by the pinned log key, the
 * bundle's report-commitment entry is included in the tree that checkpoint signs, and (optionally)
 * the checkpoint is consistent with an earlier one the auditor kept.
 */
import { VouchError, isVouchError } from '../../errors/index.js';
import {
  decodeHash,
  entryLeafHash,
  equalBytes,
  parseCheckpointText,
  verifyCheckpoint,
  verifyConsistency,
  verifyInclusion,
  type Checkpoint,
  type NoteVerifier,
} from '../../log/index.js';
import { bundleLogPayload, type ReportBundle } from '../bundle/index.js';
import { fail, pass, type AuditCheck, type AuditCheckName } from './types.js';

export interface LogCheckOptions {
  logKey: string | NoteVerifier;
  origin?: string;
  previousCheckpoint?: string;
  /**
   * Proof between the previous checkpoint's size and the bundle checkpoint's size (either order):
   * its hashes, or the whole proof (`vouch log consistency --json`), whose sizes are then checked
   * against the checkpoints' first, so a proof made for other sizes is named as such rather than
   * read as a forked log.
   */
  consistencyProof?: ConsistencyProofInput;
}

/** A consistency proof's hashes, or the proof with the tree sizes it was made for. */
export type ConsistencyProofInput =
  readonly Uint8Array[] | { readonly fromSize: number; readonly toSize: number; readonly proof: readonly Uint8Array[] };

export function checkLog(bundle: ReportBundle, o: LogCheckOptions): AuditCheck[] {
  const checks: AuditCheck[] = [];
  const verifyOpts = o.origin === undefined ? {} : { origin: o.origin };

  // 1. Checkpoint signature. If it fails, inclusion is still evaluated against the claimed root
  // (useful diagnostics; the overall result fails either way).
  let cp: Checkpoint | undefined;
  try {
    cp = verifyCheckpoint(bundle.log.checkpoint, o.logKey, verifyOpts);
    checks.push(
      pass(
        'checkpoint',
        `signed by ${typeof o.logKey === 'string' ? o.logKey.split('+')[0] : o.logKey.name}, size ${cp.size}`,
      ),
    );
  } catch (err) {
    if (!isVouchError(err) || err.code === 'VERIFIER_KEY_INVALID') throw err;
    checks.push(fail('checkpoint', 'CHECKPOINT_SIGNATURE_INVALID', `checkpoint rejected (${err.code})`));
    cp = parseUnverified(bundle.log.checkpoint);
  }

  // 2. Inclusion of the report-commitment entry rebuilt from the body.
  checks.push(checkInclusion(bundle, cp));

  // 3. Consistency with an earlier checkpoint.
  if (o.previousCheckpoint !== undefined) {
    let prev: Checkpoint | undefined;
    try {
      prev = verifyCheckpoint(o.previousCheckpoint, o.logKey, verifyOpts);
      checks.push(pass('previous-checkpoint', `size ${prev.size}`));
    } catch (err) {
      if (!isVouchError(err) || err.code === 'VERIFIER_KEY_INVALID') throw err;
      checks.push(
        fail('previous-checkpoint', 'CHECKPOINT_SIGNATURE_INVALID', `previous checkpoint rejected (${err.code})`),
      );
    }
    if (prev && cp) checks.push(checkConsistency(prev, cp, o.consistencyProof));
  }
  return checks;
}

function checkInclusion(bundle: ReportBundle, cp: Checkpoint | undefined): AuditCheck {
  const name: AuditCheckName = 'log-inclusion';
  if (!cp) return fail(name, 'LOG_INCLUSION_INVALID', 'no readable checkpoint to prove inclusion against');
  const proof = bundle.log.inclusionProof.map(decodeHash);
  if (proof.some((p) => p === undefined))
    return fail(name, 'LOG_INCLUSION_INVALID', 'inclusion proof is not base64 32-byte hashes');
  let leafHash: Uint8Array;
  try {
    leafHash = entryLeafHash('report-commitment', bundleLogPayload(bundle));
  } catch {
    return fail(name, 'LOG_INCLUSION_INVALID', 'the bundle body cannot be encoded as a log entry');
  }
  try {
    verifyInclusion({
      leafIndex: bundle.log.index,
      treeSize: cp.size,
      leafHash,
      proof: proof as Uint8Array[],
      rootHash: cp.rootHash,
    });
  } catch (err) {
    if (!isVouchError(err)) throw err;
    return fail(
      name,
      'LOG_INCLUSION_INVALID',
      `the bundle's log entry is not proven in the checkpoint (${String(err.details?.reason ?? err.code)})`,
    );
  }
  return pass(name, `entry ${bundle.log.index} of ${cp.size}`);
}

function checkConsistency(prev: Checkpoint, cp: Checkpoint, given: ConsistencyProofInput | undefined): AuditCheck {
  const name: AuditCheckName = 'consistency';
  const [older, newer] = prev.size <= cp.size ? [prev, cp] : [cp, prev];
  if (given !== undefined && !isHashList(given) && (given.fromSize !== older.size || given.toSize !== newer.size)) {
    return fail(
      name,
      'CONSISTENCY_PROOF_REQUIRED',
      `the consistency proof given is between sizes ${given.fromSize} and ${given.toSize}, the checkpoints are of sizes ${older.size} and ${newer.size}: make one with \`vouch log consistency --from ${older.size} --to ${newer.size}\``,
    );
  }
  const proof = given === undefined || isHashList(given) ? given : given.proof;
  if (prev.size === cp.size && proof === undefined) {
    return equalBytes(prev.rootHash, cp.rootHash)
      ? pass(name, 'same tree')
      : fail(name, 'CHECKPOINT_INCONSISTENT', 'two checkpoints of the same size with different roots');
  }
  if (proof === undefined) {
    return fail(
      name,
      'CONSISTENCY_PROOF_REQUIRED',
      `a consistency proof between sizes ${prev.size} and ${cp.size} is needed (vouch log consistency)`,
    );
  }
  try {
    verifyConsistency({
      fromSize: older.size,
      toSize: newer.size,
      fromRoot: older.rootHash,
      toRoot: newer.rootHash,
      proof,
    });
  } catch (err) {
    if (!isVouchError(err)) throw err;
    return fail(
      name,
      'CHECKPOINT_INCONSISTENT',
      `the checkpoints are not one append-only log (${String(err.details?.reason ?? err.code)})`,
    );
  }
  return pass(name, `size ${older.size} is a prefix of size ${newer.size}`);
}

function isHashList(p: ConsistencyProofInput): p is readonly Uint8Array[] {
  return Array.isArray(p);
}

function parseUnverified(note: string): Checkpoint | undefined {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) return undefined;
  try {
    return parseCheckpointText(note.slice(0, split + 1));
  } catch (err) {
    if (err instanceof VouchError) return undefined;
    throw err;
  }
}
