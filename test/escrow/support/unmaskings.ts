/**
 * Real unmaskings in a log, for the tests that list them: a 3-of-5 committee made by the dealerless
 * key generation, requests filed through the log (requestUnmasking), and a request carried out
 * with three members' shares (combineForLoggedRequest appends the digest-only result). Either
 * store's log: the SQLite one is lifted to the async face, as the service does.
 */
import {
  combineForLoggedRequestAsync,
  createCommittee,
  createDealing,
  createMemberKeys,
  encryptEscrowIdentity,
  finalizeCommittee,
  parseCommittee,
  requestUnmaskingAsync,
  shareForLoggedRequest,
  type EscrowCommittee,
  type LoggedUnmaskRequestFile,
} from '../../../src/escrow/index.js';
import { asAnyLog, TransparencyLog, type AnyTransparencyLog } from '../../../src/log/index.js';

const lift = (log: TransparencyLog | AnyTransparencyLog): AnyTransparencyLog =>
  log instanceof TransparencyLog ? asAnyLog(log) : log;

export interface Committee {
  escrow: EscrowCommittee;
  shares: { index: number; share: bigint }[];
}

export function committeeOf(epoch: number): Committee {
  const keys = ['ana', 'ben', 'cy', 'dee', 'eve'].map((n) => createMemberKeys(n));
  const committee = parseCommittee(createCommittee({ epoch, threshold: 3, members: keys.map((k) => k.card) }));
  const dealings = keys.map((k) => createDealing(committee, k.secret));
  const results = keys.map((k) => finalizeCommittee(committee, { dealings, secret: k.secret }));
  return { escrow: results[0]!.committee, shares: results.map((r) => r.share!) };
}

export async function fileRequest(
  log: TransparencyLog | AnyTransparencyLog,
  c: Committee,
  o: { decision: string; requester: string; legalBasis: string; requestedAt: number },
): Promise<LoggedUnmaskRequestFile> {
  const ciphertext = encryptEscrowIdentity({
    publicKey: c.escrow.publicKey,
    identity: { issuerIndex: 1, credentialIndex: 4242 },
  });
  return requestUnmaskingAsync(lift(log), { ...o, committee: c.escrow, ciphertext });
}

/** Members 1, 3 and 5 produce their shares; the combination appends the result record. */
export async function carryOut(
  log: TransparencyLog | AnyTransparencyLog,
  logKey: string,
  c: Committee,
  req: LoggedUnmaskRequestFile,
): Promise<number> {
  const common = {
    request: { index: req.index, payload: req.payload },
    inclusionProof: req.inclusionProof,
    checkpoint: req.checkpoint,
    logKey,
  };
  const shares = [1, 3, 5].map(
    (j) => shareForLoggedRequest({ ...common, committee: c.escrow, member: j, share: c.shares[j - 1]!.share }).share,
  );
  return (await combineForLoggedRequestAsync({ ...common, committee: c.escrow, shares, log: lift(log) })).resultIndex;
}
