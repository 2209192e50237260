/**
 * `vouch escrow …`: the identity-escrow committee and unmasking, every step a command over files
 * (src/escrow does the work):
 *
 *   keygen                  a member makes its keys (sealed in its data dir) and its public card
 *   committee init          anyone assembles the committee (k of n, epoch) from the members' cards
 *   committee deal          each member deals (its dealing is public)
 *   committee verify        each member checks every dealing and writes its complaints (public)
 *   committee finalize      each member computes the committee key and seals its own key share
 *   committee publish       the registry operator appends the committee key to the log
 *   request                 a requester files an unmasking request for a receipt signed by the
 *                           venue (checked against its JWKS): appended to the log first
 *   share                   a member's decryption share, only for a request proved in the log
 *                           under a signed checkpoint newer than it, checked against a pinned log key
 *   combine                 k checked shares → the escrow identity; a digest-only result is logged
 *   list                    every unmasking request in the log and its outcome
 *
 * Secrets (member keys, key shares) are opened from the keys-at-rest module only for the call that
 * needs them, never printed; the recovered identity goes only to the requester's --out file (0600).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { VouchError } from '../../errors/index.js';
import {
  combineForLoggedRequestAsync,
  createCommittee,
  createDealing,
  createMemberKeys,
  finalizeCommittee,
  listUnmaskings,
  parseCommittee,
  parseEscrowCommittee,
  publishEscrowCommittee,
  requestUnmaskingAsync,
  shareForLoggedRequest,
  type EscrowCommittee,
  type LoggedUnmaskRequestFile,
  loadKeyShare,
  loadMemberSecret,
  storeKeyShare,
  storeMemberSecret,
  verifyDealings,
} from '../../escrow/index.js';
import { publishEscrowCommitteePg } from '../../escrow/pg-publish-committee.js';
import { entriesUpTo } from '../../log/index.js';
import { emit, globalOptions, type GlobalOptions, type Registrar } from '../context.js';
import { assertOutputPath, json, readJson, readTextFile, writeOutput } from '../files.js';
import { readJwksFile, readVerifiedReceipt } from '../receipt-files.js';
import { requireDataDir, withCliLog } from '../state.js';
import { parseIndex } from './log.js';

const MAX_FILE = 4 * 1024 * 1024;

export const registerEscrow: Registrar = (program) => {
  const escrow = program
    .command('escrow')
    .description('identity escrow: the k-of-n committee, and unmasking a decision only through the transparency log');

  escrow
    .command('keygen')
    .description('make this member’s keys (sealed in the data dir) and write its public card for the committee')
    .requiredOption('--member <name>', 'the member’s name (a-z, 0-9, -)')
    .requiredOption('--out <file>', 'where to write the public card (JSON)')
    .option('--force', 'overwrite --out')
    .action((o: { member: string; out: string; force?: boolean }, cmd: Command) => {
      const opts = globalOptions(cmd);
      assertOutputPath(o.out, { overwrite: Boolean(o.force) });
      const { card, secret } = memberKeys(o.member);
      storeMemberSecret(opts.dataDir, secret);
      writeOutput(o.out, json(card), { overwrite: Boolean(o.force) });
      emit(
        opts,
        { member: card.name, out: o.out },
        `member ${card.name}: keys sealed in ${opts.dataDir}; public card in ${o.out}`,
      );
    });

  const committee = escrow
    .command('committee')
    .description('the committee’s key generation (no trusted dealer: every member deals)');

  committee
    .command('init')
    .description('assemble the committee from its members’ cards (member indices follow the order of --card)')
    .requiredOption('--card <file...>', 'each member’s public card (`vouch escrow keygen`), in order')
    .requiredOption('--threshold <k>', 'members needed to unmask (2 <= k <= n)', parseIndex)
    .requiredOption('--epoch <n>', 'the committee’s epoch (greater than the current committee’s)', parseIndex)
    .requiredOption('--out <file>', 'where to write the committee description (JSON)')
    .option('--force', 'overwrite --out')
    .action((o: { card: string[]; threshold: number; epoch: number; out: string; force?: boolean }, cmd: Command) => {
      const opts = globalOptions(cmd);
      assertOutputPath(o.out, { overwrite: Boolean(o.force) });
      const members = o.card.map((f) => readJson(f, MAX_FILE) as never);
      const description = createCommittee({ epoch: o.epoch, threshold: o.threshold, members });
      const id = parseCommittee(description).id;
      writeOutput(o.out, json(description), { overwrite: Boolean(o.force) });
      emit(
        opts,
        { committeeId: id, epoch: o.epoch, threshold: o.threshold, members: members.length, out: o.out },
        `committee ${id.slice(0, 16)}…: ${o.threshold} of ${members.length}, epoch ${o.epoch}, in ${o.out}`,
      );
    });

  committee
    .command('deal')
    .description(
      'this member’s dealing: its polynomial’s commitments and a share for every member, each encrypted to its recipient',
    )
    .requiredOption('--committee <file>', 'the committee description (`committee init`)')
    .requiredOption('--member <name>', 'this member (its keys are in the data dir)')
    .requiredOption('--out <file>', 'where to write the dealing (public JSON)')
    .option('--force', 'overwrite --out')
    .action((o: { committee: string; member: string; out: string; force?: boolean }, cmd: Command) => {
      const opts = memberOptions(cmd);
      assertOutputPath(o.out, { overwrite: Boolean(o.force) });
      const c = parseCommittee(readJson(o.committee, MAX_FILE));
      const dealing = createDealing(c, loadMemberSecret(opts.dataDir, o.member));
      writeOutput(o.out, json(dealing), { overwrite: Boolean(o.force) });
      emit(
        opts,
        { committeeId: c.id, dealer: dealing.dealer, out: o.out },
        `dealing of member ${dealing.dealer} in ${o.out}`,
      );
    });

  committee
    .command('verify')
    .description(
      'check every dealing (the share to this member against its dealer’s commitments) and write this member’s complaints',
    )
    .requiredOption('--committee <file>', 'the committee description')
    .requiredOption('--member <name>', 'this member')
    .requiredOption('--dealing <file...>', 'every member’s dealing')
    .requiredOption(
      '--out <file>',
      'where to write this member’s complaints (public JSON array; empty when all dealings hold)',
    )
    .option('--force', 'overwrite --out')
    .action(
      (o: { committee: string; member: string; dealing: string[]; out: string; force?: boolean }, cmd: Command) => {
        const opts = memberOptions(cmd);
        assertOutputPath(o.out, { overwrite: Boolean(o.force) });
        const c = parseCommittee(readJson(o.committee, MAX_FILE));
        const r = verifyDealings(
          c,
          loadMemberSecret(opts.dataDir, o.member),
          o.dealing.map((f) => readJson(f, MAX_FILE)),
        );
        writeOutput(o.out, json(r.complaints), { overwrite: Boolean(o.force) });
        emit(
          opts,
          { accepted: r.accepted, complaints: r.complaints.map((x) => x.dealer), refused: r.refused, out: o.out },
          `accepted the shares of dealers ${r.accepted.join(', ') || 'none'}; ${r.complaints.length} complaint(s)${r.refused.length ? `; ${r.refused.length} dealing(s) refused (${r.refused.map((x) => x.code).join(', ')})` : ''}; written to ${o.out}`,
        );
      },
    );

  committee
    .command('finalize')
    .description(
      'compute the committee key from the public transcript (dealings, complaints) and seal this member’s key share',
    )
    .requiredOption('--committee <file>', 'the committee description')
    .requiredOption('--member <name>', 'this member')
    .requiredOption('--dealing <file...>', 'every member’s dealing')
    .option('--complaints <file...>', 'every member’s complaints file (`committee verify`)')
    .requiredOption('--out <file>', 'where to write the committee key (public JSON: what the registry publishes)')
    .option('--force', 'overwrite --out')
    .action(
      (
        o: {
          committee: string;
          member: string;
          dealing: string[];
          complaints?: string[];
          out: string;
          force?: boolean;
        },
        cmd: Command,
      ) => {
        const opts = memberOptions(cmd);
        assertOutputPath(o.out, { overwrite: Boolean(o.force) });
        const c = parseCommittee(readJson(o.committee, MAX_FILE));
        const complaints = (o.complaints ?? []).flatMap((f) => {
          const v = readJson(f, MAX_FILE);
          if (!Array.isArray(v))
            throw new VouchError('INPUT_INVALID', `${f} must hold a JSON array of complaints`, {
              details: { path: f },
            });
          return v as unknown[];
        });
        const secret = loadMemberSecret(opts.dataDir, o.member);
        const r = finalizeCommittee(c, { dealings: o.dealing.map((f) => readJson(f, MAX_FILE)), complaints, secret });
        const share = r.share!;
        storeKeyShare(opts.dataDir, {
          committeeId: c.id,
          epoch: c.epoch,
          name: o.member,
          index: share.index,
          share: share.share,
        });
        writeOutput(o.out, json(r.key), { overwrite: Boolean(o.force) });
        emit(
          opts,
          {
            committeeId: c.id,
            member: share.index,
            qualified: r.key.qualified,
            disqualified: r.key.disqualified,
            transcriptDigest: r.key.transcriptDigest,
            out: o.out,
          },
          `committee key in ${o.out} (dealers ${r.key.qualified.join(', ')}); member ${share.index}'s key share sealed; compare transcript ${r.key.transcriptDigest.slice(0, 16)}… with the other members`,
        );
      },
    );

  committee
    .command('publish')
    .description(
      'append the committee key to this data dir’s transparency log: the registry then serves it as the current escrow committee',
    )
    .requiredOption('--key <file>', 'the committee key (`committee finalize`)')
    .action(async (o: { key: string }, cmd: Command) => {
      const opts = globalOptions(cmd); // creates state: the registry's log may start with this entry
      const key = readJson(o.key, MAX_FILE);
      const published = (p: { logIndex: number; committee: { committeeId: string; epoch: number } }) =>
        emit(
          opts,
          { logIndex: p.logIndex, committeeId: p.committee.committeeId, epoch: p.committee.epoch },
          `escrow committee of epoch ${p.committee.epoch} published at log index ${p.logIndex}`,
        );
      // VOUCH_DATABASE_URL: the log `vouch serve` on PostgreSQL serves (its registry and venues
      // read the committee there); the epoch is checked under the log's lock, so on the database itself
      await withCliLog(
        opts,
        async (_log, store) =>
          published(
            store.dialect === 'postgres'
              ? await publishEscrowCommitteePg({ db: store.db, log: store.log, committee: key })
              : publishEscrowCommittee({ db: store.db, log: store.log, committee: key }),
          ),
        { create: true }, // the data dir holds the log's checkpoint key, on either store
      );
    });

  escrow
    .command('request')
    .description(
      'file an unmasking request for one admitted decision: appended to the transparency log before any member may share',
    )
    .requiredOption('--receipt <file>', 'the decision’s receipt (compact JWS) carrying its escrow ciphertext')
    .requiredOption(
      '--jwks <file>',
      'the venue’s JWKS (its /.well-known/jwks.json, saved to a file): the receipt must be signed by one of its keys',
    )
    .requiredOption(
      '--committee-key <file>',
      'the committee key the ciphertext is for (committee key or registry.json)',
    )
    .requiredOption('--legal-basis <text>', 'the order or article the request rests on (public: no personal data)')
    .requiredOption('--requester <name>', 'the requesting institution (public)')
    .option('--now <unix>', 'the request time (default: now)', parseIndex)
    .requiredOption(
      '--out <file>',
      'where to write the logged request (with its inclusion proof and checkpoint) for the members',
    )
    .option('--force', 'overwrite --out')
    .action(
      async (
        o: {
          receipt: string;
          jwks: string;
          committeeKey: string;
          legalBasis: string;
          requester: string;
          now?: number;
          out: string;
          force?: boolean;
        },
        cmd: Command,
      ) => {
        const opts = globalOptions(cmd);
        requireDataDir(opts);
        assertOutputPath(o.out, { overwrite: Boolean(o.force) });
        // a forged or unsigned receipt is refused before anything is logged (RECEIPT_INVALID)
        const { jws } = await readVerifiedReceipt(o.receipt, readJwksFile(o.jwks));
        const escrow = receiptEscrow(jws, o.receipt);
        const c = committeeKey(o.committeeKey);
        if (escrow.committeeId !== c.committeeId || escrow.epoch !== c.epoch) {
          throw new VouchError(
            'ESCROW_KEY_STALE',
            `the receipt's ciphertext is for another escrow committee (epoch ${String(escrow.epoch)}) than ${o.committeeKey} (epoch ${c.epoch})`,
            { details: { epoch: c.epoch } },
          );
        }
        const ref = `receipt:sha256:${sha256Hex(jws)}`;
        // VOUCH_DATABASE_URL: the log `vouch serve` on PostgreSQL serves, where auditors and the members check it
        await withCliLog(opts, async (log) => {
          const file = await requestUnmaskingAsync(log, {
            decision: ref,
            legalBasis: o.legalBasis,
            requester: o.requester,
            committee: c,
            ciphertext: { c1: escrow.c1, c2: escrow.c2 },
            requestedAt: o.now ?? Math.floor(Date.now() / 1000),
          });
          writeOutput(o.out, json(file), { overwrite: Boolean(o.force) });
          emit(
            opts,
            { index: file.index, ref: file.ref, out: o.out },
            `unmasking request logged at index ${file.index} (${file.ref.slice(0, 16)}…); send ${o.out} to the committee members`,
          );
        });
      },
    );

  escrow
    .command('share')
    .description(
      'this member’s decryption share for a request — only once the request is proved in the log under a signed checkpoint newer than it',
    )
    .requiredOption('--request <file>', 'the logged request (`escrow request`)')
    .requiredOption('--committee-key <file>', 'this member’s committee key (committee key or registry.json)')
    .requiredOption('--member <name>', 'this member (its key share is sealed in the data dir)')
    .requiredOption('--log-key <key>', 'the log verifier key this member pinned (name+keyid+key), or a file holding it')
    .option('--checkpoint <file>', 'a signed checkpoint to check the request under (default: the request file’s)')
    .option(
      '--inclusion-proof <file>',
      'the request’s inclusion proof for that checkpoint’s tree (`vouch log inclusion --json`; default: the request file’s)',
    )
    .requiredOption('--out <file>', 'where to write the decryption share (public JSON, with its proof of correctness)')
    .option('--force', 'overwrite --out')
    .action(
      (
        o: {
          request: string;
          committeeKey: string;
          member: string;
          logKey: string;
          checkpoint?: string;
          inclusionProof?: string;
          out: string;
          force?: boolean;
        },
        cmd: Command,
      ) => {
        const opts = memberOptions(cmd);
        assertOutputPath(o.out, { overwrite: Boolean(o.force) });
        const req = requestFile(o.request);
        const c = committeeKey(o.committeeKey);
        const logged = loggedOptions(req, o);
        const mine = loadKeyShare(opts.dataDir, c.committeeId, o.member);
        const { share } = shareForLoggedRequest({ ...logged, committee: c, member: mine.index, share: mine.share });
        writeOutput(o.out, json(share), { overwrite: Boolean(o.force) });
        emit(
          opts,
          { member: share.member, request: share.request, out: o.out },
          `decryption share of member ${share.member} for request ${share.request.slice(0, 16)}… in ${o.out}`,
        );
      },
    );

  escrow
    .command('combine')
    .description(
      'check every share, combine k of them into the escrow identity, and append a digest-only result to the log',
    )
    .requiredOption('--request <file>', 'the logged request')
    .requiredOption('--committee-key <file>', 'the committee key (committee key or registry.json)')
    .requiredOption('--share <file...>', 'the members’ decryption shares (at least k)')
    .requiredOption('--log-key <key>', 'the log verifier key (name+keyid+key), or a file holding it')
    .requiredOption(
      '--out <file>',
      'where to write the recovered identity and the opening of the logged result (confidential, 0600)',
    )
    .option('--force', 'overwrite --out')
    .action(
      async (
        o: { request: string; committeeKey: string; share: string[]; logKey: string; out: string; force?: boolean },
        cmd: Command,
      ) => {
        const opts = globalOptions(cmd);
        requireDataDir(opts);
        assertOutputPath(o.out, { overwrite: Boolean(o.force) });
        const req = requestFile(o.request);
        const c = committeeKey(o.committeeKey);
        const shares = o.share.map((f) => readJson(f, MAX_FILE));
        const logged = loggedOptions(req, o);
        await withCliLog(opts, async (log) => {
          const out = await combineForLoggedRequestAsync({ ...logged, committee: c, shares, log });
          writeOutput(
            o.out,
            json({
              type: 'vouch-unmask-outcome',
              version: 1,
              request: out.result.request,
              identity: out.identity,
              salt: out.salt,
              resultIndex: out.resultIndex,
            }),
            { mode: 0o600, overwrite: Boolean(o.force) },
          );
          emit(
            opts,
            {
              resultIndex: out.resultIndex,
              members: out.result.members,
              identityCommitment: out.result.identityCommitment,
              out: o.out,
            },
            `unmasked with the shares of members ${out.result.members.join(', ')}; result logged at index ${out.resultIndex}; identity in ${o.out}`,
          );
        });
      },
    );

  escrow
    .command('list')
    .description(
      'every unmasking request in the log and its outcome (what an auditor checks): the data dir’s log, or the PostgreSQL one VOUCH_DATABASE_URL selects',
    )
    .action(async (_o: unknown, cmd: Command) => {
      const opts = globalOptions(cmd);
      await withCliLog(opts, async (log) => {
        const entries = (await entriesUpTo(log, await log.size())).filter(
          (e) => e.kind === 'unmask-request' || e.kind === 'unmask-result',
        );
        const listing = listUnmaskings(entries);
        const lines = listing.unmaskings.map(
          (u) =>
            `#${u.requestIndex} ${u.status} ${u.decision} requester=${JSON.stringify(u.requester)} basis=${JSON.stringify(u.legalBasis)}${u.results.length ? ` members=${u.results[0]!.members.join(',')} result=#${u.results[0]!.index}` : ''}`,
        );
        emit(opts, listing, lines.length ? lines.join('\n') : 'no unmasking requests in the log');
      });
    });
};

/** The member's data dir must exist (its keys are there). */
function memberOptions(cmd: Command): GlobalOptions {
  const opts = globalOptions(cmd);
  requireDataDir(opts);
  return opts;
}

function memberKeys(name: string): ReturnType<typeof createMemberKeys> {
  try {
    return createMemberKeys(name);
  } catch (err) {
    if (err instanceof RangeError)
      throw new VouchError('USAGE', '--member must be 1-32 of a-z, 0-9 and - (not leading)');
    throw err;
  }
}

/** The committee key file (`committee finalize`) or a registry.json naming it. */
function committeeKey(path: string): EscrowCommittee {
  const v = readJson(path, MAX_FILE) as { escrowCommittee?: unknown } | null;
  const inner =
    v !== null && typeof v === 'object' && !Array.isArray(v) && v.escrowCommittee !== undefined ? v.escrowCommittee : v;
  return parseEscrowCommittee(inner);
}

function requestFile(path: string): LoggedUnmaskRequestFile {
  const v = readJson(path, MAX_FILE) as Partial<LoggedUnmaskRequestFile> | null;
  if (v === null || typeof v !== 'object' || v.type !== 'vouch-unmask-request' || v.version !== 1) {
    throw new VouchError('UNMASK_REQUEST_INVALID', `${path} is not a logged unmasking request (vouch escrow request)`, {
      details: { path },
    });
  }
  return v as LoggedUnmaskRequestFile;
}

/** What verifyLoggedRequest needs: the request, its proof and checkpoint (the file's, or given), the pinned log key. */
function loggedOptions(
  req: LoggedUnmaskRequestFile,
  o: { logKey: string; checkpoint?: string; inclusionProof?: string },
) {
  const logKey = existsSync(o.logKey) ? readTextFile(o.logKey, 4096).trim() : o.logKey;
  return {
    request: { index: req.index, payload: req.payload },
    inclusionProof: o.inclusionProof !== undefined ? readJson(o.inclusionProof, MAX_FILE) : req.inclusionProof,
    checkpoint: o.checkpoint !== undefined ? readTextFile(o.checkpoint, 64 * 1024) : req.checkpoint,
    logKey,
  };
}

/** The escrow part of a receipt's payload (not its signature: the committee checks the log, not the venue). */
function receiptEscrow(
  jws: string,
  path: string,
): { committeeId?: unknown; epoch?: unknown; c1: { x: string; y: string }; c2: { x: string; y: string } } {
  let payload: { escrow?: { c1?: unknown; c2?: unknown } } | undefined;
  try {
    const parts = jws.split('.');
    if (parts.length !== 3) throw new Error('not a compact JWS');
    payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as typeof payload;
  } catch {
    throw new VouchError('RECEIPT_INVALID', `${path} is not a decision receipt (compact JWS)`, { details: { path } });
  }
  if (!payload || typeof payload !== 'object' || !payload.escrow)
    throw new VouchError(
      'ESCROW_CIPHERTEXT_MALFORMED',
      `the receipt in ${path} carries no escrow ciphertext (not a decision under an escrow-required policy)`,
      { details: { path } },
    );
  return payload.escrow as never;
}

function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
