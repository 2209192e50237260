/**
 * Unmasking a logged request: the request is checked to be in the log (like every member does), k
 * valid shares are combined (combine-shares.ts), and a result record is appended to the log. The
 * record holds a digest only — a salted commitment to the recovered identity, never the identity:
 * m has only 2^26 values, so an unsalted hash would be read off by anyone. The requester keeps the
 * opening (identity and salt) and can show an auditor that the logged result is the one it holds.
 *
 * Log entry `unmask-result`, payload:
 *   { version: 1, request: <hex leaf hash>, requestIndex, committeeId, outcome: 'recovered', members, identityCommitment }
 *   identityCommitment = SHA-256(frame("vouch/escrow/unmask-result/v1") ‖ request ‖ decimal m ‖ salt), hex
 */
import { createHash, randomBytes } from 'node:crypto';
import { VouchError } from '../errors/index.js';
import type { AnyTransparencyLog, LogAppender } from '../log/index.js';
import { combineDecryptionShares } from './combine-shares.js';
import type { EscrowCommittee } from './committee-key.js';
import type { EscrowIdentity } from './format.js';
import { verifyLoggedRequest, type VerifyLoggedRequestOptions } from './verify-logged-request.js';

export interface UnmaskResultPayload {
  version: 1;
  request: string;
  requestIndex: number;
  committeeId: string;
  outcome: 'recovered';
  members: number[];
  identityCommitment: string;
}

export interface CombineForRequestOptions extends VerifyLoggedRequestOptions {
  committee: EscrowCommittee;
  shares: readonly unknown[];
  log: LogAppender;
}

export interface UnmaskOutcome {
  identity: EscrowIdentity;
  /** Opening of the logged commitment (keep it with the identity; both are confidential). */
  salt: string;
  resultIndex: number;
  result: UnmaskResultPayload;
}

export function combineForLoggedRequest(o: CombineForRequestOptions): UnmaskOutcome {
  const { identity, salt, result } = combined(o);
  const { index } = o.log.appendEntry('unmask-result', result as unknown as Record<string, unknown>);
  return { identity, salt, resultIndex: index, result };
}

/** The same on either store's log (the CLI on PostgreSQL appends the result to the log `vouch serve` serves). */
export async function combineForLoggedRequestAsync(
  o: Omit<CombineForRequestOptions, 'log'> & { log: Pick<AnyTransparencyLog, 'appendEntry'> },
): Promise<UnmaskOutcome> {
  const { identity, salt, result } = combined(o); // every refusal comes before the append
  const { index } = await o.log.appendEntry('unmask-result', result as unknown as Record<string, unknown>);
  return { identity, salt, resultIndex: index, result };
}

/** Checks the logged request and the shares, and makes the result record; appends nothing. */
function combined(o: Omit<CombineForRequestOptions, 'log'>): Omit<UnmaskOutcome, 'resultIndex'> {
  const verified = verifyLoggedRequest(o);
  const r = verified.request;
  if (r.committeeId !== o.committee.committeeId || r.epoch !== o.committee.epoch) {
    throw new VouchError(
      'ESCROW_KEY_STALE',
      `the request is for the escrow committee of epoch ${r.epoch}, not the one given (epoch ${o.committee.epoch})`,
      {
        details: { requestEpoch: r.epoch, committeeEpoch: o.committee.epoch },
      },
    );
  }
  const out = combineDecryptionShares({
    committee: o.committee,
    ciphertext: r.parsedCiphertext,
    request: verified.ref,
    shares: o.shares,
  });
  const salt = randomBytes(32).toString('hex');
  const result: UnmaskResultPayload = {
    version: 1,
    request: verified.ref,
    requestIndex: verified.index,
    committeeId: o.committee.committeeId,
    outcome: 'recovered',
    members: out.members,
    identityCommitment: identityCommitment(verified.ref, out.m, salt),
  };
  return { identity: out.identity, salt, result };
}

/** The commitment a result record carries; recompute it from an opening to check a result. */
export function identityCommitment(request: string, m: bigint, salt: string): string {
  const h = createHash('sha256');
  for (const part of ['vouch/escrow/unmask-result/v1', request, m.toString(), salt]) {
    const b = Buffer.from(part, 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32BE(b.length);
    h.update(len).update(b);
  }
  return h.digest('hex');
}
