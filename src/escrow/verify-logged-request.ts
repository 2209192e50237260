/**
 * The gate in front of every decryption share: an unmasking request counts only once it is proved
 * to be in the transparency log — its entry's inclusion proof leads to the root of a checkpoint
 * signed by the pinned log key, and that checkpoint is newer than the request (its tree contains
 * the request's index). Pure and offline: a committee member needs the request, the proof, the
 * checkpoint and the log key it pinned, nothing else.
 */
import { VouchError, isVouchError } from '../errors/index.js';
import {
  entryLeafHash,
  equalBytes,
  inclusionProofFromJson,
  verifyCheckpoint,
  verifyInclusion,
  type NoteVerifier,
} from '../log/index.js';
import { parseUnmaskRequest, type UnmaskRequest } from './unmask-request.js';

export interface LoggedUnmaskRequest {
  /** The request's log index. */
  index: number;
  payload: unknown;
}

export interface VerifyLoggedRequestOptions {
  request: LoggedUnmaskRequest;
  /** Inclusion proof of the request's entry (InclusionProofJson, as `vouch log inclusion --json` prints it). */
  inclusionProof: unknown;
  /** A signed checkpoint (C2SP signed note) of a tree that contains the request. */
  checkpoint: string;
  /** The log's verifier key, pinned by the member (never taken from the request). */
  logKey: string | NoteVerifier;
}

export interface VerifiedUnmaskRequest {
  request: UnmaskRequest;
  index: number;
  /** Hex leaf hash: what shares and the result name the request by. */
  ref: string;
  checkpointSize: number;
}

export function verifyLoggedRequest(o: VerifyLoggedRequestOptions): VerifiedUnmaskRequest {
  const index = o.request?.index;
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) {
    throw new VouchError('UNMASK_REQUEST_INVALID', 'the request must name its log index', {
      details: { field: 'index' },
    });
  }
  const request = parseUnmaskRequest(o.request.payload);
  const cp = verifyCheckpoint(o.checkpoint, o.logKey);
  if (cp.size <= index) {
    throw new VouchError(
      'UNMASK_CHECKPOINT_STALE',
      `the checkpoint (tree size ${cp.size}) is older than the request (log index ${index})`,
      {
        details: { checkpointSize: cp.size, requestIndex: index },
      },
    );
  }
  let proof;
  try {
    proof = inclusionProofFromJson(o.inclusionProof);
  } catch (err) {
    throw notLogged('the inclusion proof is malformed', err);
  }
  if (proof.leafIndex !== index || proof.treeSize !== cp.size)
    throw notLogged('the inclusion proof is for another entry or another tree than the checkpoint’s');
  const leafHash = entryLeafHash('unmask-request', o.request.payload as Record<string, unknown>);
  if (!equalBytes(proof.leafHash, leafHash)) throw notLogged('the inclusion proof is for another entry');
  try {
    verifyInclusion({ leafIndex: index, treeSize: cp.size, leafHash, proof: proof.proof, rootHash: cp.rootHash });
  } catch (err) {
    if (isVouchError(err)) throw notLogged('the inclusion proof does not lead to the signed checkpoint', err);
    throw err;
  }
  return { request, index, ref: Buffer.from(leafHash).toString('hex'), checkpointSize: cp.size };
}

function notLogged(why: string, cause?: unknown): VouchError {
  return new VouchError(
    'UNMASK_NOT_LOGGED',
    `the unmasking request is not proved to be in the log: ${why}`,
    cause === undefined ? {} : { cause },
  );
}
