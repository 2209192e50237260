/**
 * Filing an unmasking request: the request is appended to the transparency log, and the requester
 * gets back what every committee member will demand before producing a share — the entry's index,
 * its inclusion proof and a signed checkpoint of a tree that contains it. Nothing is decrypted here.
 */
import {
  inclusionProofToJson,
  type AnyTransparencyLog,
  type InclusionProofJson,
  type InclusionProof,
  type SignedCheckpoint,
  type TransparencyLog,
} from '../log/index.js';
import {
  createUnmaskRequest,
  unmaskRequestRef,
  type CreateUnmaskRequestOptions,
  type UnmaskRequestPayload,
} from './unmask-request.js';

export interface LoggedUnmaskRequestFile {
  type: 'vouch-unmask-request';
  version: 1;
  index: number;
  /** Hex leaf hash of the entry: shares and results name the request by it. */
  ref: string;
  payload: UnmaskRequestPayload;
  inclusionProof: InclusionProofJson;
  checkpoint: string;
}

export function requestUnmasking(log: TransparencyLog, o: CreateUnmaskRequestOptions): LoggedUnmaskRequestFile {
  const payload = createUnmaskRequest(o);
  const { index } = log.appendEntry('unmask-request', payload as unknown as Record<string, unknown>);
  const checkpoint = log.checkpoint();
  return requestFile(payload, index, checkpoint, log.inclusionProof(index, checkpoint.size));
}

/**
 * The same on either store's log (the CLI on PostgreSQL appends to the log `vouch serve` serves).
 * Appends by other processes between the append and the checkpoint only make the checkpoint's
 * tree larger: the proof is taken for that tree, which contains the request.
 */
export async function requestUnmaskingAsync(
  log: AnyTransparencyLog,
  o: CreateUnmaskRequestOptions,
): Promise<LoggedUnmaskRequestFile> {
  const payload = createUnmaskRequest(o); // an invalid request fails before anything is appended
  const { index } = await log.appendEntry('unmask-request', payload as unknown as Record<string, unknown>);
  const checkpoint = await log.checkpoint();
  return requestFile(payload, index, checkpoint, await log.inclusionProof(index, checkpoint.size));
}

function requestFile(
  payload: UnmaskRequestPayload,
  index: number,
  checkpoint: SignedCheckpoint,
  proof: InclusionProof,
): LoggedUnmaskRequestFile {
  return {
    type: 'vouch-unmask-request',
    version: 1,
    index,
    ref: unmaskRequestRef(payload),
    payload,
    inclusionProof: inclusionProofToJson(proof),
    checkpoint: checkpoint.note,
  };
}
