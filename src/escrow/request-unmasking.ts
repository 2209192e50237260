/**
 * Filing an unmasking request: the request is appended to the transparency log, and the requester
 * gets back what every committee member will demand before producing a share — the entry's index,
 * its inclusion proof and a signed checkpoint of a tree that contains it. Nothing is decrypted here.
 */
import { inclusionProofToJson, type InclusionProofJson, type TransparencyLog } from '../log/index.js';
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
  return {
    type: 'vouch-unmask-request',
    version: 1,
    index,
    ref: unmaskRequestRef(payload),
    payload,
    inclusionProof: inclusionProofToJson(log.inclusionProof(index, checkpoint.size)),
    checkpoint: checkpoint.note,
  };
}
