/**
 * Unmasking goes through the transparency log first: a request is appended, members produce
 * decryption shares only for a request proved to be in the log under a signed checkpoint newer
 * than it, the combiner appends a digest-only result, and the auditor's listing shows every request
 * and its outcome. Real log (SQLite, RFC 6962 proofs, Ed25519 checkpoints), real DKG and shares.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { VouchError } from '../../src/errors/index.js';
import {
  combineForLoggedRequest,
  createCommittee,
  createDealing,
  createMemberKeys,
  encryptEscrowIdentity,
  finalizeCommittee,
  identityCommitment,
  listUnmaskings,
  parseCommittee,
  requestUnmasking,
  shareForLoggedRequest,
  encodeEscrowIdentity,
  createUnmaskRequest,
  type EscrowCommittee,
  type LoggedUnmaskRequestFile,
} from '../../src/escrow/index.js';
import { TransparencyLog, ed25519Signer, generateSignerSeed, inclusionProofToJson } from '../../src/log/index.js';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    if (err instanceof VouchError) return err.code;
    throw err;
  }
}

function committeeOf(epoch: number): { escrow: EscrowCommittee; shares: { index: number; share: bigint }[] } {
  const keys = ['ana', 'ben', 'cy', 'dee', 'eve'].map((n) => createMemberKeys(n));
  const committee = parseCommittee(createCommittee({ epoch, threshold: 3, members: keys.map((k) => k.card) }));
  const dealings = keys.map((k) => createDealing(committee, k.secret));
  const results = keys.map((k) => finalizeCommittee(committee, { dealings, secret: k.secret }));
  return { escrow: results[0]!.committee, shares: results.map((r) => r.share!) };
}

let log: TransparencyLog;
let logKey: string;
let escrow: EscrowCommittee;
let shares: { index: number; share: bigint }[];
const identity = { issuerIndex: 2, credentialIndex: 31337 };

function fileRequest(decision: string): LoggedUnmaskRequestFile {
  const ciphertext = encryptEscrowIdentity({ publicKey: escrow.publicKey, identity });
  return requestUnmasking(log, {
    decision,
    legalBasis: 'AMLR art. 50 order 2026/17',
    requester: 'FIU Germany',
    committee: escrow,
    ciphertext,
    requestedAt: 1_765_000_000,
  });
}

function memberShare(
  req: LoggedUnmaskRequestFile,
  j: number,
  over: { checkpoint?: string; inclusionProof?: unknown; escrow?: EscrowCommittee; payload?: unknown } = {},
) {
  return shareForLoggedRequest({
    request: { index: req.index, payload: over.payload ?? req.payload },
    inclusionProof: over.inclusionProof ?? req.inclusionProof,
    checkpoint: over.checkpoint ?? req.checkpoint,
    logKey,
    committee: over.escrow ?? escrow,
    member: j,
    share: shares[j - 1]!.share,
  }).share;
}

beforeAll(() => {
  const handle = openDatabase({ path: ':memory:' });
  const signer = ed25519Signer('vouch.test/log', generateSignerSeed());
  log = TransparencyLog.open({ db: handle.db, signer });
  logKey = signer.verifierKey;
  ({ escrow, shares } = committeeOf(1));
  log.appendEntry('hook-decision', { policy: 'p', verdict: 'admit' });
});

describe('unmasking through the log', () => {
  it('recovers the identity from 3 of 5 shares of a logged request, logs a digest-only result, and lists it', () => {
    const req = fileRequest('receipt:sha256:' + 'ab'.repeat(32));
    const ds = [1, 3, 5].map((j) => memberShare(req, j));
    const before = log.size();
    const out = combineForLoggedRequest({
      request: { index: req.index, payload: req.payload },
      inclusionProof: req.inclusionProof,
      checkpoint: req.checkpoint,
      logKey,
      committee: escrow,
      shares: ds,
      log,
    });
    expect(out.identity).toEqual(identity);
    expect(log.size()).toBe(before + 1);
    const entry = log.entry(out.resultIndex);
    expect(entry.kind).toBe('unmask-result');
    // the log holds a salted commitment, never the identity
    expect(entry.body).not.toContain(String(encodeEscrowIdentity(identity)));
    expect(entry.body).not.toContain('31337');
    expect(entry.payload.identityCommitment).toBe(
      identityCommitment(req.ref, encodeEscrowIdentity(identity), out.salt),
    );
    const all = Array.from({ length: log.size() }, (_, i) => log.entry(i));
    const listing = listUnmaskings(all);
    const rec = listing.unmaskings.find((u) => u.requestIndex === req.index)!;
    expect(rec).toMatchObject({
      request: req.ref,
      status: 'recovered',
      requester: 'FIU Germany',
      legalBasis: 'AMLR art. 50 order 2026/17',
      epoch: 1,
    });
    expect(rec.results).toEqual([
      {
        index: out.resultIndex,
        outcome: 'recovered',
        members: [1, 3, 5],
        identityCommitment: entry.payload.identityCommitment,
      },
    ]);
  });

  it('refuses a share for a request that is not in the log', () => {
    const real = fileRequest('log:0');
    const ciphertext = encryptEscrowIdentity({ publicKey: escrow.publicKey, identity });
    const unlogged = createUnmaskRequest({
      decision: 'log:0',
      legalBasis: 'none',
      requester: 'someone',
      committee: escrow,
      ciphertext,
      requestedAt: 1,
    });
    // the unlogged request presented with the real request's index and proof
    expect(codeOf(() => memberShare(real, 1, { payload: unlogged }))).toBe('UNMASK_NOT_LOGGED');
    // a proof of another entry
    const other = inclusionProofToJson(log.inclusionProof(0));
    expect(
      codeOf(() => memberShare(real, 1, { inclusionProof: { ...other, treeSize: real.inclusionProof.treeSize } })),
    ).toBe('UNMASK_NOT_LOGGED');
    // a tampered proof path
    const tampered = {
      ...real.inclusionProof,
      proof: real.inclusionProof.proof.map(() => Buffer.alloc(32, 7).toString('base64')),
    };
    expect(real.inclusionProof.proof.length).toBeGreaterThan(0);
    expect(codeOf(() => memberShare(real, 1, { inclusionProof: tampered }))).toBe('UNMASK_NOT_LOGGED');
  });

  it('refuses a checkpoint older than the request, and one not signed by the pinned log key', () => {
    const old = log.checkpoint().note; // before the request exists
    const req = fileRequest('log:1');
    expect(codeOf(() => memberShare(req, 2, { checkpoint: old }))).toBe('UNMASK_CHECKPOINT_STALE');
    const otherLog = TransparencyLog.open({
      db: openDatabase({ path: ':memory:' }).db,
      signer: ed25519Signer('vouch.test/log', generateSignerSeed()),
    });
    for (let i = 0; i <= req.index; i++) otherLog.appendEntry('hook-decision', { i });
    expect(codeOf(() => memberShare(req, 2, { checkpoint: otherLog.checkpoint().note }))).toBe(
      'CHECKPOINT_SIGNATURE_INVALID',
    );
    // a newer checkpoint (the log grew since) with a proof for that tree is fine
    log.appendEntry('hook-decision', { later: true });
    const cp = log.checkpoint();
    expect(
      memberShare(req, 2, {
        checkpoint: cp.note,
        inclusionProof: inclusionProofToJson(log.inclusionProof(req.index, cp.size)),
      }).member,
    ).toBe(2);
    // but the old proof does not fit the newer checkpoint's tree
    expect(codeOf(() => memberShare(req, 2, { checkpoint: cp.note }))).toBe('UNMASK_NOT_LOGGED');
  });

  it('refuses a request for a ciphertext under another committee key, and leaves the log as it was when combining fails', () => {
    const req = fileRequest('log:2');
    const next = committeeOf(2);
    expect(
      codeOf(() =>
        shareForLoggedRequest({
          request: req,
          inclusionProof: req.inclusionProof,
          checkpoint: req.checkpoint,
          logKey,
          committee: next.escrow,
          member: 1,
          share: next.shares[0]!.share,
        }),
      ),
    ).toBe('ESCROW_KEY_STALE');
    const ds = [1, 2].map((j) => memberShare(req, j));
    const size = log.size();
    expect(
      codeOf(() =>
        combineForLoggedRequest({
          request: req,
          inclusionProof: req.inclusionProof,
          checkpoint: req.checkpoint,
          logKey,
          committee: escrow,
          shares: ds,
          log,
        }),
      ),
    ).toBe('ESCROW_NOT_ENOUGH_SHARES');
    const forged = { ...memberShare(req, 3), share: ds[0]!.share };
    expect(
      codeOf(() =>
        combineForLoggedRequest({
          request: req,
          inclusionProof: req.inclusionProof,
          checkpoint: req.checkpoint,
          logKey,
          committee: escrow,
          shares: [...ds, forged],
          log,
        }),
      ),
    ).toBe('ESCROW_SHARE_INVALID');
    expect(log.size()).toBe(size);
    expect(
      listUnmaskings(Array.from({ length: log.size() }, (_, i) => log.entry(i))).unmaskings.find(
        (u) => u.requestIndex === req.index,
      )!.status,
    ).toBe('pending');
  });

  it('refuses malformed requests with UNMASK_REQUEST_INVALID', () => {
    const ciphertext = encryptEscrowIdentity({ publicKey: escrow.publicKey, identity });
    const base = {
      decision: 'log:0',
      legalBasis: 'order',
      requester: 'FIU',
      committee: escrow,
      ciphertext,
      requestedAt: 1,
    };
    expect(codeOf(() => createUnmaskRequest({ ...base, legalBasis: '' }))).toBe('UNMASK_REQUEST_INVALID');
    expect(codeOf(() => createUnmaskRequest({ ...base, requester: 'x'.repeat(129) }))).toBe('UNMASK_REQUEST_INVALID');
    expect(codeOf(() => createUnmaskRequest({ ...base, decision: 'line\nbreak' }))).toBe('UNMASK_REQUEST_INVALID');
    const size = log.size();
    expect(codeOf(() => requestUnmasking(log, { ...base, requester: ' padded' }))).toBe('UNMASK_REQUEST_INVALID');
    expect(log.size()).toBe(size);
  });
});
