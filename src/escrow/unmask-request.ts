/**
 * An unmasking request: which decision to unmask (a reference to its receipt or log entry), under
 * what legal basis, by whom, and the escrow ciphertext that decision carries, for which committee.
 * It is public from the moment it exists — it is appended to the transparency log before any
 * member may produce a share — so it must never hold personal data: the requester is an
 * institution, the legal basis a reference (an order number, an article), the decision a digest
 * or index.
 *
 * Log entry `unmask-request`, payload:
 *   { version: 1, decision, legalBasis, requester, committeeId, epoch, ciphertext: {c1, c2}, requestedAt }
 * The request's identity everywhere else (shares, results) is its leaf hash, hex.
 */
import { VouchError } from '../errors/index.js';
import { entryLeafHash } from '../log/index.js';
import {
  escrowCiphertextToJson,
  parseEscrowCiphertext,
  type EscrowCiphertext,
  type EscrowCiphertextJson,
} from './format.js';
import { hex } from './lib/codec.js';

export interface UnmaskRequestPayload {
  version: 1;
  /** The decision to unmask: e.g. "receipt:sha256:<hex>" or "log:<index>". */
  decision: string;
  legalBasis: string;
  requester: string;
  committeeId: string;
  epoch: number;
  ciphertext: EscrowCiphertextJson;
  /** Unix seconds. */
  requestedAt: number;
}

export interface UnmaskRequest extends UnmaskRequestPayload {
  parsedCiphertext: EscrowCiphertext;
}

const TEXT = /^[\p{L}\p{N}\p{P}\p{S} ]+$/u;
const LIMITS = { decision: 256, legalBasis: 512, requester: 128 } as const;

export interface CreateUnmaskRequestOptions {
  decision: string;
  legalBasis: string;
  requester: string;
  committee: { committeeId: string; epoch: number };
  ciphertext: EscrowCiphertext | EscrowCiphertextJson;
  requestedAt: number;
}

export function createUnmaskRequest(o: CreateUnmaskRequestOptions): UnmaskRequestPayload {
  const ciphertext =
    'x' in o.ciphertext.c1 && typeof o.ciphertext.c1.x === 'string'
      ? (o.ciphertext as EscrowCiphertextJson)
      : escrowCiphertextToJson(o.ciphertext as EscrowCiphertext);
  const payload: UnmaskRequestPayload = {
    version: 1,
    decision: o.decision,
    legalBasis: o.legalBasis,
    requester: o.requester,
    committeeId: o.committee.committeeId,
    epoch: o.committee.epoch,
    ciphertext,
    requestedAt: o.requestedAt,
  };
  parseUnmaskRequest(payload);
  return payload;
}

/** A request payload from untrusted input; UNMASK_REQUEST_INVALID naming the field (ciphertext points: ESCROW_*). */
export function parseUnmaskRequest(json: unknown): UnmaskRequest {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) invalid('request', 'must be an object');
  const o = json as Record<string, unknown>;
  const allowed = new Set([
    'version',
    'decision',
    'legalBasis',
    'requester',
    'committeeId',
    'epoch',
    'ciphertext',
    'requestedAt',
  ]);
  for (const k of Object.keys(o)) if (!allowed.has(k)) invalid(k, 'is not a field of an unmasking request');
  if (o.version !== 1) invalid('version', 'must be 1');
  for (const field of ['decision', 'legalBasis', 'requester'] as const) {
    const v = o[field];
    if (typeof v !== 'string' || v.trim() !== v || v.length === 0 || v.length > LIMITS[field] || !TEXT.test(v)) {
      invalid(field, `must be 1-${LIMITS[field]} printable characters without leading or trailing spaces`);
    }
  }
  hex(o.committeeId, 'committeeId', 'UNMASK_REQUEST_INVALID');
  if (typeof o.epoch !== 'number' || !Number.isSafeInteger(o.epoch) || o.epoch < 1)
    invalid('epoch', 'must be a positive integer');
  if (typeof o.requestedAt !== 'number' || !Number.isSafeInteger(o.requestedAt) || o.requestedAt < 0)
    invalid('requestedAt', 'must be Unix seconds');
  const parsedCiphertext = parseEscrowCiphertext(o.ciphertext);
  return {
    ...(o as unknown as UnmaskRequestPayload),
    ciphertext: escrowCiphertextToJson(parsedCiphertext),
    parsedCiphertext,
  };
}

/** The request's reference: the hex leaf hash of its `unmask-request` log entry. */
export function unmaskRequestRef(payload: UnmaskRequestPayload): string {
  return Buffer.from(
    entryLeafHash('unmask-request', requestPayload(payload) as unknown as Record<string, unknown>),
  ).toString('hex');
}

/** The plain payload (what the log holds) of a parsed request. */
export function requestPayload(r: UnmaskRequestPayload | UnmaskRequest): UnmaskRequestPayload {
  const { parsedCiphertext: _p, ...payload } = r as UnmaskRequest;
  return payload;
}

function invalid(field: string, what: string): never {
  throw new VouchError('UNMASK_REQUEST_INVALID', `${field} ${what}`, { details: { field } });
}
